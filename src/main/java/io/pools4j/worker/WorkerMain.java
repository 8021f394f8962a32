package io.pools4j.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The main class of a worker JVM: {@code WorkerMain <socket> <worker id> <name>}, with the
 * session key as the first line of stdin. It connects to the parent, proves it knows the key,
 * then reads frames until SHUTDOWN or until the parent goes away.
 *
 * <p><b>CPython:</b> {@code multiprocessing.spawn.spawn_main} / {@code _main} (reading the
 * preparation data from a pipe) followed by {@code process.py}'s {@code _process_worker}.
 *
 * <p>Parent death: the parent holds the write end of our stdin; when it dies, even by kill -9,
 * the kernel closes it and our read returns end of file, at once. Watching the parent's
 * {@link ProcessHandle} is the second line of defence, armed once the first task has been
 * answered (it costs 20–40 ms of class loading that the first result need not wait for). Either
 * way the JVM halts: a worker without its parent has nobody to answer to.
 *
 * <p>Start-up (docs/worker-startup.md): the main thread's path to the first result uses named
 * classes, not lambdas (the first lambda of a JVM initialises java.lang.invoke, ~10 ms), and
 * {@link Warmup} initialises serialization on a second thread while this one waits for the key,
 * the connection and the challenge.
 */
public final class WorkerMain {

    /** Our stdin, the parent-death watch's; the key line is read from System.in before it starts. */
    private static final FileChannel STDIN = new FileInputStream(FileDescriptor.in).getChannel();
    /** Set once SHUTDOWN is done, so that the watch takes the closing of stdin for what it is. */
    private static volatile boolean exiting;

    private WorkerMain() {}

    public static void main(String[] args) throws Exception {
        StartupTrace.mark("main");
        if (args.length == 1 && args[0].equals("--train")) {
            StartupCache.train();
            return;
        }
        if (args.length != 3) {
            System.err.println("usage: WorkerMain <socket path> <worker id> <name>, key on stdin; "
                    + "started by io.pools4j.worker.WorkerGroup, not by hand");
            System.exit(2);
        }
        Thread warmup = new Thread(new Warmup(), "pools4j-warmup");
        warmup.setDaemon(true);
        warmup.start();
        InputStream stdin = System.in;
        byte[] key = Auth.fromHex(readLine(stdin));
        StartupTrace.mark("key");
        Thread watch = new Thread(new StdinWatch(STDIN), "pools4j-parent-watch");
        watch.setDaemon(true);
        watch.start();
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
        StartupTrace.mark("connected");
        try {
            Auth.answerParent(socket, key, Long.parseLong(args[1]));
        } catch (SecurityException e) {
            System.err.println(args[2] + ": " + e.getMessage());
            System.exit(2);
        }
        StartupTrace.mark("authenticated");
        serve(new FrameChannel(socket), args[2]);
    }

