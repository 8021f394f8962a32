package io.pools4j.bench;

import io.pools4j.multiprocessing.Connection;
import io.pools4j.multiprocessing.Queue;
import java.util.AbstractList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The functions and inputs of {@code ../shared/bench/python/peer_bench.py}, the same values.
 * Static methods of a class that is not on the worker's class path: the process pool ships
 * their bytecode, as it does for code written in a notebook cell.
 *
 * <p><b>Python:</b> {@code PRIMES}, {@code BALANCED}, {@code is_prime}, {@code sq}, {@code nap},
 * {@code echo}, {@code sink}, {@code drain} of peer_bench.py, and {@code range(n)}.
 */
final class Workloads {

    /** The seeds' list (peer_bench.py PRIMES). */
    static final List<Long> PRIMES = List.of(
            112272535095293L, 112582705942171L, 112272535095293L,
            115280095190773L, 115797848077099L, 1099726899285419L);

    /** One prime 24 times: every task costs the same, so the speed-up measures overhead, not imbalance. */
    static List<Long> balanced(boolean quick) {
        return Collections.nCopies(quick ? 8 : 24, 112272535095293L);
    }

    /**
     * The same 24 equal tasks sized to about one second of sequential Java (issue 8: CPython's 24
     * tasks take about a second, Java's take a tenth): 10^15 + 37, the first prime above 10^15,
     * costs about three times the trial divisions of peer_bench.py's number.
     */
    static List<Long> balancedOneSecond(boolean quick) {
        return Collections.nCopies(quick ? 8 : 24, 1_000_000_000_000_037L);
    }

    private Workloads() {}

    /** peer_bench.py {@code is_prime}: trial division by odd numbers up to the square root. */
    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n == 2) {
            return true;
        }
        if (n % 2 == 0) {
            return false;
        }
        long sqrtN = (long) Math.floor(Math.sqrt(n));
        for (long i = 3; i <= sqrtN; i += 2) {
            if (n % i == 0) {
                return false;
            }
        }
        return true;
    }

    /** peer_bench.py {@code sq}. */
    static long sq(long x) {
        return x * x;
    }

    /** peer_bench.py {@code nap}: sleeps 0.1 s. */
    static int nap(int x) throws InterruptedException {
        Thread.sleep(100);
        return x;
    }

    /** peer_bench.py {@code echo}: sends back what it receives until it receives null (Python's None). */
    static int echo(Connection conn) {
        int n = 0;
        for (Object msg = conn.recv(); msg != null; msg = conn.recv()) {
            conn.send(msg);
            n++;
        }
        return n;
    }

    /** peer_bench.py {@code sink}: receives {@code count} byte messages, then sends their total length. */
    static long sink(Connection conn, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += conn.recvBytes().length;
        }
        conn.send(total);
        return total;
    }

    /** peer_bench.py {@code drain}: takes {@code count} items from the queue. */
    static int drain(Queue<Integer> queue, int count) {
        for (int i = 0; i < count; i++) {
            queue.get();
        }
        return count;
    }

    /**
     * Python's {@code range(n)}: 0 to n-1, each boxed when read (as Python makes its ints when
     * map lists the range), not a list built ahead.
     */
    static List<Long> range(int n) {
        return new AbstractList<>() {
            @Override
            public Long get(int index) {
                return (long) Objects.checkIndex(index, n);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    /** {@code range(n)} as ints, for {@link #nap}. */
    static List<Integer> intRange(int n) {
        return new AbstractList<>() {
            @Override
            public Integer get(int index) {
                return Objects.checkIndex(index, n);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }
}
