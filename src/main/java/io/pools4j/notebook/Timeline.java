package io.pools4j.notebook;

import io.pools4j.TaskObserver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import org.knowm.xchart.XYChart;

/**
 * When and where each task of a pool ran: submit, start and end times and the worker (a thread's
 * name or a child JVM's pid), as a list, a Tablesaw table, a one-line-per-worker summary and a
 * Gantt chart.
 *
 * <p><b>Python:</b> none in the standard library; the course's sources print
 * {@code os.getpid()} and the time inside each task ("process 1 ran tasks 0, 3, 6, 9"), and
 * draw nothing. A timeline records the same from outside the task.
 *
 * <pre>{@code
 * var timeline = new Timeline();
 * try (var ex = new ProcessPoolExecutor(2)) {
 *     timeline.watch(ex);
 *     ex.map(n -> isPrime(n), PRIMES).forEach(r -> {});
 * }
 * timeline.summary()   // pid 4711 ran tasks 0, 2, 4 ...
 * timeline.gantt()     // one lane per worker
 * }</pre>
 *
 * <p>Thread-safe: pools record from their own threads while the notebook reads. Times are
 * seconds since the first task this timeline saw was submitted.
 */
public final class Timeline {

    /** One task as recorded: times in seconds from the timeline's start, NaN for what did not happen. */
    public record Task(int pool, long id, String label, String worker, double submitted, double started,
            double ended, TaskObserver.Outcome outcome) {

        /** Seconds the task waited between its submit and its start (NaN if it never started). */
        public double waited() {
            return started - submitted;
        }

        /** Seconds the task ran (NaN if it never started or has not ended). */
        public double ran() {
            return ended - started;
        }
    }

    /** A task while it is being recorded; guarded by itself. */
    private static final class Entry {
        final int pool;
        final long id;
        final String label;
        final long submitted;
        String worker;
        long started;
        long ended;
        TaskObserver.Outcome outcome;

        Entry(int pool, long id, String label, long submitted) {
            this.pool = pool;
            this.id = id;
            this.label = label;
            this.submitted = submitted;
        }
    }

    private record Key(int pool, long id) {}

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /** How many pools this timeline watches: each gets its own number, so task ids cannot clash. */
    private final java.util.concurrent.atomic.AtomicInteger pools = new java.util.concurrent.atomic.AtomicInteger();

    /** An empty timeline; {@link #watch} a pool to fill it. */
    public Timeline() {}

    /**
     * Records the tasks {@code pool} runs from now on (a ThreadPoolExecutor, a
     * ProcessPoolExecutor, a multiprocessing Pool); returns this timeline.
     */
    public Timeline watch(TaskObserver.Source pool) {
        Objects.requireNonNull(pool, "pool");
        pool.addTaskObserver(new PoolRecorder(pools.getAndIncrement()));
        return this;
    }

    /** What one watched pool tells this timeline. */
    private final class PoolRecorder implements TaskObserver {
        private final int pool;

        PoolRecorder(int pool) {
            this.pool = pool;
        }

        @Override
        public void submitted(long task, String label, long nanos) {
            entries.put(new Key(pool, task), new Entry(pool, task, label, nanos));
        }

        @Override
        public void started(long task, String worker, long nanos) {
            update(task, e -> {
                e.worker = worker;
                e.started = nanos;
            });
        }

        @Override
        public void finished(long task, Outcome outcome, long nanos) {
            update(task, e -> {
                e.ended = nanos;
                e.outcome = outcome;
            });
        }

        /** Changes a submitted task's entry under its lock; a task submitted before watching began is skipped. */
        private void update(long task, java.util.function.Consumer<Entry> change) {
            Entry e = entries.get(new Key(pool, task));
            if (e != null) {
                synchronized (e) {
                    change.accept(e);
                }
            }
        }
    }

