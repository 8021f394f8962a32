package io.pools4j.notebook;

import io.pools4j.futures.ProcessPoolExecutor;
import io.pools4j.multiprocessing.StartMethod;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the README's pictures from real runs (never drawn by hand): the course's lesson of notebook
 * 03 (the sources' PRIMES, one after another and on a ProcessPoolExecutor of two child JVMs),
 * drawn as a Timeline's Gantt chart.
 *
 * <pre>bash kernel/pictures.sh      # writes docs/timeline.png</pre>
 */
public final class ReadmePictures {

    /** The course sources' numbers (notebook 03), twice: enough work for the lanes to show. */
    static final List<Long> PRIMES = List.of(112272535095293L, 112582705942171L, 112272535095293L,
            115280095190773L, 115797848077099L, 1099726899285419L,
            112272535095293L, 112582705942171L, 112272535095293L,
            115280095190773L, 115797848077099L, 1099726899285419L);

    private ReadmePictures() {}

    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        long sqrtN = (long) Math.floor(Math.sqrt(n));
        for (long i = 3; i <= sqrtN; i += 2) {
            if (n % i == 0) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs");
        long t0 = System.nanoTime();
        List<Boolean> sequential = PRIMES.stream().map(ReadmePictures::isPrime).toList();
        double sequentialSeconds = (System.nanoTime() - t0) / 1e9;

        Timeline timeline = new Timeline();
        long t1 = System.nanoTime();
        List<Boolean> parallel;
        try (var ex = ProcessPoolExecutor.builder().maxWorkers(2).startMethod(StartMethod.SPAWN).build()) {
            timeline.watch(ex);
            parallel = ex.map(ReadmePictures::isPrime, PRIMES).toList();
        }
        double processSeconds = (System.nanoTime() - t1) / 1e9;
        if (!parallel.equals(sequential)) {
            throw new IllegalStateException("the pool's answers differ from the sequential ones: " + parallel + " vs " + sequential);
        }
        System.out.println(timeline.summary());
        System.out.println(Notebook.savePng(timeline.gantt("PRIMES on a ProcessPoolExecutor(2): which JVM ran what"),
                dir.resolve("timeline.png")));
        System.out.printf("one after another %.2f s, on 2 child JVMs with their start %.2f s%n", sequentialSeconds, processSeconds);
    }

}
