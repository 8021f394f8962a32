package io.pools4j.worker;

import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The worker's JDK 25 AOT cache (JEP 483/514): classes of the JDK and of pools4j loaded and
 * linked ahead of time, so that a worker reaches its first task sooner. Built once per
 * (java, jar, flags) into the cache directory by a training run of {@code WorkerMain --train} in
 * the background, then reused by every worker started after it exists.
 *
 * <p><b>CPython:</b> none; the nearest is the {@code __pycache__} bytecode cache, or the
 * forkserver start method, which pays start-up once.
 *
 * <p>Only for a jar class path: the JVM refuses an AOT cache whose class path has directories,
 * so workers started from target/classes (tests) run without one.
 */
final class StartupCache {

    private static final Logger LOG = Logger.getLogger(StartupCache.class.getName());
    /** Cache files being built by this JVM: one training per cache file, however many groups. */
    private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();
    /** Training JVMs still running, killed by the shutdown hook of {@link WorkerGroup} if needed. */
    static final Set<Process> TRAINERS = ConcurrentHashMap.newKeySet();

    private final WorkerOptions options;
    private final Path file;

    StartupCache(WorkerOptions options) {
        this.options = options;
        this.file = options.cacheDir() == null || !jarsOnly(options.classPath())
                || !PoolFlags.keepStartupCache(options.poolFlags()) ? null
                : options.cacheDir().resolve("worker-" + key(options) + ".aot");
    }

    /** JVM flags for the next worker: use the cache if it is there, else start building it. */
    List<String> flags() {
        if (file == null) {
            return List.of();
        }
        if (Files.isRegularFile(file)) {
            return List.of("-XX:AOTCache=" + file);
        }
        if (TRAINING.add(file)) {
            Thread.ofVirtual().name("pools4j-aot-training").start(this::build);
        }
        return List.of();
    }

    /**
     * Builds the cache now, in this thread, unless it exists; returns it, or null when these
     * options cannot have one (a class path that is not a jar, no cache directory) or the build
     * failed (logged). For benchmarks and install scripts: "built once, reused" made explicit.
     */
    Path buildNow() {
        if (file == null) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            if (TRAINING.add(file)) {
                build();
            } else {
                // A group of this JVM is building it in the background: wait for its file.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(130);
                while (!Files.isRegularFile(file) && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(50); // another thread writes a file: no event to wait on
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
            }
        }
        return Files.isRegularFile(file) ? file : null;
    }