    private static void serve(FrameChannel channel, String name) throws Exception {
        OutputSink sink = new OutputSink(channel);
        LineOutput out = new LineOutput(Payloads.STDOUT, sink);
        LineOutput err = new LineOutput(Payloads.STDERR, sink);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(new byte[0])); // stdin belongs to the parent-death watch
        Runtime.getRuntime().addShutdownHook(new Thread(new AtExit(out, err, channel), "pools4j-at-exit"));
        TaskRunner runner = new TaskRunner(channel, out, err);
        // The parent closed the connection: it is shutting us down or gone.
        Thread reader = new Thread(new Reader(channel, runner, WorkerMain::parentClosed), name + "-reader");
        reader.setDaemon(true);
        reader.start();
        StartupTrace.mark("serving");
        runner.runLoop(new ParentHandleWatch());
        OrderlyExit.runAll(); // e.g. items tasks put on a Queue that still wait in its feeder, as Python's worker joins its feeders
        // SHUTDOWN: every task before it has been answered. The JVM's exit waits up to 300 ms for
        // threads blocked in native reads (VM_Exit::wait_for_threads_in_native_to_block), which
        // ours are: closing both channels wakes them first, so the exit takes milliseconds.
        exiting = true;
        STDIN.close();
        channel.close();
        Runtime.getRuntime().halt(0);
    }

    /** The parent closed the connection: it is shutting us down or gone; unless we are exiting anyway. */
    private static void parentClosed() {
        if (!exiting) {
            Runtime.getRuntime().halt(0);
        }
    }

    /**
     * At a System.exit in a task (a {@code Process}'s child always ends so) or a SIGTERM: sends a
     * last line that has no newline yet, as Python flushes stdio at exit; then closes stdin and the
     * socket, whose reads would otherwise hold the JVM's exit for 300 ms (see serve()), with
     * {@link #exiting} set so that their watchers let the exit keep its status. A named class, not
     * a lambda: see the start-up note above.
     */
    private record AtExit(LineOutput out, LineOutput err, FrameChannel channel) implements Runnable {
        @Override
        public void run() {
            try {
                out.finishLine();
                err.finishLine();
            } catch (IOException e) {
                // the parent is gone: nobody to print to
            }
            exiting = true;
            try {
                STDIN.close();
            } catch (IOException e) {
                // closed already
            }
            channel.close();
        }
    }

    /** What tasks print, as OUTPUT frames. */
    private record OutputSink(FrameChannel channel) implements LineOutput.Sink {
        @Override
        public void line(byte stream, String text) throws IOException {
            channel.send(FrameType.OUTPUT, 0, Payloads.output(stream, text));
        }
    }

    /** The reader thread: frames from the parent, dispatched to the runner; {@code closed} runs at end of stream. */
    record Reader(FrameChannel channel, TaskRunner runner, Runnable closed) implements Runnable {
        @Override
        public void run() {
            try {
                while (true) {
                    Frame f = channel.receive();
                    if (f.type() == null) {
                        continue; // the parent never sends these; nothing to fail on this side
                    }
                    switch (f.type()) {
                        case TASK -> {
                            StartupTrace.mark("task-frame");
                            enqueue(f);
                        }
                        case CLASS_BYTES -> classBytes(f);
                        case CANCEL -> runner.cancel(f.taskId());
                        case SHUTDOWN -> runner.shutdown();
                        default -> { }
                    }
                }
            } catch (IOException e) {
                closed.run();
            }
        }

        private void classBytes(Frame f) throws IOException {
            Payloads.ClassBytes c;
            try {
                c = Payloads.classBytes(f.payload());
            } catch (IOException e) {
                // It fails its task only (the worker used to end here, taking every task with it).
                runner.classBytesLost(f.taskId(), new IOException("undecodable CLASS_BYTES frame for task "
                        + f.taskId() + ": " + e.getMessage(), e));
                return;
            }
            runner.classBytes(c);
        }

        private void enqueue(Frame f) throws IOException {
            try {
                runner.enqueue(f.taskId(), Payloads.task(f.payload()));
            } catch (IOException e) {
                // A TASK frame that does not decode fails that task only.
                channel.send(FrameType.ERROR, f.taskId(), RemoteErrors.encode(
                        new IOException("undecodable TASK frame for task " + f.taskId() + ": " + e.getMessage(), e)));
            }
        }
    }

    /**
     * First line of defence: end of file on stdin means the parent is gone. Read through a
     * FileChannel, which (unlike a FileInputStream) a close from another thread wakes.
     */
    private record StdinWatch(FileChannel stdin) implements Runnable {
        @Override
        public void run() {
            ByteBuffer buf = ByteBuffer.allocate(64);
            try {
                while (stdin.read(buf) >= 0) {
                    buf.clear(); // nothing else comes on stdin; we only wait for its end
                }
            } catch (IOException e) {
                // a broken pipe means the same as end of file; a close means we are exiting
            }
            if (!exiting) {
                Runtime.getRuntime().halt(1);
            }
        }
    }

    /** Second line of defence, armed by the runner after the first answer: the parent's process handle. */
    private static final class ParentHandleWatch implements Runnable {
        @Override
        public void run() {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0) {
            System.exit(2); // parent gone before sending the key
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
