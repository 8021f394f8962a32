package io.pools4j.worker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A set of worker JVMs sharing one session: a private directory, one listening Unix-domain
 * socket and one authentication key. Owners (the process pool executor, the multiprocessing
 * pool) open a group, {@link #launch()} workers and decide what runs where.
 *
 * <p><b>CPython:</b> the parts of {@code multiprocessing} that a pool's workers share: the
 * {@code Listener} with its {@code authkey}, the temp dir, and {@code util._exit_function}
 * which terminates children at exit.
 *
 * <p>Thread-safe: {@link #launch()} may be called from several threads at once, which is how an
 * owner starts N workers in parallel.
 */
public final class WorkerGroup implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerGroup.class.getName());
    /** Longer than any healthy start (~0.1 s) by far; a child that never connects is reported, not waited for. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** A connection that does not finish the challenge in this time is dropped (it may be an attacker's). */
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    /** Groups still open, for the JVM shutdown hook. */
    private static final Set<WorkerGroup> OPEN = ConcurrentHashMap.newKeySet();
    /** Run by the reaper, in order, before it kills what is left: see {@link #beforeReaping}. */
    private static final List<Runnable> BEFORE_REAPING = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Thread hook = new Thread(() -> {
            for (Runnable r : BEFORE_REAPING) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "an exit step before reaping the worker JVMs failed", e);
                }
            }
            OPEN.forEach(WorkerGroup::killAll);
            StartupCache.TRAINERS.forEach(Process::destroyForcibly);
        }, "pools4j-worker-reaper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private final WorkerOptions options;
    private final StartupCache cache;
    private final Path dir;
    private final Path socketPath;
    private final byte[] key = Auth.newKey();
    private final ServerSocketChannel listener;
    private final Map<Long, CompletableFuture<SocketChannel>> connecting = new ConcurrentHashMap<>();
    private final Set<WorkerHandle> workers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private WorkerGroup(WorkerOptions options) throws IOException {
        this.options = options;
        this.cache = new StartupCache(options);
        this.dir = SessionDir.create();
        this.socketPath = dir.resolve("w.sock");
        this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socketPath));
        OPEN.add(this);
        Thread.ofPlatform().daemon().name("pools4j-acceptor").start(this::acceptLoop);
    }

    /**
     * Builds the workers' AOT cache for {@code options} now (a few seconds, once per java, jar and
     * flags) unless it exists, so that the next workers start with it; otherwise the first group
     * builds it in the background and only workers started after that benefit.
     *
     * <p><b>CPython:</b> none; the nearest is {@code python -m compileall} filling __pycache__.
     *
     * @return the cache file, or null when these options cannot use one (class path not a jar,
     *         no cache directory) or building it failed (logged)
     */
    public static Path prepareStartupCache(WorkerOptions options) {
        return new StartupCache(options).buildNow();
    }

    /**
     * Runs {@code step} at this JVM's exit, on the shutdown hook that kills the worker JVMs, before
     * it kills them: a step that waits for some workers to end (a non-daemon {@code Process}) is
     * waited for. Shutdown hooks run in no set order, so a hook of its own could not promise that.
     *
     * <p><b>CPython:</b> {@code multiprocessing.util._exit_function}, which terminates the daemonic
     * children and joins the others before the finalizers run.
     */
    public static void beforeReaping(Runnable step) {
        BEFORE_REAPING.add(step);
    }

    /** Opens a session; no JVM starts until {@link #launch()}. */
    public static WorkerGroup open(WorkerOptions options) throws IOException {
        return new WorkerGroup(options);
    }

    public WorkerOptions options() {
        return options;
    }

    /** Workers launched and not yet known to be gone. */
    public List<WorkerHandle> workers() {
        return new ArrayList<>(workers);
    }

    /**
     * Starts one worker JVM and returns once it has connected and passed the challenge.
     *
     * @throws IOException when the JVM cannot start, exits before connecting (the message has its
     *                     exit code and stderr), or does not connect within 30 s
     */
    public WorkerHandle launch() throws IOException {
        if (closed) {
            throw new IllegalStateException("cannot launch a worker after the group was closed; open a new group");
        }
        long id = NEXT_ID.getAndIncrement();
        String name = options.namePrefix() + "-" + id;
        CompletableFuture<SocketChannel> connected = new CompletableFuture<>();
        connecting.put(id, connected);
        Process process = null;
        try {
            List<String> command = new ArrayList<>();
            command.add(options.javaBinary().toString());
            command.addAll(options.commandFlags());
            command.addAll(cache.flags());
            command.addAll(List.of("-Dpools4j.worker=" + name, "-cp", options.classPath(),
                    WorkerMain.class.getName(), socketPath.toString(), Long.toString(id), name));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            OutputStream stdin = process.getOutputStream();
            // The key goes on stdin, never the command line (ps shows that). Stdin stays open: its
            // end-of-file is how the child learns that we died, even by kill -9.
            stdin.write((Auth.toHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            StderrTail tail = StderrTail.start(process, name);
            SocketChannel channel = awaitConnection(connected, process, tail, name, command);
            WorkerHandle handle = new WorkerHandle(name, process, new FrameChannel(channel), tail, this::forget);
            workers.add(handle);
            return handle;
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            throw e;
        } finally {
            connecting.remove(id);
        }
    }

    private SocketChannel awaitConnection(CompletableFuture<SocketChannel> connected, Process process,
                                          StderrTail tail, String name, List<String> command) throws IOException {
        CompletableFuture<Object> first = CompletableFuture.anyOf(connected, process.onExit());
        try {
            first.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("worker JVM " + name + " (pid " + process.pid() + ") did not connect within "
                    + CONNECT_TIMEOUT.toSeconds() + " s; its output: " + tail.lines(), e);
        } catch (ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("waiting for worker JVM " + name + " failed", e);
        }
        if (!connected.isDone()) {
            tail.awaitEnd(Duration.ofSeconds(1));
            throw new IOException("worker JVM " + name + " exited with code " + process.exitValue()
                    + " before connecting; command: " + String.join(" ", command) + "; its output:\n    "
                    + String.join("\n    ", tail.lines()));
        }
        return connected.join();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accepting a worker connection failed", e);
                continue;
            }
            Thread.ofVirtual().name("pools4j-auth").start(() -> authenticate(ch));
        }
    }

    private void authenticate(SocketChannel ch) {
        // Blocking reads have no timeout: a peer that connects and stays silent is closed by this timer.
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(AUTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!done.isDone()) {
                closeQuietly(ch);
            }
        });
        try {
            long id = Auth.challengeChild(ch, key);
            done.complete(null);
            CompletableFuture<SocketChannel> waiting = connecting.get(id);
            if (waiting == null || !waiting.complete(ch)) {
                LOG.warning("authenticated worker connection for unknown or already connected worker id " + id + "; closed");
                closeQuietly(ch);
            }
        } catch (SecurityException | IOException e) {
            done.complete(null);
            LOG.warning("rejected a connection to " + socketPath + ": " + e.getMessage());
            closeQuietly(ch);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private void forget(WorkerHandle handle) {
        workers.remove(handle);
    }

    /** The socket workers connect to; for tests of the challenge. */
    Path socketPath() {
        return socketPath;
    }

    /** The keys of every open group (the forkserver's too), for the test that none leaks to a child's command line. */
    static List<byte[]> openKeys() {
        return OPEN.stream().map(g -> g.key.clone()).toList();
    }

    /** Kills every worker at once (no grace): the JVM shutdown hook and interrupt path. */
    public void killAll() {
        for (WorkerHandle w : workers) {
            w.kill();
        }
        SessionDir.delete(dir);
    }

    /**
     * Shuts every worker down (SHUTDOWN, then destroy, then destroyForcibly, each after
     * {@code grace}), stops accepting connections and removes the session directory.
     */
    public void close(Duration grace) {
        closed = true;
        WorkerHandle.shutdownAll(List.copyOf(workers), grace);
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the worker listener failed", e);
        }
        SessionDir.delete(dir);
        OPEN.remove(this);
    }

    /** {@link #close(Duration)} with a grace of 2 s per step. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
