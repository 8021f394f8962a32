package io.pools4j.shm;

import io.pools4j.worker.SessionDir;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * This JVM's directory of shared-memory files: {@code /dev/shm/pools4j-shm-<pid>-<random>} (mode
 * 0700; java.io.tmpdir where there is no /dev/shm). Created on first use, after a sweep that removes
 * the directories of owners that are gone; removed when this JVM exits. A file stays mapped in
 * every process that mapped it after the directory is gone (unlinking does not unmap), so a child
 * that outlives its parent keeps working on what it holds.
 *
 * <p>Names of named blocks ({@code SharedMemory}, which live in /dev/shm itself as Python's do) are
 * recorded here as empty marker files {@code block-<name>}, so that the sweep unlinks those of a
 * dead owner too.
 *
 * <p><b>CPython:</b> {@code multiprocessing.util.get_temp_dir} plus the resource tracker's
 * clean-up of shared memory leaked by processes that died.
 */
public final class ShmSession {

    private static final Logger LOG = Logger.getLogger(ShmSession.class.getName());
    /** Distinct from the worker session directories ({@code pools4j-<pid>-<random>}), which their own sweep owns. */
    static final String PREFIX = "pools4j-shm-";
    static final String BLOCK_MARKER = "block-";

    private static final AtomicLong NEXT_FILE = new AtomicLong();
    private static volatile Path dir;

    private ShmSession() {}

    /** The directory shared-memory files go into: /dev/shm where it exists and is writable. */
    public static Path base() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** This JVM's session directory, created (and old ones swept) on first call. */
    public static Path dir() {
        Path d = dir;
        if (d == null) {
            synchronized (ShmSession.class) {
                d = dir;
                if (d == null) {
                    d = create(base());
                    Path created = d;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(created), "pools4j-shm-cleanup"));
                    dir = d;
                }
            }
        }
        return d;
    }

    /** A fresh file name in the session directory, e.g. {@code queue-7}; the file is not created. */
    public static Path newFile(String kind) {
        return dir().resolve(kind + "-" + NEXT_FILE.incrementAndGet());
    }

    static Path create(Path base) {
        sweep(base);
        return SessionDir.createPrivate(base, PREFIX, "shared-memory session directory");
    }

    /**
     * Removes the session directories in {@code base} whose owner process is gone, and the named
     * blocks they list.
     *
     * @return how many directories were removed
     */
    public static int sweep(Path base) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path d : dirs) {
                long pid = ownerPid(d.getFileName().toString());
                if (pid > 0 && Files.isWritable(d) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                    delete(d);
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "sweeping old pools4j shared-memory directories in " + base + " failed", e);
        }
        return removed;
    }

    /** The pid in {@code pools4j-shm-<pid>-<random>}, or -1 when the name is not one of ours. */
    static long ownerPid(String name) {
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        String[] parts = name.substring(PREFIX.length()).split("-");
        if (parts.length != 2) {
            return -1;
        }
        try {
            return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Records that this JVM created the named block {@code file}, so that it is unlinked with the session. */
    public static void trackBlock(Path file) {
        try {
            Files.createFile(dir().resolve(BLOCK_MARKER + file.getFileName()));
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot record shared-memory block " + file, e);
        }
    }

    /** Forgets a block recorded by {@link #trackBlock} (it was unlinked by hand). */
    public static void untrackBlock(Path file) {
        try {
            Files.deleteIfExists(dir().resolve(BLOCK_MARKER + file.getFileName()));
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot forget shared-memory block " + file, e);
        }
    }

    static void delete(Path d) {
        try (Stream<Path> paths = Files.walk(d)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    String name = p.getFileName().toString();
                    if (name.startsWith(BLOCK_MARKER) && p.getParent().equals(d)) {
                        Files.deleteIfExists(d.getParent().resolve(name.substring(BLOCK_MARKER.length())));
                    }
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete shared-memory directory " + d, e);
        }
    }
}
