package io.pools4j.bench;

import io.pools4j.futures.Executor;
import io.pools4j.futures.Future;
import io.pools4j.futures.ThreadPoolExecutor;
import io.pools4j.multiprocessing.AsyncResult;
import io.pools4j.multiprocessing.Connection;
import io.pools4j.multiprocessing.Pipe;
import io.pools4j.multiprocessing.Pool;
import io.pools4j.multiprocessing.Queue;
import io.pools4j.worker.Forkserver;
import io.pools4j.worker.TaskCallback;
import io.pools4j.worker.WorkerGroup;
import io.pools4j.worker.WorkerHandle;
import io.pools4j.worker.WorkerOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Java side of {@code ../shared/bench/python/peer_bench.py}: the same workload names, sizes
 * and units, printed the same way (one JSON object per line), so that {@code kernel/bench.sh}
 * can run both in one go and put the medians side by side.
 *
 * <p><b>Python:</b> {@code peer_bench.py [--only GROUP,...] [--quick]}; the groups are
 * peer_bench.py's: {@code primes}, {@code balanced}, {@code first_result}, {@code submit},
 * {@code pool}, {@code pipe}, {@code queue}, {@code sleep_pool}, {@code threads_io}. Every
 * process pool and child uses {@code StartMethod.SPAWN}, as peer_bench.py's context is spawn.
 *
 * <p>peer_bench.py's {@code pipe} and {@code queue} groups run {@code echo}, {@code sink} and
 * {@code drain} in a {@code ctx.Process}; here the child is a one-worker SPAWN {@link Pool}
 * whose task is that function, given the Pipe's other end or the Queue (the task captures it).
 * {@code child.start()} is the {@code applyAsync} that launches the worker JVM, and
 * {@code child.join()} is waiting for that task and then {@link Pool#close()}, which returns
 * once the worker JVM has exited. What is timed is what peer_bench.py times: for
 * {@code pipe_bulk_mib_s} and {@code queue_msgs_per_s} that includes the child's start-up,
 * which overlaps the parent's sending, as it does in CPython.
 *
 * <p>Rows that have no CPython twin are marked in their name: {@code worker_first_result_ms} is
 * the worker runtime alone (one worker JVM, no executor), measured while ProcessPoolExecutor is
 * not in the build, and {@code pool_first_result_ms_forkserver} is the FORKSERVER start method.
 *
 * <p>Run: {@code java -cp target/pools4j.jar:target/test-classes io.pools4j.bench.PeerBench
 * [--only primes,balanced,first_result,submit,pool,pipe,queue,sleep_pool,threads_io] [--quick]};
 * usually through
 * {@code kernel/bench.sh} (docs/benchmarks.md).
 */
public final class PeerBench {

    /** A group of peer_bench.py: runs its workloads and prints a line per result. */
    private interface Group {
        void run(boolean quick) throws Exception;
    }

    private static final Map<String, Group> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("primes", PeerBench::primes);
        GROUPS.put("balanced", PeerBench::balanced);
        GROUPS.put("first_result", PeerBench::firstResult);
        GROUPS.put("submit", PeerBench::submit);
        GROUPS.put("pool", PeerBench::pool);
        GROUPS.put("pipe", PeerBench::pipe);
        GROUPS.put("queue", PeerBench::queue);
        GROUPS.put("sleep_pool", PeerBench::sleepPool);
        GROUPS.put("threads_io", PeerBench::threadsIo);
    }

    private PeerBench() {}

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        List<String> only = new ArrayList<>(GROUPS.keySet());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException("--only needs a comma-separated list of groups: " + GROUPS.keySet());
                    }
                    only = List.of(args[++i].split(","));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; usage: PeerBench [--only " + String.join(",", GROUPS.keySet()) + "] [--quick]");
            }
        }
        for (String name : only) {
            if (!GROUPS.containsKey(name)) {
                throw new IllegalArgumentException("unknown group '" + name + "'; groups: " + GROUPS.keySet());
            }
        }
        // The AOT cache is built once per (java, jar, flags) and then reused, as Python's __pycache__
        // is: build it before timing so that no run measures a worker racing its own cache build.
        WorkerGroup.prepareStartupCache(WorkerOptions.defaults());
        for (String name : only) {
            GROUPS.get(name).run(quick);
        }
        System.exit(0); // a pool left open by a failed workload must not keep the JVM alive
    }

    // ---- the groups ----

    private static void primes(boolean quick) throws Exception {
        double seq = seconds(() -> {
            for (long n : Workloads.PRIMES) {
                Workloads.isPrime(n);
            }
        });
        print("primes_seq_s", seq, "s");
        try (Executor ex = ProcessPools.spawn(2)) {
            ex.map(Workloads::isPrime, List.of(5L)).toList(); // workers up before timing, as Python does
            print("primes_par2_s", seconds(() -> ex.map(Workloads::isPrime, Workloads.PRIMES).toList()), "s");
        }
    }

    private static void balanced(boolean quick) throws Exception {
        print("balanced_speedup", speedup(Workloads.balanced(quick)), "ratio");
        // No CPython twin: peer_bench.py's work sized to the second that CPython's takes (issue 8).
        print("balanced_speedup_1s", speedup(Workloads.balancedOneSecond(quick)), "ratio");
    }

    /** Sequential time over the time of a warmed SPAWN pool of 2 on the same work (peer_bench.py's bench_balanced). */
    private static double speedup(List<Long> work) throws Exception {
        double seq = seconds(() -> {
            for (long n : work) {
                Workloads.isPrime(n);
            }
        });
        try (Executor ex = ProcessPools.spawn(2)) {
            ex.map(Workloads::isPrime, List.of(5L, 7L)).toList();
            return seq / seconds(() -> ex.map(Workloads::isPrime, work).toList());
        }
    }

    private static void firstResult(boolean quick) throws Exception {
        // peer_bench.py's process has made two pools (primes, balanced) before this one, so its
        // parent side is warm and only the child is cold. One untimed round gives us the same.
        workerFirstResultMs();
        print("worker_first_result_ms", workerFirstResultMs(), "ms");
        long start = System.nanoTime();
        Executor ex = ProcessPools.spawn(2);
        ex.submit(Workloads::sq, 3L).result();
        double took = (System.nanoTime() - start) / 1e6;
        ex.shutdown();
        print("pool_first_result_ms", took, "ms");
        // Warm: the fork server is up (its first pool paid for it) and idle, as CPython's is once
        // started; this pool's first result is the figure.
        Executor fs = ProcessPools.forkserver(2);
        fs.submit(Workloads::sq, 1L).result();
        fs.shutdown();
        long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Forkserver.standbyPids().size() < 2 && System.nanoTime() < settled) {
            Thread.sleep(10); // the replacement for the standby the first pool took is starting
        }
        start = System.nanoTime();
        fs = ProcessPools.forkserver(2);
        fs.submit(Workloads::sq, 3L).result();
        took = (System.nanoTime() - start) / 1e6;
        fs.shutdown();
        print("pool_first_result_ms_forkserver", took, "ms");
    }

    private static void submit(boolean quick) throws Exception {
        int n = quick ? 2000 : 20000;
        try (Executor ex = ProcessPools.spawn(2)) {
            ex.submit(Workloads::sq, 1L).result();
            double took = seconds(() -> {
                List<Future<Long>> fs = new ArrayList<>(n);
                for (long i = 0; i < n; i++) {
                    fs.add(ex.submit(Workloads::sq, i));
                }
                for (Future<Long> f : fs) {
                    f.result();
                }
            });
            print("submit_per_s", n / took, "tasks/s");
        }
    }

    private static void pool(boolean quick) throws Exception {
        try (Pool pool = ProcessPools.spawnPool(2)) {
            pool.map(Workloads::sq, Workloads.range(10));
            int items = quick ? 100_000 : 1_000_000;
            double took = seconds(() -> pool.map(Workloads::sq, Workloads.range(items), 10_000));
            print("map_items_per_s", items / took, "items/s");
            int n = quick ? 2000 : 20000;
            took = seconds(() -> {
                List<AsyncResult<Long>> rs = new ArrayList<>(n);
                for (long i = 0; i < n; i++) {
                    rs.add(pool.applyAsync(Workloads::sq, i));
                }
                for (AsyncResult<Long> r : rs) {
                    r.get();
                }
            });
            print("apply_async_per_s", n / took, "tasks/s");
            int m = quick ? 200 : 2000;
            took = seconds(() -> {
                for (long i = 0; i < m; i++) {
                    pool.apply(Workloads::sq, i);
                }
            });
            print("apply_per_s", m / took, "tasks/s");
        }
    }

    private static void pipe(boolean quick) throws Exception {
        Pipe p = new Pipe();
        Connection a = p.conn1();
        Connection b = p.conn2();
        Pool child = ProcessPools.spawnPool(1);
        AsyncResult<Integer> echoing = child.applyAsync(() -> Workloads.echo(b));
        a.send(0);
        a.recv();
        int n = quick ? 2000 : 20000;
        double took = seconds(() -> {
            for (int i = 0; i < n; i++) {
                a.send(i);
                a.recv();
            }
        });
        a.send(null);
        echoing.get();
        child.close();
        print("pipe_roundtrip_us", took / n * 1e6, "us");

        int count = quick ? 20 : 200;
        byte[] blob = new byte[1 << 20];
        new Random().nextBytes(blob);
        Pipe q = new Pipe();
        Connection a2 = q.conn1();
        Connection b2 = q.conn2();
        Pool child2 = ProcessPools.spawnPool(1);
        AsyncResult<Long> sinking = child2.applyAsync(() -> Workloads.sink(b2, count));
        took = seconds(() -> {
            for (int i = 0; i < count; i++) {
                a2.sendBytes(blob);
            }
            a2.recv();
        });
        sinking.get();
        child2.close();
        print("pipe_bulk_mib_s", count / took, "MiB/s");
    }

    private static void queue(boolean quick) throws Exception {
        int n = quick ? 20_000 : 200_000;
        Queue<Integer> q = new Queue<>();
        Pool child = ProcessPools.spawnPool(1);
        AsyncResult<Integer> draining = child.applyAsync(() -> Workloads.drain(q, n));
        double took = seconds(() -> {
            for (int i = 0; i < n; i++) {
                q.put(i);
            }
            draining.get(); // child.join(): its work done, then its JVM gone
            child.close();
        });
        print("queue_msgs_per_s", n / took, "msgs/s");
    }

    private static void sleepPool(boolean quick) throws Exception {
        try (Pool pool = ProcessPools.spawnPool(3)) {
            pool.map(Workloads::sq, Workloads.range(3));
            print("sleep_pool_s", seconds(() -> pool.map(Workloads::nap, Workloads.intRange(10), 1)), "s");
        }
    }

    private static void threadsIo(boolean quick) throws Exception {
        List<Integer> items = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            items.add(i);
        }
        try (Executor ex = new ThreadPoolExecutor(100)) {
            print("threads_io_s", seconds(() -> ex.map(Workloads::nap, items).toList()), "s");
        }
    }

    // ---- helpers ----

    /**
     * The worker runtime's share of a cold pool's first result: a new group, one worker JVM
     * launched (CPython 3.11's spawn pool also starts one process for its first submit), sq(3)
     * sent, its result back. No executor on top.
     */
    private static double workerFirstResultMs() throws Exception {
        try (WorkerGroup group = WorkerGroup.open(WorkerOptions.defaults())) {
            long start = System.nanoTime();
            WorkerHandle worker = group.launch();
            CompletableFuture<Object> result = new CompletableFuture<>();
            long x = 3;
            worker.submit(1, () -> Workloads.sq(x), TaskCallback.into(result));
            result.get(60, TimeUnit.SECONDS);
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static double seconds(Body body) throws Exception {
        long start = System.nanoTime();
        body.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** One line as peer_bench.py prints it (value rounded to 4 decimals). */
    private static void print(String bench, double value, String unit) {
        System.out.println(String.format(Locale.ROOT,
                "{\"bench\": \"%s\", \"value\": %.4f, \"unit\": \"%s\", \"java\": \"%s\"}",
                bench, value, unit, Runtime.version()));
        System.out.flush();
    }
}
