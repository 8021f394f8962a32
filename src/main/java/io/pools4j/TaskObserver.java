package io.pools4j;

/**
 * Hears what happens to each task of a pool: when it was submitted, when and where it started,
 * when it finished. A {@code io.pools4j.notebook.Timeline} is one; a pool tells every observer
 * added with its {@code addTaskObserver(...)}.
 *
 * <p><b>Python:</b> none in the standard library. The course sources print
 * {@code os.getpid()} and {@code time.time()} inside each task to show which process ran what;
 * an observer records the same without touching the task.
 *
 * <p>Calls come from the pool's own threads (a worker thread, the process pool's manager), for
 * each task in the order submitted, started, finished; a task cancelled before it started gets
 * no {@link #started} and finishes with {@link Outcome#CANCELLED}. Times are
 * {@link System#nanoTime()} of this JVM. Implementations must be thread-safe, fast, and must not
 * throw: a pool ignores what an observer throws.
 */
public interface TaskObserver {

    /** How a task ended. */
    enum Outcome { SUCCEEDED, FAILED, CANCELLED }

    /**
     * Task {@code task} (a number unique within its pool) was submitted at {@code nanos}.
     * {@code label} says what it is ({@code "submit"}, {@code "map items 0-9"}).
     */
    void submitted(long task, String label, long nanos);

    /** Task {@code task} started at {@code nanos} on {@code worker} (a thread's name, or "pid 1234"). */
    void started(long task, String worker, long nanos);

    /** Task {@code task} ended at {@code nanos}. */
    void finished(long task, Outcome outcome, long nanos);

    /**
     * A pool that tells observers about its tasks.
     *
     * <p><b>Python:</b> none; see {@link TaskObserver}.
     */
    interface Source {
        /** Adds {@code observer}: it hears about tasks submitted from now on. */
        void addTaskObserver(TaskObserver observer);

        /** Removes {@code observer}; tasks already submitted may still reach it. */
        void removeTaskObserver(TaskObserver observer);
    }
}
