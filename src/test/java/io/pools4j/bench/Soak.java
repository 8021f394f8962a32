package io.pools4j.bench;

import io.pools4j.futures.Future;
import io.pools4j.futures.ProcessPoolExecutor;
import io.pools4j.multiprocessing.Pool;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Forkserver;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.ObjectName;

/**
 * The soak: many pools opened and closed, then a million tiny tasks through one pool, then
 * multiprocessing pools (the first pools and a fiftieth of the tasks warm the JVM up first); the JVM is sampled throughout ({@link SoakSample}) and must end where
 * it stood once warmed up: resident memory grown by at most 10%, and open file descriptors,
 * threads, session directories and child JVMs no more than then.
 *
 * <p><b>Python:</b> no twin in CPython's suite, which checks the same things per test
 * ({@code reap_children}, {@code threading_cleanup}, {@code fd_count}) but never over a long run.
 *
 * <p>Run: {@code bash kernel/soak.sh [--quick]} (docs/reliability.md, "Soak"). Prints a table of
 * the samples, the throughput of each phase and a verdict; exits 1 when a check fails.
 */
public final class Soak {

    /** The sizes of one run. The baseline is taken after {@code warmPools}: a cold JVM is still loading classes. */
    record Sizes(int pools, int warmPools, int tasks, int mpPools) {
        static Sizes full() {
            return new Sizes(200, 20, 1_000_000, 50);
        }

        static Sizes quick() {
            return new Sizes(12, 4, 20_000, 4);
        }
    }

    /** RSS may end this much above the baseline. */
    private static final double RSS_GROWTH = 0.10;
    /** Heap in use after GC may end this much above the baseline, or {@link #HEAP_SLACK_KIB}, whichever is more. */
    private static final double HEAP_GROWTH = 0.10;
    /** A few MiB of heap come and go with caches (class values, JIT metadata) whatever the run does. */
    private static final long HEAP_SLACK_KIB = 8 * 1024;
    /** The warm-up runs this fraction of the tasks (1/50): enough for the JIT to compile their paths. */
    private static final int WARM_TASKS_SHARE = 50;
    /** Tasks submitted before their results are collected: bounds what the soak itself holds. */
    private static final int WAVE = 10_000;
    /** Items per task in the map phase, as a user mapping a million items would chunk them. */
    private static final int CHUNK = 1_000;
    /**
     * How long the end may take to come back to the baseline: workers told to end take a moment to
     * go, and the JDK's own pool threads that waited for them (Process.onExit's common-pool
     * workers, the process reapers) end after 60 s idle.
     */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(75);

    private final Sizes sizes;
    private final PrintStream out;
    private final List<SoakSample> samples = new ArrayList<>();

    private Soak(Sizes sizes, PrintStream out) {
        this.sizes = sizes;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Sizes sizes = Sizes.full();
        for (String a : args) {
            if (a.equals("--quick")) {
                sizes = Sizes.quick();
            } else {
                System.err.println("Soak: unknown argument '" + a + "'; usage: Soak [--quick]");
                System.exit(2);
            }
        }
        boolean ok = new Soak(sizes, System.out).run();
        System.exit(ok ? 0 : 1); // a pool left by a failed phase must not keep the JVM alive
    }

