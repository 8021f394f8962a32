package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.futures.Future;
import io.pools4j.futures.ProcessPoolExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lock and RLock, in one process and across worker JVMs (CPython's _TestLock), and a dead holder. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LockTest extends WorkerPoolTest {


    @Test
    void aHeldLockCannotBeAcquiredAgainWithoutWaiting() {
        Lock lock = new Lock();
        assertTrue(lock.acquire());
        assertTrue(lock.locked());
        assertFalse(lock.acquire(Duration.ZERO));
        assertFalse(lock.acquire(0.1));
        lock.release();
        assertFalse(lock.locked());
    }

    @Test
    void releasingAnUnlockedLockIsRefused() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(e.getMessage().contains("not locked"), e.getMessage());
    }

    @Test
    void holdReleasesTheLockWhenTheBlockEnds() {
        Lock lock = new Lock();
        try (var held = lock.hold()) {
            assertTrue(lock.locked());
        }
        assertFalse(lock.locked());
    }

    @Test
    void aLockHeldByAChildMakesTheParentWaitUntilTheChildReleasesIt() {
        Lock lock = new Lock();
        Event held = new Event();
        Event go = new Event();
        Future<Long> child = pool.submit(() -> {
            lock.acquire();
            held.set();
            go.await();
            lock.release();
            return ProcessHandle.current().pid();
        });
        assertTrue(held.await(30.0));
        assertFalse(lock.acquire(0.1));
        long owner = lock.ownerPid();
        go.set();
        assertTrue(lock.acquire(30.0));
        assertEquals(child.result(), owner);
        lock.release();
    }

    @Test
    void aLockMayBeReleasedByAnotherProcess() {
        Lock lock = new Lock();
        lock.acquire();
        pool.submit(lock::release).result();
        assertFalse(lock.locked());
    }

    @Test
    void whenTheHolderDiesTheNextAcquireNamesItsPidAndTheOneAfterSucceeds() {
        Lock lock = new Lock();
        Event held = new Event();
        try (ProcessPoolExecutor doomed = new ProcessPoolExecutor(1)) {
            Future<Object> dies = doomed.submit(() -> {
                lock.acquire();
                held.set();
                Runtime.getRuntime().halt(9);
                return null;
            });
            assertTrue(held.await(30.0));
            long owner = lock.ownerPid();
            assertThrows(RuntimeException.class, dies::result);
            LockOwnerDiedException e = assertThrows(LockOwnerDiedException.class, lock::acquire);
            assertEquals(owner, e.ownerPid());
            assertTrue(e.getMessage().contains("process " + owner + ", died holding it"), e.getMessage());
            assertTrue(lock.acquire(Duration.ZERO));
        }
    }

    @Test
    void aWaiterBlockedOnALockHeldByAProcessThatThenDiesIsTold() throws Exception {
        RLock lock = new RLock();
        Event held = new Event();
        Event go = new Event();
        try (ProcessPoolExecutor doomed = new ProcessPoolExecutor(1)) {
            doomed.submit(() -> {
                lock.acquire();
                held.set();
                go.await();
                Runtime.getRuntime().halt(9);
                return null;
            });
            assertTrue(held.await(30.0));
            long owner = lock.ownerPid();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    lock.acquire();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            go.set();
            waiter.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(owner, ((LockOwnerDiedException) thrown.get()).ownerPid());
        }
    }

    @Test
    void anRLockIsReacquiredByItsHolderAndFreedByAsManyReleases() {
        RLock lock = new RLock();
        lock.acquire();
        lock.acquire();
        assertEquals(2, lock.holdCount());
        lock.release();
        assertTrue(lock.locked());
        lock.release();
        assertFalse(lock.locked());
        assertThrows(IllegalMonitorStateException.class, lock::release);
    }

    @Test
    void anRLockHeldByOneThreadCannotBeReleasedOrTakenByAnother() throws Exception {
        RLock lock = new RLock();
        lock.acquire();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> acquired = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> {
            acquired.set(lock.acquire(Duration.ZERO));
            try {
                lock.release();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        other.join();
        assertFalse(acquired.get());
        assertTrue(thrown.get() instanceof IllegalMonitorStateException, String.valueOf(thrown.get()));
        lock.release();
    }

    @Test
    void anRLockHeldByTheParentIsNotAvailableInAChild() {
        RLock lock = new RLock();
        lock.acquire();
        assertFalse(pool.submit(() -> lock.acquire(Duration.ZERO)).result());
        lock.release();
        assertTrue(pool.submit(() -> {
            boolean got = lock.acquire(Duration.ZERO);
            lock.release();
            return got;
        }).result());
    }
}