    private void build() {
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            List<String> command = new ArrayList<>();
            command.add(options.javaBinary().toString());
            command.addAll(options.jvmFlags());
            command.addAll(List.of("-XX:AOTCacheOutput=" + tmp, "-cp", options.classPath(),
                    WorkerMain.class.getName(), "--train"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            TRAINERS.add(p);
            try {
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(tmp)) {
                    // Atomic, so that a worker never sees half a cache file.
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    prune(file);
                } else {
                    p.destroyForcibly();
                    LOG.warning("building the worker AOT cache " + file + " failed; workers start without it");
                }
            } finally {
                TRAINERS.remove(p);
            }
        } catch (IOException | InterruptedException e) {
            LOG.log(Level.WARNING, "building the worker AOT cache " + file + " failed; workers start without it", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
                // The JVM's own temporary training file, left behind when the trainer is killed.
                Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".config"));
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot delete " + tmp, e);
            }
        }
    }

    /** Caches kept besides the newest: one per recent build of the jar, so that switching back is free. */
    private static final int KEEP = 3;
    /** A temporary training file this old belongs to a trainer that is gone. */
    private static final long STALE_TMP_MILLIS = TimeUnit.MINUTES.toMillis(10);

    /**
     * Every build of the jar has its own cache (~15 MB): beside {@code file}, keeps the newest
     * {@link #KEEP} and deletes older ones and temporary files of trainers that were killed, so that
     * the cache directory does not grow with every rebuild.
     */
    static void prune(Path file) {
        try (var files = Files.list(file.getParent())) {
            List<Path> caches = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.startsWith("worker-") || f.equals(file)) {
                    continue;
                }
                if (name.endsWith(".aot")) {
                    caches.add(f);
                } else if (name.contains(".tmp") && now - Files.getLastModifiedTime(f).toMillis() > STALE_TMP_MILLIS) {
                    Files.deleteIfExists(f);
                }
            }
            caches.sort(java.util.Comparator.comparing((Path f) -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                    return 0L;
                }
            }).reversed());
            for (Path old : caches.subList(Math.min(KEEP, caches.size()), caches.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "pruning old worker AOT caches in " + file.getParent() + " failed", e);
        }
    }

    /** Whether every class path entry is a jar: the JVM refuses an AOT cache for a directory entry. */
    static boolean jarsOnly(String classPath) {
        return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator)).allMatch(e -> e.endsWith(".jar"));
    }

    private static String key(WorkerOptions o) {
        StringBuilder identity = new StringBuilder(o.javaBinary() + "|" + Runtime.version() + "|" + o.jvmFlags());
        for (String entry : o.classPath().split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            try {
                identity.append('|').append(jar.toRealPath()).append('|').append(Files.size(jar))
                        .append('|').append(Files.getLastModifiedTime(jar).toMillis());
            } catch (IOException e) {
                identity.append('|').append(jar);
            }
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            return Integer.toHexString(identity.toString().hashCode());
        }
    }

    private static long square(long x) {
        return x * x;
    }

    /** Tasks of the training run: enough for the JIT to profile the task path (JEP 515 keeps the profiles). */
    private static final int TRAINING_TASKS = 20_000;
    /** Tasks sent per round of the training run, like a busy pool's batches. */
    private static final int TRAINING_BATCH = 64;

    /**
     * The training run ({@code WorkerMain --train}): a worker's start and its task path, in one
     * process, so that the AOT cache records those classes and the profiles of the code that runs
     * every task. The worker half is the real one ({@link TaskRunner} fed by {@link WorkerMain.Reader});
     * the parent half sends {@link #TRAINING_TASKS} tasks as {@code submit(fn, arg)} does, in
     * batches, then one that throws, then SHUTDOWN.
     */
    static void train() throws Exception {
        new Warmup().run();
        Path dir = Files.createTempDirectory("pools4j-train");
        Path sock = dir.resolve("t.sock");
        byte[] key = Auth.newKey();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<Void> child = CompletableFuture.runAsync(() -> {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(sock));
                    Auth.answerParent(ch, key, 1);
                    FrameChannel fc = new FrameChannel(ch);
                    LineOutput.Sink discard = (stream, text) -> { };
                    TaskRunner runner = new TaskRunner(fc, new LineOutput(Payloads.STDOUT, discard),
                            new LineOutput(Payloads.STDERR, discard));
                    Thread reader = new Thread(new WorkerMain.Reader(fc, runner, () -> { }), "pools4j-train-reader");
                    reader.setDaemon(true);
                    reader.start();
                    runner.runLoop(() -> { });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SocketChannel ch = server.accept()) {
                Auth.challengeChild(ch, key);
                trainParentHalf(new FrameChannel(ch));
            }
            child.join();
        } finally {
            SessionDir.delete(dir);
        }
    }

    private static void trainParentHalf(FrameChannel fc) throws Exception {
        List<ClassLoader> loaders = List.of(StartupCache.class.getClassLoader());
        Fn1<Long, Long> square = StartupCache::square;
        byte[] code = Serial.serialize(square);
        for (int sent = 0; sent < TRAINING_TASKS; sent += TRAINING_BATCH) {
            for (int i = 0; i < TRAINING_BATCH; i++) {
                long id = sent + i + 1;
                fc.queue(new Frame(FrameType.TASK, id, Payloads.task(new Payloads.Task(0, Payloads.CALL_STATELESS, 1,
                        id == 1 ? code : null, Values.encodeArgs(new Object[] {id}), List.of()))));
            }
            fc.flush();
            for (int i = 0; i < TRAINING_BATCH; i++) {
                Values.decode(fc.receive().payload(), loaders);
            }
        }
        Fn0<Object> fails = () -> {
            throw new IllegalStateException("training");
        };
        fc.send(FrameType.TASK, 0, Payloads.task(new Payloads.Task(0, Serial.serialize(fails), List.of())));
        RemoteErrors.rebuild(fc.receive().payload(), ProcessHandle.current().pid(), loaders);
        fc.send(FrameType.SHUTDOWN, 0, Frame.EMPTY);
    }
}