    /** The tasks recorded so far, in the order they were submitted. */
    public List<Task> tasks() {
        List<Entry> all = new ArrayList<>(entries.values());
        long origin = all.stream().mapToLong(e -> e.submitted).min().orElse(0);
        List<Task> tasks = new ArrayList<>();
        for (Entry e : all) {
            synchronized (e) {
                tasks.add(new Task(e.pool, e.id, e.label, e.worker == null ? "" : e.worker, seconds(e.submitted, origin),
                        e.worker == null ? Double.NaN : seconds(e.started, origin),
                        e.outcome == null || e.worker == null ? Double.NaN : seconds(e.ended, origin), e.outcome));
            }
        }
        tasks.sort(Comparator.comparingDouble(Task::submitted).thenComparingInt(Task::pool).thenComparingLong(Task::id));
        return tasks;
    }

    private static double seconds(long nanos, long origin) {
        return (nanos - origin) / 1e9;
    }

    /**
     * The ids of the tasks each worker ran, workers in the order they first started a task:
     * "pid 4711" → [0, 3, 6, 9].
     */
    public Map<String, List<Long>> tasksByWorker() {
        Map<String, List<Long>> byWorker = new LinkedHashMap<>();
        tasks().stream().filter(t -> !t.worker().isEmpty())
                .sorted(Comparator.comparingDouble(Task::started))
                .forEach(t -> byWorker.computeIfAbsent(t.worker(), w -> new ArrayList<>()).add(t.id()));
        byWorker.values().forEach(ids -> ids.sort(Comparator.naturalOrder()));
        return byWorker;
    }

    /** One line per worker, as the course source prints it: {@code pid 4711 ran tasks 0, 3, 6, 9}. */
    public String summary() {
        return tasksByWorker().entrySet().stream()
                .map(e -> e.getKey() + " ran " + (e.getValue().size() == 1 ? "task " : "tasks ")
                        + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"));
    }

    /** Seconds from the first submit to the last end: the wall time of what was recorded. */
    public double wallSeconds() {
        return tasks().stream().mapToDouble(Task::ended).filter(d -> !Double.isNaN(d)).max().orElse(0);
    }

    /** Forgets every task recorded so far; the pools watched stay watched. */
    public void clear() {
        entries.clear();
    }

    /** The tasks as a table: task, label, worker, submitted, started, ended, waited and ran (seconds), outcome. */
    public Table table() {
        List<Task> tasks = tasks();
        return Table.create("timeline",
                LongColumn.create("task", tasks.stream().mapToLong(Task::id).toArray()),
                StringColumn.create("label", tasks.stream().map(Task::label).toList()),
                StringColumn.create("worker", tasks.stream().map(Task::worker).toList()),
                DoubleColumn.create("submitted_s", tasks.stream().mapToDouble(Task::submitted).map(Timeline::ms3)),
                DoubleColumn.create("started_s", tasks.stream().mapToDouble(Task::started).map(Timeline::ms3)),
                DoubleColumn.create("ended_s", tasks.stream().mapToDouble(Task::ended).map(Timeline::ms3)),
                DoubleColumn.create("waited_s", tasks.stream().mapToDouble(Task::waited).map(Timeline::ms3)),
                DoubleColumn.create("ran_s", tasks.stream().mapToDouble(Task::ran).map(Timeline::ms3)),
                StringColumn.create("outcome", tasks.stream().map(t -> t.outcome() == null ? "running" : t.outcome().name().toLowerCase()).toList()));
    }

    /** Rounds seconds to the millisecond: a table of nanosecond digits is unreadable. */
    private static double ms3(double seconds) {
        return Double.isNaN(seconds) ? Double.NaN : Math.round(seconds * 1000) / 1000.0; // NaN: it did not happen
    }

    /** A Gantt chart: one lane per worker, one bar per task from its start to its end. */
    public XYChart gantt() {
        return gantt("Which worker ran which task");
    }

    /** {@link #gantt()} with a title of your own. */
    public XYChart gantt(String title) {
        return Charts.gantt(title, tasks());
    }

    @Override
    public String toString() {
        List<Task> tasks = tasks();
        return "Timeline[" + tasks.size() + " tasks on " + tasksByWorker().size() + " workers, "
                + String.format("%.3f s", wallSeconds()) + "]";
    }
}
