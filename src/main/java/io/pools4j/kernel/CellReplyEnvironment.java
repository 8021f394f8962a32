package io.pools4j.kernel;

import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.channels.StdinChannel;
import io.github.spencerpark.jupyter.messages.ContentType;
import io.github.spencerpark.jupyter.messages.MessageContext;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishError;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;

/**
 * The reply environment of one shell request, as the pools4j kernel wants it: printed text goes
 * out in batches ({@link OutputBatcher}), and a cell's error is named after the exception the
 * user's code threw.
 *
 * <p><b>ipykernel:</b> {@code OutStream}'s batching, and the {@code ename}/{@code evalue} of an
 * error ({@code ZeroDivisionError}, {@code division by zero}), which Jupyter shows as the error's
 * header. basekernel names an error after the Java exception it was given, which for every
 * failed cell is the kernel's own {@link EvaluationException}.
 */
final class CellReplyEnvironment extends ShellReplyEnvironment {

    private final OutputBatcher output = new OutputBatcher(this::send);
    /** The name and message to report for this request's error; set by the kernel's shell thread. */
    private volatile ErrorName errorName;

    /** An error's {@code ename} and {@code evalue}, as IPython reports them, and the cell's execution count. */
    record ErrorName(String name, String value, int executionCount) {}

    CellReplyEnvironment(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context) {
        super(shell, stdin, iopub, context);
    }

    /** Names the error this request is about to report: the user's exception instead of the kernel's wrapper. */
    void nameError(ErrorName name) {
        this.errorName = name;
    }

    @Override
    public void writeToStdOut(String text) {
        output.write(OutputBatcher.Stream.OUT, text);
    }

    @Override
    public void writeToStdErr(String text) {
        output.write(OutputBatcher.Stream.ERR, text);
    }

    @Override
    public <T extends ContentType<T>> void publish(T content) {
        output.flush();
        if (content instanceof PublishError error && errorName != null) {
            super.publish(new PublishError(errorName.name(), errorName.value(), error.getStacktrace()));
            return;
        }
        super.publish(content);
    }

    @Override
    public <T extends ContentType<T>> void reply(T content) {
        output.flush();
        super.reply(content);
    }

    @Override
    public void replyError(MessageType<?> type, ErrorReply error) {
        output.flush();
        if (errorName != null) {
            ErrorReply named = new ErrorReply(errorName.name(), errorName.value(), error.getStacktrace());
            named.setExecutionCount(errorName.executionCount());
            error = named;
        }
        super.replyError(type, error);
    }

    @Override
    public void resolveDeferrals() {
        output.flush(); // what the cell printed goes out before the kernel reports itself idle
        super.resolveDeferrals();
    }

    private void send(OutputBatcher.Stream stream, String text) {
        super.publish(new PublishStream(
                stream == OutputBatcher.Stream.OUT ? PublishStream.StreamType.OUT : PublishStream.StreamType.ERR, text));
    }
}
