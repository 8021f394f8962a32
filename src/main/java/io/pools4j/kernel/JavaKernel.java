package io.pools4j.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.reply.InterruptReply;
import io.pools4j.Interrupts;
import io.pools4j.notebook.Notebook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pools4j Jupyter kernel: JShell with local execution behind the Jupyter protocol of
 * jupyter-jvm-basekernel, with magics, rich display and an interrupt that reaches the pools.
 *
 * <p><b>IPython:</b> {@code ipykernel.ipkernel.IPythonKernel}. <b>IJava:</b> {@code JavaKernel}.
 *
 * <p>Threads: cells, completion and inspection run on the shell channel's thread; interrupt
 * and shutdown requests arrive on the control channel's thread while a cell may be running.
 */
public final class JavaKernel extends BaseKernel {

    private final ReplEngine engine;
    private final CellRunner cells;
    private final Completion completion;
    private final IdleStandbys idleStandbys;
    /** The connection whose requests this kernel answers, when it is ours (tests may give basekernel's). */
    private volatile KernelConnection connection;
    private final LanguageInfo languageInfo = new LanguageInfo(
            "java", Runtime.version().toString(), "text/x-java-source", ".jshell", "java", "java", null);

    /** Starts JShell, runs the start-up script and connects {@code display(...)} to this kernel. */
    public JavaKernel(KernelSettings settings) {
        this.engine = new ReplEngine();
        this.cells = new CellRunner(engine, settings);
        this.completion = new Completion(engine);
        if (settings.startupScript() != null) {
            StartupScript.run(engine, settings.startupScript(), System.err);
        }
        Display.attach(this::displayBundle);
        Notebook.install(new KernelFrontend(this));
        this.idleStandbys = new IdleStandbys(settings.standbys(), settings.standbyIdle());
        idleStandbys.start();
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        if (connection instanceof KernelConnection ours) {
            this.connection = ours;
        }
        // basekernel 2.3.0 declares interrupt_request but does not handle it; the control
        // channel has its own thread, so this runs while the shell thread is busy in a cell.
        connection.setHandler(MessageType.INTERRUPT_REQUEST, (env, request) -> {
            interrupt();
            env.reply(new InterruptReply());
        });
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        int count = executionCount.get() - 1;
        ReplEngine.Value value;
        idleStandbys.cellStarted();
        try {
            value = cells.run(code, "In [" + count + "]");
        } catch (EvaluationException e) {
            nameError(e, count);
            throw e;
        } finally {
            idleStandbys.cellEnded();
        }
        if (value == null || isTheCellsOwnOutput(value.object())) {
            return null;
        }
        return toDisplayData(Display.render(value.object(), value.text()));
    }

    /**
     * Reports a failed cell under the name of the exception the user's code threw
     * ({@code ArithmeticException}, message {@code / by zero}), as IPython reports
     * {@code ZeroDivisionError}, rather than under the kernel's {@link EvaluationException}.
     */
    private void nameError(EvaluationException e, int count) {
        KernelConnection ours = connection;
        CellReplyEnvironment env = ours == null ? null : ours.current();
        if (env != null) {
            String className = e.exceptionClassName();
            env.nameError(new CellReplyEnvironment.ErrorName(
                    className.substring(className.lastIndexOf('.') + 1), e.exceptionMessage(), count));
        }
    }

    /**
     * Whether a cell's value is System.out or System.err itself, which is what a last line such as
     * {@code System.out.printf(...)} or {@code .format(...)} returns: Python's {@code print}
     * returns None and shows nothing, and {@code java.io.PrintStream@5917c490} tells a learner nothing.
     */
    private static boolean isTheCellsOwnOutput(Object value) {
        return value != null && (value == System.out || value == System.err);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String text = completion.documentation(code, at, extraDetail);
        return text == null ? null : new DisplayData(text);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return completion.complete(code, at);
    }

    @Override
    public String isComplete(String code) {
        return completion.isComplete(code);
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " · pools4j kernel (JShell, local execution). %help lists the magics.";
    }

    /** Cancels pool work first (so no task starts after the cell is gone), then stops the cell. */
    @Override
    public void interrupt() {
        Interrupts.interruptAll();
        engine.stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        Display.attach(null);
        Notebook.install(null);
        Interrupts.interruptAll();
        engine.stop();
        engine.close();
    }

    @Override
    public List<String> formatError(Exception e) {
        List<String> lines = new ArrayList<>();
        switch (e) {
            case CompilationException ce -> lines.addAll(errorStyler.secondaryLines(String.join("\n", ce.lines())));
            case EvaluationException ee -> lines.addAll(errorStyler.secondaryLines(String.join("\n", ee.traceLines())));
            case CellInterruptedException ie -> lines.add(errorStyler.secondary(ie.getMessage()));
            case MagicException me -> lines.add(errorStyler.secondary(me.getMessage()));
            default -> lines.addAll(super.formatError(e));
        }
        return lines;
    }

    private void displayBundle(Map<String, String> bundle) {
        display(toDisplayData(bundle));
    }

    /** A renderer's MIME bundle as basekernel's display data. */
    static DisplayData toDisplayData(Map<String, String> bundle) {
        DisplayData data = new DisplayData();
        bundle.forEach(data::putData);
        return data;
    }
}
