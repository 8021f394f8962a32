package io.pools4j.worker.pool;

import io.pools4j.TaskObserver;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The observers of one pool, told about each task: what every pool (thread pool, process pool,
 * multiprocessing Pool) keeps to implement {@link TaskObserver.Source}.
 *
 * <p><b>Python:</b> none; see {@link TaskObserver}.
 *
 * <p>Thread-safe. Costs one volatile read per event while nobody observes; an observer that
 * throws is logged and skipped, never allowed to fail the task.
 */
public final class TaskObservers implements TaskObserver.Source {

    private static final Logger LOG = Logger.getLogger(TaskObservers.class.getName());

    private final CopyOnWriteArrayList<TaskObserver> observers = new CopyOnWriteArrayList<>();

    @Override
    public void addTaskObserver(TaskObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    @Override
    public void removeTaskObserver(TaskObserver observer) {
        observers.remove(observer);
    }

    /** Whether anybody listens: callers skip building labels when nobody does. */
    public boolean any() {
        return !observers.isEmpty();
    }

    public void submitted(long task, String label) {
        if (any()) {
            long now = System.nanoTime();
            observers.forEach(o -> safely(() -> o.submitted(task, label, now), o));
        }
    }

    public void started(long task, String worker) {
        if (any()) {
            long now = System.nanoTime();
            observers.forEach(o -> safely(() -> o.started(task, worker, now), o));
        }
    }

    public void finished(long task, TaskObserver.Outcome outcome) {
        if (any()) {
            long now = System.nanoTime();
            observers.forEach(o -> safely(() -> o.finished(task, outcome, now), o));
        }
    }

    private static void safely(Runnable event, TaskObserver observer) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "task observer " + observer + " threw; the task is not affected", e);
        }
    }
}
