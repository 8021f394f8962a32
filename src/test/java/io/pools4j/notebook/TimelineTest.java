package io.pools4j.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.TaskObserver;
import io.pools4j.futures.Future;
import io.pools4j.futures.ThreadPoolExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tech.tablesaw.api.Table;

/** A timeline records when and where each task of a watched pool ran. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimelineTest {

    @Test
    void eachTaskIsRecordedWithItsWorkerAndTimesInOrder() throws Exception {
        Timeline timeline = new Timeline();
        try (var ex = ThreadPoolExecutor.builder().maxWorkers(2).threadNamePrefix("lane").build()) {
            timeline.watch(ex);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                futures.add(ex.submit(() -> n * n));
            }
            for (Future<Integer> f : futures) {
                f.result();
            }
        }
        List<Timeline.Task> tasks = timeline.tasks();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), tasks.stream().map(Timeline.Task::id).toList());
        for (Timeline.Task t : tasks) {
            assertTrue(t.worker().startsWith("lane_"), t.toString());
            assertTrue(t.submitted() <= t.started() && t.started() <= t.ended(), t.toString());
            assertEquals(TaskObserver.Outcome.SUCCEEDED, t.outcome());
        }
        assertEquals(0.0, tasks.get(0).submitted(), "times count from the first submit");
    }

    @Test
    void theSummarySaysWhichWorkerRanWhichTasksAsTheCourseSourcePrintsIt() {
        Timeline timeline = new Timeline();
        FakePool pool = new FakePool();
        timeline.watch(pool);
        pool.run(0, "pid 11");
        pool.run(1, "pid 12");
        pool.run(2, "pid 11");
        pool.run(3, "pid 12");
        pool.run(4, "pid 11");
        assertEquals("pid 11 ran tasks 0, 2, 4\npid 12 ran tasks 1, 3", timeline.summary());
        assertEquals(Map.of("pid 11", List.of(0L, 2L, 4L), "pid 12", List.of(1L, 3L)), timeline.tasksByWorker());
    }

    @Test
    void aTaskCancelledBeforeItStartedHasNoWorkerAndNoRunTime() throws Exception {
        Timeline timeline = new Timeline();
        CountDownLatch release = new CountDownLatch(1);
        try (var ex = new ThreadPoolExecutor(1)) {
            timeline.watch(ex);
            Future<Object> blocker = ex.submit(() -> { release.await(); return null; });
            Future<Integer> queued = ex.submit(() -> 1);
            assertTrue(queued.cancel());
            release.countDown();
            blocker.result();
        }
        Timeline.Task cancelled = timeline.tasks().get(1);
        assertEquals(TaskObserver.Outcome.CANCELLED, cancelled.outcome());
        assertEquals("", cancelled.worker());
        assertTrue(Double.isNaN(cancelled.ran()));
        assertTrue(timeline.table().doubleColumn("started_s").isMissing(1), "the table leaves its start empty, not 0");
    }

    @Test
    void aFailedTaskIsRecordedAsFailed() throws Exception {
        Timeline timeline = new Timeline();
        try (var ex = new ThreadPoolExecutor(1)) {
            timeline.watch(ex);
            Future<Integer> f = ex.submit(() -> 1 / 0);
            f.exception();
        }
        assertEquals(TaskObserver.Outcome.FAILED, timeline.tasks().get(0).outcome());
    }

    @Test
    void twoPoolsOnOneTimelineKeepTheirTasksApart() {
        Timeline timeline = new Timeline();
        FakePool a = new FakePool();
        FakePool b = new FakePool();
        timeline.watch(a).watch(b);
        a.run(0, "a-0");
        b.run(0, "b-0");
        assertEquals(2, timeline.tasks().size());
        assertEquals(List.of(0, 1), timeline.tasks().stream().map(Timeline.Task::pool).sorted().toList());
    }

    @Test
    void theTableHasOneRowPerTaskWithRoundedSeconds() {
        Timeline timeline = new Timeline();
        FakePool pool = new FakePool();
        timeline.watch(pool);
        pool.run(0, "pid 1");
        pool.run(1, "pid 2");
        Table table = timeline.table();
        assertEquals(2, table.rowCount());
        assertEquals(List.of("task", "label", "worker", "submitted_s", "started_s", "ended_s", "waited_s", "ran_s", "outcome"),
                table.columnNames());
        assertEquals("succeeded", table.stringColumn("outcome").get(0));
    }

    @Test
    void clearForgetsWhatWasRecordedButKeepsWatching() {
        Timeline timeline = new Timeline();
        FakePool pool = new FakePool();
        timeline.watch(pool);
        pool.run(0, "pid 1");
        timeline.clear();
        assertFalse(timeline.tasks().iterator().hasNext());
        pool.run(1, "pid 1");
        assertEquals(1, timeline.tasks().size());
    }

    /** A pool that reports tasks as told, so that summaries can be checked exactly. */
    static final class FakePool implements TaskObserver.Source {
        private final List<TaskObserver> observers = new ArrayList<>();
        private long clock = 1_000;

        @Override
        public void addTaskObserver(TaskObserver observer) {
            observers.add(observer);
        }

        @Override
        public void removeTaskObserver(TaskObserver observer) {
            observers.remove(observer);
        }

        void run(long id, String worker) {
            long at = clock;
            clock += 10_000_000; // 10 ms per task
            observers.forEach(o -> {
                o.submitted(id, "submit", at);
                o.started(id, worker, at + 1_000_000);
                o.finished(id, TaskObserver.Outcome.SUCCEEDED, at + 9_000_000);
            });
        }
    }
}