    /** Runs every phase; returns whether every check passed. */
    boolean run() throws Exception {
        long started = System.nanoTime();
        out.println("soak: " + sizes);
        samples.add(SoakSample.take("start"));
        long t = System.nanoTime();
        for (int i = 1; i <= sizes.warmPools(); i++) {
            executorPool(i);
        }
        tasks(sizes.tasks() / WARM_TASKS_SHARE, false); // the task paths compiled before the baseline too
        SoakSample baseline = settle("baseline: after " + sizes.warmPools() + " pools", s -> s.children() == 0);
        samples.add(baseline);
        Map<String, Long> baselineThreads = threadNames();
        nativeMemory("baseline");
        int rest = sizes.pools() - sizes.warmPools();
        for (int i = 1; i <= rest; i++) {
            executorPool(sizes.warmPools() + i);
            if (i % Math.max(1, rest / 3) == 0 || i == rest) {
                samples.add(SoakSample.take("after " + (sizes.warmPools() + i) + " pools"));
            }
        }
        double poolsS = seconds(t);
        double[] rates = tasks(sizes.tasks(), true);
        t = System.nanoTime();
        for (int i = 1; i <= sizes.mpPools(); i++) {
            multiprocessingPool(i);
        }
        double mpS = seconds(t);
        samples.add(SoakSample.take("after " + sizes.mpPools() + " multiprocessing.Pool"));
        SoakSample end = settle("end", s -> s.handlesBackTo(baseline));
        samples.add(end);
        if (end.threads() > baseline.threads()) {
            Map<String, Long> more = threadNames();
            more.replaceAll((name, n) -> n - baselineThreads.getOrDefault(name, 0L));
            more.values().removeIf(n -> n <= 0);
            out.println("threads more at the end than at the baseline, by name: " + more);
        }
        nativeMemory("summary.diff");
        report(poolsS, rates, mpS, seconds(started));
        return verdict(baseline, end);
    }

    private void report(double poolsS, double[] taskRates, double mpS, double totalS) {
        out.println();
        out.println(SoakSample.header());
        samples.forEach(s -> out.println(s.row()));
        out.println();
        out.printf(Locale.ROOT, "%d ProcessPoolExecutors (2 workers, SPAWN and FORKSERVER in turn, 4 tasks each): %.1f s, %.0f ms per pool%n",
                sizes.pools(), poolsS, 1000 * poolsS / sizes.pools());
        out.printf(Locale.ROOT, "%d tasks through one ProcessPoolExecutor(2): submit %.0f tasks/s, map (chunksize %d) %.0f items/s%n",
                sizes.tasks(), taskRates[0], CHUNK, taskRates[1]);
        out.printf(Locale.ROOT, "%d multiprocessing.Pool (2 processes, map of 8 items): %.1f s%n", sizes.mpPools(), mpS);
        out.printf(Locale.ROOT, "total %.1f s%n", totalS);
    }

