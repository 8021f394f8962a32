package io.pools4j.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.TaskObserver;
import io.pools4j.futures.ProcessPoolExecutor;
import io.pools4j.multiprocessing.Pool;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Children;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A timeline watching a process pool records which child JVM ran each task. */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessTimelineTest {

    @AfterEach
    void noChildLeft() {
        Children.assertNoneLeft();
    }

    @Test
    void aProcessPoolsTasksAreRecordedWithTheWorkersPidNotThisJvms() {
        Timeline timeline = new Timeline();
        List<Long> pids;
        try (var ex = ProcessPoolExecutor.builder().maxWorkers(2).startMethod(StartMethod.SPAWN).build()) {
            timeline.watch(ex);
            pids = ex.map(x -> ProcessHandle.current().pid(), List.of(0, 1, 2, 3, 4, 5)).toList();
        }
        List<Timeline.Task> tasks = timeline.tasks();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), tasks.stream().map(Timeline.Task::id).toList());
        Set<String> workers = tasks.stream().map(Timeline.Task::worker).collect(Collectors.toSet());
        assertEquals(pids.stream().map(pid -> "pid " + pid).collect(Collectors.toSet()), workers,
                "each task's worker is the pid that task reported");
        assertTrue(tasks.stream().allMatch(t -> t.outcome() == TaskObserver.Outcome.SUCCEEDED && t.ran() >= 0), tasks.toString());
        assertNotEquals("pid " + ProcessHandle.current().pid(), tasks.get(0).worker());
        assertEquals("submit", tasks.get(0).label());
    }

    @Test
    void aPoolMapIsRecordedOneTaskPerChunk() {
        Timeline timeline = new Timeline();
        try (var pool = Pool.builder().processes(2).startMethod(StartMethod.SPAWN).build()) {
            timeline.watch(pool);
            assertEquals(List.of(0, 1, 4, 9, 16, 25), pool.map(x -> x * x, List.of(0, 1, 2, 3, 4, 5), 2));
        }
        assertEquals(List.of("map chunk 0", "map chunk 1", "map chunk 2"),
                timeline.tasks().stream().map(Timeline.Task::label).toList());
        assertTrue(timeline.tasks().stream().allMatch(t -> t.worker().startsWith("pid ")));
    }

    @Test
    void aFailingTaskIsRecordedAsFailed() {
        Timeline timeline = new Timeline();
        try (var ex = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.SPAWN).build()) {
            timeline.watch(ex);
            ex.submit(() -> 1 / 0).exception();
        }
        assertEquals(TaskObserver.Outcome.FAILED, timeline.tasks().get(0).outcome());
    }
}
