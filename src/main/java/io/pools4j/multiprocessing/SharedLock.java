package io.pools4j.multiprocessing;

import java.time.Duration;

/**
 * What {@link Lock} and {@link RLock} have in common: what a {@link Condition} and a {@link Value}
 * or {@link Array} can be given as their lock.
 *
 * <p><b>Python:</b> the {@code acquire}/{@code release} protocol and {@code with lock:}.
 */
public sealed interface SharedLock permits MutexLock {

    /** Acquires, waiting as long as needed; returns true, as Python's does. <p><b>Python:</b> {@code acquire()}. */
    boolean acquire();

    /**
     * Acquires, waiting at most {@code timeout}; {@link Duration#ZERO} does not wait.
     *
     * <p><b>Python:</b> {@code acquire(block=True, timeout)}; {@code acquire(False)} is
     * {@code acquire(Duration.ZERO)}.
     *
     * @param timeout null waits for ever
     * @return whether the lock was acquired
     * @throws LockOwnerDiedException if the owner died holding it (the lock is then free)
     */
    boolean acquire(Duration timeout);

    /** {@link #acquire(Duration)} in seconds, as Python writes it. */
    default boolean acquire(double timeoutSeconds) {
        return acquire(Deadlines.seconds(timeoutSeconds));
    }

    /** <p><b>Python:</b> {@code release()}. */
    void release();

    /** Whether the lock is held now, by anyone. <p><b>Python:</b> {@code locked()} (3.14). */
    boolean locked();

    /** The pid of the process holding the lock, 0 when it is free. <p><b>Python:</b> none. */
    long ownerPid();

    /**
     * Acquires and returns what releases it: {@code try (var held = lock.hold()) { ... }}.
     *
     * <p><b>Python:</b> {@code with lock: ...}.
     */
    default Held hold() {
        acquire();
        return this::release;
    }

    /** The lock held by {@link #hold()}; closing releases it. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
