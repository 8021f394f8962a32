package io.pools4j.futures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Gate} that works across JVMs: open means a file exists. A task in a worker JVM polls
 * for it; the test creates it. Polling is the price of crossing processes with nothing but the
 * file system; the park is short so that a task resumes within about a millisecond.
 */
public final class FileGate implements Gate {
    private static final long serialVersionUID = 1L;
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String path;

    public FileGate() {
        this.path = GatesDirectory.DIR.resolve(UUID.randomUUID().toString()).toString();
    }

    /**
     * One directory per test JVM, removed with everything in it when that JVM exits: gates opened
     * and arrivals recorded by worker JVMs (which end with halt, so their deleteOnExit never runs)
     * land here too.
     */
    private static final class GatesDirectory {
        static final Path DIR = create();

        private static Path create() {
            try {
                Path dir = Files.createTempDirectory("pools4j-gates-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "pools4j-gates-cleanup"));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a gates directory in java.io.tmpdir", e);
            }
        }

        private static void deleteTree(Path dir) {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // already gone
            }
            dir.toFile().delete();
        }
    }

    /** The gate at {@code path}: how a test hands a gate to a JVM it starts by hand. */
    public FileGate(String path) {
        this.path = path;
    }

    /** Where the gate's file is created when it opens. */
    public String path() {
        return path;
    }

    @Override
    public void await() {
        Path file = Path.of(path);
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gate " + path + " was never opened (waited 60 s)");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Records that {@code who} reached the gate: a file beside it, seen by {@link #awaitArrivals}. */
    void arrive(String who) {
        try {
            Files.writeString(Path.of(path + ".arrived." + who), who);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record an arrival at gate " + path, e);
        }
    }

    /** Waits until {@code n} different callers of {@link #arrive} are recorded; false after 30 s. */
    boolean awaitArrivals(int n) {
        Path gate = Path.of(path);
        String prefix = gate.getFileName() + ".arrived.";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(gate.getParent())) {
                if (files.filter(f -> f.getFileName().toString().startsWith(prefix)).count() >= n) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the gates directory", e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return false;
    }

    @Override
    public void open() {
        try {
            Files.createFile(Path.of(path));
        } catch (FileAlreadyExistsException e) {
            // opened twice: still open
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open gate " + path, e);
        }
    }
}
