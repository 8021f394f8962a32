package io.pools4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waiting on a shared word: it wakes on a change, times out, and sleeps without burning a core. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WaitWordTest {

    /** CPU a waiter blocked for one second may use: a spinning waiter uses ~1000 ms. */
    static final long IDLE_WAITER_CPU_BOUND_MS = 50;

    private static WaitWord newWord() {
        return new WaitWord(Segment.create(ShmSession.newFile("word"), 64), 0);
    }

    @Test
    void onLinuxWaitsSleepOnAFutex() {
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertTrue(Futex.available());
        }
    }

    @Test
    void aWaiterBlockedForOneSecondUsesAlmostNoCpu() throws Exception {
        WaitWord word = newWord();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            // The first wait of a JVM links the futex call (FFM, ~0.1 s of CPU once); measure the steady state.
            long first = mx.getCurrentThreadCpuTime();
            word.await(() -> false, WaitWord.deadline(TimeUnit.MILLISECONDS.toNanos(10)), () -> { }, "warm-up");
            System.out.println("first wait of the JVM (links the futex call): "
                    + (mx.getCurrentThreadCpuTime() - first) / 1000 + " us CPU");
            long before = mx.getCurrentThreadCpuTime();
            result.set(word.await(() -> word.get() != 0, WaitWord.deadline(TimeUnit.SECONDS.toNanos(1)), () -> { }, "test"));
            cpuNanos.set(mx.getCurrentThreadCpuTime() - before);
        });
        waiter.join();
        assertFalse(result.get());
        long ms = TimeUnit.NANOSECONDS.toMillis(cpuNanos.get());
        System.out.println("idle waiter CPU over 1 s: " + cpuNanos.get() / 1000 + " us");
        assertTrue(ms < IDLE_WAITER_CPU_BOUND_MS, "a waiter blocked for 1 s used " + ms + " ms of CPU");
    }

    @Test
    void aChangeOfTheWordWakesTheWaiter() throws Exception {
        WaitWord word = newWord();
        CountDownLatch sleeping = new CountDownLatch(1);
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> result.set(word.await(() -> {
            if (word.sleepers() > 0 || word.get() != 0) {
                sleeping.countDown();
            }
            return word.get() != 0;
        }, WaitWord.NO_DEADLINE, () -> { }, "test")));
        assertTrue(sleeping.await(10, TimeUnit.SECONDS));
        word.set(1);
        word.wake(1);
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(Boolean.TRUE, result.get());
    }

    @Test
    void anInterruptedWaiterIsCancelledAndKeepsItsInterruptFlag() throws Exception {
        WaitWord word = newWord();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                word.await(() -> false, WaitWord.NO_DEADLINE, () -> { }, "the test word");
            } catch (Throwable t) {
                thrown.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(thrown.get() instanceof CancellationException, String.valueOf(thrown.get()));
        assertEquals("interrupted while waiting for the test word", thrown.get().getMessage());
        assertEquals(Boolean.TRUE, flag.get());
    }
}
