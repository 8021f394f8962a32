package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.futures.Future;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Queue, JoinableQueue and SimpleQueue, in one process and across worker JVMs (CPython's _TestQueue). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueueTest extends WorkerPoolTest {


    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        Queue<Integer> q = new Queue<>();
        for (int i = 0; i < 100; i++) {
            q.put(i);
        }
        assertEquals(100, q.qsize());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, q.get());
        }
        assertTrue(q.empty());
    }

    @Test
    void anItemIsCopiedAtPutSoChangingItAfterwardsChangesNothing() {
        Queue<List<String>> q = new Queue<>();
        List<String> item = new ArrayList<>(List.of("a"));
        q.put(item);
        item.add("b");
        assertEquals(List.of("a"), q.get());
    }

    @Test
    void getNowaitOnAnEmptyQueueAndPutNowaitOnAFullOneFailAtOnce() {
        Queue<Integer> q = new Queue<>(2);
        assertThrows(QueueEmptyException.class, q::getNowait);
        q.putNowait(1);
        q.put(2);
        assertTrue(q.full());
        QueueFullException e = assertThrows(QueueFullException.class, () -> q.putNowait(3));
        assertTrue(e.getMessage().contains("2 items"), e.getMessage());
        assertEquals(1, q.getNowait());
        assertFalse(q.full());
    }

    @Test
    void getWithATimeoutWaitsThatLongBeforeEmpty() {
        Queue<Integer> q = new Queue<>();
        long start = System.nanoTime();
        assertThrows(QueueEmptyException.class, () -> q.get(0.2));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void putWithATimeoutOnAFullQueueWaitsThatLongBeforeFull() {
        Queue<Integer> q = new Queue<>(1);
        q.put(1);
        long start = System.nanoTime();
        assertThrows(QueueFullException.class, () -> q.put(2, 0.2));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void aPutIntoAFullQueueWaitsUntilAGetFreesASlot() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        q.put(1);
        CountDownLatch put = new CountDownLatch(1);
        Thread producer = Thread.ofPlatform().start(() -> {
            q.put(2);
            put.countDown();
        });
        assertFalse(put.await(200, TimeUnit.MILLISECONDS), "put returned while the queue was full");
        assertEquals(1, q.get());
        assertTrue(put.await(10, TimeUnit.SECONDS));
        assertEquals(2, q.get());
        producer.join();
    }

    @Test
    void aClosedQueueRefusesPutGetAndEmptyAndClosingTwiceIsAllowed() {
        Queue<Integer> q = new Queue<>();
        assertThrows(IllegalStateException.class, q::joinThread);
        q.put(1);
        q.close();
        q.close();
        q.joinThread();
        assertThrows(IllegalStateException.class, () -> q.put(2));
        assertThrows(IllegalStateException.class, q::get);
        assertThrows(IllegalStateException.class, q::empty);
    }

    @Test
    void anUnserializableItemFailsInPutAndTheQueueKeepsWorking() {
        Queue<Object> q = new Queue<>();
        assertThrows(IllegalArgumentException.class, () -> q.put(new Object()));
        assertEquals(0, q.qsize());
        q.put("fine");
        assertEquals("fine", q.get());
    }

    @Test
    void anInterruptEndsAWaitingGetWithCancellationAndKeepsTheFlag() throws Exception {
        Queue<Integer> q = new Queue<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                q.get();
            } catch (Throwable t) {
                thrown.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(thrown.get() instanceof java.util.concurrent.CancellationException, String.valueOf(thrown.get()));
        assertTrue(flag.get());
        q.put(1);
        assertEquals(1, q.get(), "the queue still works");
    }

    @Test
    void aQueueTravelsThroughAnotherQueueToAChild() {
        Queue<Queue<String>> carrier = new Queue<>();
        Queue<String> inner = new Queue<>();
        carrier.put(inner);
        Future<Boolean> child = pool.submit(() -> {
            carrier.get().put("via a queue");
            return true;
        });
        assertEquals("via a queue", inner.get(30.0));
        assertTrue(child.result());
    }

    @Test
    void aWaiterBlockedInGetForOneSecondUsesAlmostNoCpu() throws Exception {
        Queue<Integer> q = new Queue<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong cpu = new AtomicLong();
        Thread waiter = Thread.ofPlatform().start(() -> {
            assertThrows(QueueEmptyException.class, () -> q.get(0.05)); // the JVM's first futex wait links FFM
            long before = mx.getCurrentThreadCpuTime();
            assertThrows(QueueEmptyException.class, () -> q.get(1.0));
            cpu.set(mx.getCurrentThreadCpuTime() - before);
        });
        waiter.join();
        System.out.println("Queue.get blocked 1 s used " + cpu.get() / 1000 + " us of CPU");
        assertTrue(cpu.get() < TimeUnit.MILLISECONDS.toNanos(50), "used " + cpu.get() / 1000 + " us");
    }

    @Test
    void itemsOfManyProducersInOtherProcessesAllArriveInEachProducersOrder() {
        Queue<int[]> q = new Queue<>(50);
        List<Future<Integer>> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int id = p;
            producers.add(pool.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    q.put(new int[] {id, i});
                }
                return id;
            }));
        }
        int[] next = new int[2];
        for (int n = 0; n < 4000; n++) {
            int[] item = q.get(30.0);
            assertEquals(next[item[0]]++, item[1], "producer " + item[0] + " out of order");
        }
        assertEquals(2000, next[0]);
        assertEquals(2000, next[1]);
        producers.forEach(Future::result);
    }

    @Test
    void consumersInOtherProcessesShareTheItemsWithoutLossOrDuplicate() {
        Queue<Integer> q = new Queue<>();
        List<Future<List<Integer>>> consumers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            consumers.add(pool.submit(() -> {
                List<Integer> got = new ArrayList<>();
                for (Integer i = q.get(); i >= 0; i = q.get()) {
                    got.add(i);
                }
                return got;
            }));
        }
        for (int i = 0; i < 3000; i++) {
            q.put(i);
        }
        q.put(-1);
        q.put(-1);
        Set<Integer> all = new HashSet<>();
        int total = 0;
        for (Future<List<Integer>> f : consumers) {
            total += f.result().size();
            all.addAll(f.result());
        }
        assertEquals(3000, total);
        assertEquals(3000, all.size());
    }

    @Test
    void anItemLargerThanTheRingsRecordsReachesAChild() {
        Queue<byte[]> q = new Queue<>();
        byte[] big = new byte[3 << 20];
        big[big.length - 1] = 7;
        Future<Integer> got = pool.submit(() -> {
            byte[] b = q.get();
            return b.length + b[b.length - 1];
        });
        q.put(big);
        assertEquals(big.length + 7, got.result());
    }

    @Test
    void joinReturnsOnceWorkersInOtherProcessesMarkedEveryItemDone() {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        for (int i = 0; i < 10; i++) {
            q.put(i);
        }
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(pool.submit(() -> {
                int n = 0;
                try {
                    while (true) {
                        q.get(0.5);
                        q.taskDone();
                        n++;
                    }
                } catch (QueueEmptyException e) {
                    return n;
                }
            }));
        }
        q.join();
        assertEquals(10, workers.get(0).result() + workers.get(1).result());
    }

    @Test
    void taskDoneMoreTimesThanItemsWerePutIsRefused() {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        q.put(1);
        q.get();
        q.taskDone();
        q.join();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertTrue(e.getMessage().startsWith("taskDone() called too many times"), e.getMessage());
    }

    @Test
    void aSimpleQueuePutsAndGetsAcrossProcessesAndRefusesUseAfterClose() {
        SimpleQueue<String> q = new SimpleQueue<>();
        assertTrue(q.empty());
        Future<String> echoed = pool.submit(() -> {
            String s = q.get();
            q.put(s + "!");
            return s;
        });
        q.put("hi");
        assertEquals("hi", echoed.result());
        assertEquals("hi!", q.get());
        q.close();
        q.close();
        assertThrows(IllegalStateException.class, q::empty);
    }

    /** 200 items of 64 KiB: 12.5 MiB, three times the ring. */
    private static final int MANY = 200;
    private static final int ITEM_BYTES = 64 << 10;

    private static byte[] numbered(int i) {
        byte[] item = new byte[ITEM_BYTES];
        java.nio.ByteBuffer.wrap(item).putInt(i).putInt(ITEM_BYTES - 8, i);
        return item;
    }

    /** The numbers of the next {@code n} items of {@code q}, read from both ends of each item. */
    private static List<Integer> numbersOf(Queue<byte[]> q, int n) {
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(q.get(30.0));
            int first = b.getInt(0);
            got.add(first == b.getInt(ITEM_BYTES - 8) ? first : -1);
        }
        return got;
    }

    private static final List<Integer> IN_ORDER = java.util.stream.IntStream.range(0, MANY).boxed().toList();

    @Test
    void anUnboundedQueueTakesFarMoreThanItsRingWithoutAConsumerAndAChildGetsEveryItemInOrder() {
        Queue<byte[]> q = new Queue<>();
        for (int i = 0; i < MANY; i++) {
            q.put(numbered(i)); // would wait for ever if put waited for room in the ring
        }
        assertEquals(MANY, q.qsize(), "qsize counts the items the feeder still holds");
        assertFalse(q.empty());
        assertTrue(q.toString().contains(" buffered="), q.toString());
        assertEquals(IN_ORDER, pool.submit(() -> numbersOf(q, MANY)).result());
        assertTrue(q.empty());
    }

    @Test
    void anItemChangedAfterPutWhileBufferedArrivesAsItWasWhenPut() {
        Queue<Object> q = new Queue<>();
        for (int i = 0; i < MANY; i++) {
            q.put(numbered(i));
        }
        int[] item = {1};
        q.put(item); // buffered behind 12.5 MiB: serialized by put, not when the feeder writes it
        item[0] = 2;
        for (int i = 0; i < MANY; i++) {
            q.get(30.0);
        }
        assertEquals(1, ((int[]) q.get(30.0))[0]);
    }

    @Test
    void joinThreadWaitsUntilTheBufferedItemsAreInTheRingAndCloseDoesNotWait() throws Exception {
        Queue<byte[]> q = new Queue<>();
        for (int i = 0; i < MANY; i++) {
            q.put(numbered(i));
        }
        q.close(); // returns at once although 12.5 MiB wait for a consumer
        Future<List<Integer>> consumer = pool.submit(() -> numbersOf(q, MANY));
        q.joinThread();
        assertFalse(q.toString().contains(" buffered="), "joinThread() returned with items still buffered: " + q);
        assertEquals(IN_ORDER, consumer.result());
    }

    @Test
    void afterCancelJoinThreadJoinThreadReturnsAtOnceWithItemsStillBuffered() {
        Queue<byte[]> q = new Queue<>();
        for (int i = 0; i < MANY; i++) {
            q.put(numbered(i));
        }
        q.cancelJoinThread();
        q.close();
        q.joinThread();
        assertTrue(q.toString().contains(" buffered="), q.toString());
        assertEquals(IN_ORDER, pool.submit(() -> numbersOf(q, MANY)).result(), "the feeder still writes them");
    }

    /** Puts MANY numbered items and returns: its exit must wait until they are all in the ring. */
    private static void putMany(Queue<byte[]> q) {
        for (int i = 0; i < MANY; i++) {
            q.put(numbered(i));
        }
    }

    @Test
    void aChildProcessEndsOnlyOnceEveryItemItPutIsInTheRing() {
        Queue<byte[]> q = new Queue<>();
        Process p = new Process(QueueTest::putMany, q);
        p.start();
        assertEquals(IN_ORDER, numbersOf(q, MANY));
        p.join();
        assertEquals(0, p.exitcode());
        assertTrue(q.empty());
    }

    @Test
    void aPoolWorkerShutDownByItsPoolFirstWritesTheItemsItsTaskLeftBuffered() throws Exception {
        Queue<byte[]> q = new Queue<>();
        java.util.concurrent.CompletableFuture<Void> shutdown;
        try (io.pools4j.futures.ProcessPoolExecutor one = new io.pools4j.futures.ProcessPoolExecutor(1)) {
            one.submit(() -> {
                putMany(q);
                return null;
            }).result(); // the task has returned; most of its items wait in the worker's feeder
            shutdown = java.util.concurrent.CompletableFuture.runAsync(one::shutdown);
            assertEquals(IN_ORDER, numbersOf(q, MANY), "the worker wrote them before it ended");
            shutdown.get(30, TimeUnit.SECONDS);
        }
    }
}
