package io.pools4j.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time from launch to the first result of a tiny task, per worker configuration (median of N).
 * Run: {@code java -cp target/pools4j.jar:target/test-classes io.pools4j.worker.StartupBench [n]}.
 * CPython's spawn pool needs ~85 ms for the same on these machines (peer_bench.py).
 */
public final class StartupBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        WorkerOptions base = WorkerOptions.defaults();
        Path cache = Files.createTempDirectory("pools4j-aot");
        List<String> none = List.of();
        List<String> dflt = WorkerOptions.DEFAULT_FLAGS;
        List<String> c1 = new ArrayList<>(dflt);
        c1.add("-XX:TieredStopAtLevel=1");
        List<String> small = new ArrayList<>(dflt);
        small.addAll(List.of("-Xms16m", "-Xss512k", "-XX:CICompilerCount=2"));
        System.out.println("class path: " + base.classPath());
        measure("no flags (G1, default CDS)", base.withJvmFlags(none).withCacheDir(null), n);
        measure("default flags " + dflt, base.withCacheDir(null), n);
        measure("default + -XX:TieredStopAtLevel=1", base.withJvmFlags(c1).withCacheDir(null), n);
        measure("default + -Xms16m -Xss512k -XX:CICompilerCount=2", base.withJvmFlags(small).withCacheDir(null), n);
        if (base.classPath().endsWith(".jar")) {
            WorkerOptions aot = base.withCacheDir(cache);
            try (WorkerGroup g = WorkerGroup.open(aot)) {
                g.launch(); // starts the training run in the background
            }
            for (int i = 0; i < 600 && !hasCache(cache); i++) {
                Thread.sleep(100); // waiting for another process to write a file: nothing to latch on
            }
            System.out.println("AOT cache: " + Arrays.toString(cache.toFile().list()));
            measure("default + AOT cache", aot, n);
        }
    }

    private static boolean hasCache(Path dir) {
        String[] files = dir.toFile().list();
        return files != null && Arrays.stream(files).anyMatch(f -> f.endsWith(".aot"));
    }

    private static void measure(String label, WorkerOptions options, int n) throws Exception {
        long[] ms = new long[n];
        for (int i = 0; i < n; i++) {
            try (WorkerGroup group = WorkerGroup.open(options)) {
                long t0 = System.nanoTime();
                WorkerHandle w = group.launch();
                Outcome o = new Outcome();
                w.submit(1, () -> 1 + 1, o);
                o.get();
                ms[i] = (System.nanoTime() - t0) / 100_000;
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-55s median %5.1f ms  min %5.1f ms  max %5.1f ms%n", label,
                ms[n / 2] / 10.0, ms[0] / 10.0, ms[n - 1] / 10.0);
    }
}
