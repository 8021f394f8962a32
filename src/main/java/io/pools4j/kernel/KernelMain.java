package io.pools4j.kernel;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the pools4j kernel on the connection file Jupyter passes
 * ({@code java ... io.pools4j.kernel.KernelMain <connection-file>}).
 *
 * <p><b>IPython:</b> {@code python -m ipykernel_launcher -f <connection-file>}.
 * <b>IJava:</b> {@code IJava.main}.
 */
public final class KernelMain {

    /**
     * The root logger: basekernel logs every message at INFO on stderr through loggers named
     * after its channels ("Shell-0"), so only the root level quiets them. Held in a field
     * because a logger's level is lost when the logger is garbage collected.
     */
    private static final Logger ROOT_LOG = Logger.getLogger("");

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain <connection-file>; Jupyter passes it as {connection_file} in kernel.json");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            System.err.println("connection file not found: " + connectionFile.toAbsolutePath()
                    + "; start the kernel from Jupyter, which writes it");
            System.exit(2);
        }
        ROOT_LOG.setLevel(Level.WARNING);
        exitWhenParentEnds();
        try {
            serve(connectionFile);
        } catch (Exception | Error e) {
            // Threads JShell or a pool started would keep a half-started kernel alive, and Jupyter
            // would wait for an answer that never comes: a kernel that cannot start ends.
            System.err.println("pools4j kernel: could not start:");
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void serve(Path connectionFile) throws Exception {
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        // The connection's set-up (ZeroMQ, the message signer) runs on a second core while JShell
        // starts and runs the start-up script, the longest part of the kernel's start. Requests
        // are handled only after connect(), once JShell and the script are ready: the first one
        // waits in ZeroMQ's queue instead of racing the kernel's initialisation.
        FutureTask<KernelConnection> connecting = new FutureTask<>(() -> new KernelConnection(props));
        Thread.ofPlatform().name("pools4j-kernel-connecting").start(connecting);
        JavaKernel kernel = new JavaKernel(KernelSettings.fromEnvironment());
        KernelConnection connection;
        try {
            connection = connecting.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        kernel.becomeHandlerForConnection(connection);
        try {
            connection.connect();
        } catch (RuntimeException e) {
            // Jupyter chose the ports and another process took one before this kernel could bind it
            // (jupyter_client frees a port between choosing it and the kernel's start). Exit now, so
            // that Jupyter sees a dead kernel and restarts it on new ports (its restarter's
            // random_ports_until_alive), instead of a live process that never answers.
            System.err.println("pools4j kernel: cannot listen on the ports of " + connectionFile + " (" + e.getMessage()
                    + "); another process took one after Jupyter chose them. Exiting, so that Jupyter starts the "
                    + "kernel again on new ports");
            System.exit(1);
        }
        connection.waitUntilClose();
        // Non-daemon threads started by cells (pools the user left open) must not keep a
        // kernel alive that Jupyter has shut down.
        System.exit(0);
    }

    /**
     * Ends the kernel (and with it its pools and their child JVMs) when the process that started it
     * is gone: a Jupyter server or test harness killed without shutting its kernels down must not
     * leave them running. That process is {@code JPY_PARENT_PID}, which jupyter_client sets, or
     * else this JVM's parent.
     *
     * <p><b>ipykernel:</b> {@code ipykernel.parentpoller.ParentPollerUnix}.
     */
    private static void exitWhenParentEnds() {
        Optional<ProcessHandle> parent;
        try {
            String jupyter = System.getenv("JPY_PARENT_PID");
            parent = jupyter != null ? ProcessHandle.of(Long.parseLong(jupyter.strip())) : ProcessHandle.current().parent();
        } catch (NumberFormatException e) {
            parent = ProcessHandle.current().parent();
        }
        parent.ifPresent(p -> p.onExit().thenRun(() -> {
            System.err.println("pools4j kernel: the process that started it (pid " + p.pid() + ") has ended; exiting");
            System.exit(0);
        }));
    }
}