    /** Live threads counted by name (the JDK's process reapers, for one, all have the same name). */
    private static Map<String, Long> threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(Thread::getName, TreeMap::new, Collectors.counting()));
    }

    /**
     * With {@code -XX:NativeMemoryTracking=summary}: NMT's {@code baseline}, or its
     * {@code summary.diff} printed, to say where RSS outside the heap went. Without it, nothing.
     */
    private void nativeMemory(String command) throws Exception {
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().stream().noneMatch(a -> a.startsWith("-XX:NativeMemoryTracking="))) {
            return;
        }
        Object report = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {command}}, new String[] {String[].class.getName()});
        if (command.contains("diff")) {
            out.println(report);
        }
    }

    /** One ProcessPoolExecutor's life: two workers, four tasks, closed. Start methods alternate. */
    private static void executorPool(int i) {
        StartMethod method = i % 2 == 0 ? StartMethod.FORKSERVER : StartMethod.SPAWN;
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(2).startMethod(method).build()) {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                fs.add(ex.submit((Integer x) -> x * x, k));
            }
            for (int k = 0; k < 4; k++) {
                expect(k * k, fs.get(k).result(60), "pool " + i + " task " + k);
            }
        }
    }

    private static void multiprocessingPool(int i) {
        Pool pool = Pool.builder().processes(2).startMethod(i % 2 == 0 ? StartMethod.FORKSERVER : StartMethod.SPAWN).build();
        try {
            List<Integer> squares = pool.map((Integer x) -> x * x, List.of(0, 1, 2, 3, 4, 5, 6, 7));
            expect(140, squares.stream().mapToInt(Integer::intValue).sum(), "multiprocessing pool " + i);
        } finally {
            pool.close();
            pool.join();
        }
    }

    /**
     * Half of {@code count} tasks by submit (in waves), half by map in chunks, through one pool;
     * samples at each fifth if asked. Returns {submit tasks/s, map items/s}.
     */
    private double[] tasks(int count, boolean sample) {
        int half = count / 2;
        int sampleEvery = sample ? Math.max(WAVE, count / 5) : Integer.MAX_VALUE;
        int done = 0;
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(2).build()) {
            long t = System.nanoTime();
            List<Future<Integer>> wave = new ArrayList<>(WAVE);
            for (int first = 0; first < half; first += WAVE) {
                for (int x = first; x < Math.min(half, first + WAVE); x++) {
                    wave.add(ex.submit((Integer v) -> v + 1, x));
                }
                for (int k = 0; k < wave.size(); k++) {
                    expect(first + k + 1, wave.get(k).result(60), "task " + (first + k));
                }
                done += wave.size();
                wave.clear();
                if (done % sampleEvery == 0) {
                    samples.add(SoakSample.take("after " + done + " tasks (submit)"));
                }
            }
            double submitRate = half / seconds(t);
            t = System.nanoTime();
            for (int first = 0; first < half; first += 10 * WAVE) {
                List<Integer> items = IntStream.range(first, Math.min(half, first + 10 * WAVE)).boxed().toList();
                List<Integer> results = ex.map((Integer v) -> v + 1, items, null, CHUNK).toList();
                expect(items.size(), results.size(), "map results from " + first);
                expect(items.getLast() + 1, results.getLast(), "the last map result from " + first);
                done += items.size();
                if (done % sampleEvery == 0) {
                    samples.add(SoakSample.take("after " + done + " tasks (map)"));
                }
            }
            return new double[] {submitRate, half / seconds(t)};
        }
    }

    /**
     * Ends the fork server's idle standbys (the baseline and the end must not differ by how many
     * happen to be up), then samples until {@code settled} holds or {@link #SETTLE_NANOS} pass,
     * and says how long it took.
     */
    private SoakSample settle(String label, Predicate<SoakSample> settled) throws InterruptedException {
        long t = System.nanoTime();
        Forkserver.stop();
        SoakSample s = SoakSample.take(label);
        while (!settled.test(s) && System.nanoTime() - t < SETTLE_NANOS) {
            Thread.sleep(200); // polling /proc and the thread count: there is no event for "a worker's threads have gone"
            s = SoakSample.take(label);
        }
        out.printf(Locale.ROOT, "%s: sampled after %.1f s of settling%n", label, seconds(t));
        return s;
    }

    private boolean verdict(SoakSample baseline, SoakSample end) {
        List<String> failed = new ArrayList<>();
        double rssGrowth = (double) end.rssKib() / baseline.rssKib() - 1;
        check(rssGrowth <= RSS_GROWTH, String.format(Locale.ROOT, "RSS %+.1f%% from the baseline (limit +%.0f%%)",
                100 * rssGrowth, 100 * RSS_GROWTH), failed);
        long heapLimit = Math.max((long) (baseline.heapKib() * (1 + HEAP_GROWTH)), baseline.heapKib() + HEAP_SLACK_KIB);
        check(end.heapKib() <= heapLimit, String.format(Locale.ROOT, "heap after GC %.1f MiB (limit %.1f MiB)",
                end.heapKib() / 1024.0, heapLimit / 1024.0), failed);
        check(end.fds() <= baseline.fds(), "fds " + end.fds() + " (baseline " + baseline.fds() + ")", failed);
        check(end.threads() <= baseline.threads(), "threads " + end.threads() + " (baseline " + baseline.threads() + ")", failed);
        check(end.sessionDirs() <= baseline.sessionDirs(), "session directories " + end.sessionDirs()
                + " (baseline " + baseline.sessionDirs() + ")", failed);
        check(end.children() <= baseline.children(), "child JVMs " + end.children() + " (baseline " + baseline.children() + ")",
                failed);
        out.println(failed.isEmpty() ? "verdict: PASS" : "verdict: FAIL (" + String.join("; ", failed) + ")");
        return failed.isEmpty();
    }

    private void check(boolean ok, String what, List<String> failed) {
        out.println((ok ? "  ok    " : "  FAIL  ") + what);
        if (!ok) {
            failed.add(what);
        }
    }

    private static void expect(long expected, long actual, String what) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
