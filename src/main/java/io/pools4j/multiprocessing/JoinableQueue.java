package io.pools4j.multiprocessing;

import io.pools4j.shm.WaitWord;
import java.io.Serial;

/**
 * A {@link Queue} that counts the items not yet done: every put item counts until a consumer calls
 * {@link #taskDone()} for it, and {@link #join()} waits for the count to reach zero.
 *
 * <p><b>Python:</b> {@code multiprocessing.JoinableQueue(maxsize=0)}.
 * <b>Differences from Python:</b> those of {@link Queue}; {@code task_done()} too often is an
 * {@link IllegalStateException} (Python's ValueError).
 *
 * @param <E> the type of the items
 */
public final class JoinableQueue<E> extends Queue<E> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** An unbounded queue. <p><b>Python:</b> {@code JoinableQueue()}. */
    public JoinableQueue() {
        this(0);
    }

    /** <p><b>Python:</b> {@code JoinableQueue(maxsize)}. */
    public JoinableQueue(int maxsize) {
        super(QueueCore.create("joinable", maxsize), SharedForm.Kind.JOINABLE_QUEUE);
    }

    JoinableQueue(SharedForm form) {
        super(form);
    }

    /**
     * Marks one item taken by {@code get} as done.
     *
     * <p><b>Python:</b> {@code JoinableQueue.task_done()}.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        for (int n = core.unfinished.get(); ; n = core.unfinished.get()) {
            if (n <= 0) {
                throw new IllegalStateException("taskDone() called too many times on " + this
                        + ": every item put is already done");
            }
            if (core.unfinished.compareAndSet(n, n - 1)) {
                if (n == 1) {
                    core.unfinished.wake(Integer.MAX_VALUE);
                }
                return;
            }
        }
    }

    /**
     * Waits until every item put has been marked done.
     *
     * <p><b>Python:</b> {@code JoinableQueue.join()}.
     */
    public void join() {
        core.unfinished.await(() -> core.unfinished.get() == 0, WaitWord.NO_DEADLINE, () -> { }, "join() of " + this);
    }
}
