package io.pools4j.worker.pool;

/**
 * How long one worker takes per task while it is busy, smoothed, and from it how many tasks the
 * pool should keep in flight on that worker: enough queued work to cover the round trip to its
 * next task, so that short tasks flow without gaps, yet never fewer than the pool's minimum, so
 * that long tasks stay spread evenly over the workers.
 *
 * <p><b>CPython:</b> none; CPython's call queue holds a fixed {@code max_workers + 1} items
 * ({@code EXTRA_QUEUED_CALLS}), one round trip per task, which is why its {@code submit} is slow
 * for short tasks.
 *
 * <p>Not thread-safe: guarded by the pool's lock ({@link PoolState#lock}), like its {@link WorkerSlot}.
 */
final class ServiceTime {

    /** Work a worker should have queued behind its running task: a few round trips' worth. */
    static final long QUEUED_WORK_NANOS = 2_000_000;
    /** Most tasks a worker holds: bounds what a late cancel() can no longer stop. */
    static final int MAX_DEPTH = 64;

    /** Smoothed time between the worker's answers while it is busy (ns); 0 until measured. */
    private long perTaskNanos;
    /** When the current interval began: the worker turned busy, or its last answer. */
    private long since;

    /** A task was sent to the worker, which held {@code inFlightBefore} tasks. */
    void sent(long now, int inFlightBefore) {
        if (inFlightBefore == 0) {
            since = now;
        }
    }

    /** The worker answered a task. */
    void answered(long now) {
        long sample = Math.max(1, now - since);
        perTaskNanos = perTaskNanos == 0 ? sample : perTaskNanos + (sample - perTaskNanos) / 8;
        since = now;
    }

    /** How many tasks the worker should hold; {@code min} until the first answer. */
    int depth(int min) {
        if (perTaskNanos == 0) {
            return min;
        }
        return (int) Math.max(min, Math.min(MAX_DEPTH, QUEUED_WORK_NANOS / perTaskNanos));
    }

    /** The smoothed time per task, ns (0 before the first answer). */
    long perTaskNanos() {
        return perTaskNanos;
    }
}
