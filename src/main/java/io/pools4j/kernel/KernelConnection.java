package io.pools4j.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.MessageContext;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

/**
 * The kernel's ZeroMQ connection to Jupyter (basekernel's), whose shell requests each get a
 * {@link CellReplyEnvironment}: batched output and errors named after the user's exception.
 *
 * <p><b>ipykernel:</b> the session and sockets of {@code ipykernel.kernelapp.IPKernelApp}.
 */
final class KernelConnection extends JupyterConnection {

    /** The environment of the shell request being handled; requests are handled one at a time. */
    private volatile CellReplyEnvironment current;

    KernelConnection(KernelConnectionProperties properties) throws NoSuchAlgorithmException, InvalidKeyException {
        super(properties);
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel channel, MessageContext context) {
        CellReplyEnvironment env = new CellReplyEnvironment(channel, stdin, iopub, context);
        if (channel == shell) {
            current = env; // the control channel's requests (interrupt, shutdown) run beside a cell
        }
        return env;
    }

    /** The running shell request's environment, or null before the first one. */
    CellReplyEnvironment current() {
        return current;
    }
}
