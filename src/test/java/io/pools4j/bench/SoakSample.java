package io.pools4j.bench;

import io.pools4j.worker.Forkserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What this JVM holds at one moment of the soak: resident memory and the heap in use after a
 * collection, open file descriptors, live threads, session directories, child JVMs.
 *
 * <p><b>Python:</b> what CPython's test suite checks around each test with
 * {@code support.reap_children}, {@code threading_helper.threading_cleanup} and
 * {@code support.fd_count}, plus the RSS that a leak would grow.
 *
 * @param rssKib      VmRSS from /proc/self/status, after a GC
 * @param rssAnonKib  its anonymous part, RssAnon: heap, stacks, malloc (where a native leak would be)
 * @param rssFileKib  its file-backed part, RssFile: libjvm.so, the CDS archive, jars, paged in as code
 *                    paths are first used (RssShmem, the third part, is shared-memory segments)
 * @param heapKib     heap in use after the same GC (where a leak of Java objects shows first)
 * @param nonHeapKib  committed memory outside the heap that the JVM accounts for: metaspace (classes,
 *                    e.g. of loaders never freed) and the code cache (compiled code, which grows as the JIT warms)
 * @param fds         entries of /proc/self/fd
 * @param threads     live Java threads (ThreadMXBean; JVM-internal threads such as the JIT's are not counted)
 * @param sessionDirs this JVM's worker and shared-memory session directories ({@code pools4j-<pid>-*},
 *                    {@code pools4j-shm-<pid>-*} in /dev/shm or java.io.tmpdir, where SessionDir makes them)
 * @param children    live descendant processes, the fork server's idle standbys excepted
 * @param standbys    the fork server's idle standbys (kept on purpose, like CPython's fork server)
 */
record SoakSample(String label, long rssKib, long rssAnonKib, long rssFileKib, long heapKib, long nonHeapKib, int fds, int threads, int sessionDirs, int children,
                  int standbys) {

    /**
     * glibc's {@code malloc_trim(0)}: hands the free memory of malloc's arenas back to the system.
     * Without it, RSS keeps the high-water mark of every arena that the many short-lived threads of
     * pools (a reader per worker, launchers) touched, which passes for a leak while NMT counts none.
     */
    private static final MethodHandle MALLOC_TRIM = Linker.nativeLinker().defaultLookup().find("malloc_trim")
            .map(f -> Linker.nativeLinker().downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)))
            .orElse(null);

    /**
     * Takes a sample after two full collections and a malloc_trim, so that neither garbage nor
     * memory malloc keeps for reuse passes for a leak.
     */
    static SoakSample take(String label) {
        System.gc();
        System.gc();
        trimMalloc();
        var memory = ManagementFactory.getMemoryMXBean();
        long heap = memory.getHeapMemoryUsage().getUsed() / 1024;
        long nonHeap = memory.getNonHeapMemoryUsage().getCommitted() / 1024;
        Set<Long> idle = Forkserver.standbyPids();
        int children = (int) ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && !idle.contains(p.pid())).count();
        return new SoakSample(label, status("VmRSS:"), status("RssAnon:"), status("RssFile:"), heap, nonHeap, count(Path.of("/proc/self/fd"), ""),
                ManagementFactory.getThreadMXBean().getThreadCount(), countSessionDirs(), children, idle.size());
    }

    /** The session directories' base, as {@code io.pools4j.worker.SessionDir.base()} chooses it. */
    static Path sessionBase() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static int countSessionDirs() {
        long pid = ProcessHandle.current().pid();
        return count(sessionBase(), "pools4j-" + pid + "-") + count(sessionBase(), "pools4j-shm-" + pid + "-");
    }

    private static int count(Path dir, String prefix) {
        try (Stream<Path> entries = Files.list(dir)) {
            return (int) entries.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " for the soak's sample", e);
        }
    }

    private static void trimMalloc() {
        if (MALLOC_TRIM == null) {
            return; // not glibc: nothing to trim, RSS as it is
        }
        try {
            int releasedAny = (int) MALLOC_TRIM.invokeExact(0L); // 1 if it released memory, 0 if there was none to release
        } catch (Throwable e) {
            throw new IllegalStateException("malloc_trim(0) failed", e);
        }
    }

    /** A field of /proc/self/status, in KiB. */
    private static long status(String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            String line = lines.filter(l -> l.startsWith(field)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + field + " line in /proc/self/status"));
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status for the soak's " + field, e);
        }
    }

    /** Whether nothing but memory is above {@code baseline}: fds, threads, session dirs, children. */
    boolean handlesBackTo(SoakSample baseline) {
        return fds <= baseline.fds && threads <= baseline.threads && sessionDirs <= baseline.sessionDirs
                && children <= baseline.children;
    }

    static String header() {
        return String.format("%-32s %7s %6s %6s %8s %8s %4s %7s %8s %8s %8s", "sample", "RSS MiB", "anon", "file", "heap MiB",
                "non-heap", "fds", "threads",
                "sessions", "children", "standbys");
    }

    String row() {
        return String.format(java.util.Locale.ROOT, "%-32s %7.1f %6.1f %6.1f %8.1f %8.1f %4d %7d %8d %8d %8d", label,
                rssKib / 1024.0, rssAnonKib / 1024.0, rssFileKib / 1024.0, heapKib / 1024.0, nonHeapKib / 1024.0, fds, threads, sessionDirs, children, standbys);
    }
}
