package io.pools4j.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A private directory (mode 0700) for one group of workers: it holds the Unix-domain socket the
 * workers connect to. Removed when the group closes; directories of parents that died without
 * closing are swept when the next group starts.
 *
 * <p><b>CPython:</b> {@code multiprocessing.util.get_temp_dir} (a {@code pymp-*} directory
 * removed at exit) and the resource tracker's clean-up of what dead processes left.
 */
public final class SessionDir {

    private static final Logger LOG = Logger.getLogger(SessionDir.class.getName());
    private static final String PREFIX = "pools4j-";

    private SessionDir() {}

    /** /dev/shm where it exists (memory-backed, and where shared-memory segments go too), else java.io.tmpdir. */
    static Path base() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    static Path create() {
        Path base = base();
        sweep(base);
        return createPrivate(base, PREFIX, "worker session directory");
    }

    /**
     * A new directory {@code <prefix><pid>-<random>} in {@code base} that only this user can
     * enter (0700), named with this process's pid so that a sweep can tell when its owner is gone.
     *
     * @param what what it is for, in the error message
     * @throws UncheckedIOException if it cannot be created, saying where and what to check
     */
    public static Path createPrivate(Path base, String prefix, String what) {
        String name = prefix + ProcessHandle.current().pid() + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        try {
            return Files.createDirectory(base.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + what + " in " + base
                    + "; check that it exists and is writable, or set -Djava.io.tmpdir", e);
        }
    }

    /** Removes session directories whose owner process is gone. */
    static void sweep(Path base) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path dir : dirs) {
                String[] parts = dir.getFileName().toString().split("-");
                if (parts.length == 3 && Files.isWritable(dir)) {
                    try {
                        long pid = Long.parseLong(parts[1]);
                        if (ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true)) {
                            delete(dir);
                        }
                    } catch (NumberFormatException e) {
                        // not one of ours
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "sweeping old pools4j session directories in " + base + " failed", e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete session directory " + dir, e);
        }
    }
}
