package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.futures.ProcessPoolExecutor;
import io.pools4j.multiprocessing.Multiprocessing.Force;
import io.pools4j.worker.Children;
import io.pools4j.worker.Forkserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Start methods, contexts and which process this is: what CPython's {@code TestStartMethod}
 * ({@code test_context}, {@code test_set_get}, {@code test_get_all_start_methods},
 * {@code test_spawn_dont_set_context}) and {@code _TestProcess.test_current} /
 * {@code test_parent_process} check (python_api.md §3 items 43 and 57).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextTest {

    @BeforeEach
    @AfterEach
    void unsetTheStartMethod() {
        Multiprocessing.setStartMethod(null, Force.FORCE);
    }

    @AfterAll
    static void noWorkerJvmLeft() {
        Children.assertNoneLeft();
    }

    @Test
    void aContextHasTheStartMethodItWasAskedFor() {
        assertEquals(StartMethod.SPAWN, Multiprocessing.getContext(StartMethod.SPAWN).getStartMethod());
        assertEquals(StartMethod.FORKSERVER, Multiprocessing.getContext("forkserver").getStartMethod());
        assertEquals(StartMethod.SPAWN, Multiprocessing.getContext("spawn").getStartMethod());
    }

    @Test
    void aContextsOwnContextIsItself() {
        Context ctx = Multiprocessing.getContext(StartMethod.SPAWN);
        assertSame(ctx, ctx.getContext());
        assertEquals("<Context spawn>", ctx.toString());
    }

    @Test
    void theForkContextIsRefusedWithTheReasonAndWhatToUse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Multiprocessing.getContext("fork"));
        assertTrue(e.getMessage().contains("a forked JVM keeps only the thread that called fork()"), e.getMessage());
        assertTrue(e.getMessage().contains("StartMethod.SPAWN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.getContext(StartMethod.FORK));
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.setStartMethod(StartMethod.FORK));
    }

    @Test
    void anUnknownStartMethodNameIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Multiprocessing.getContext("thread"));
        assertEquals("cannot find context for 'thread'; the start methods are [forkserver, spawn]", e.getMessage());
    }

    @Test
    void theDefaultStartMethodIsForkserverAndGettingItFixesIt() {
        assertNull(Multiprocessing.getStartMethodOrNull());
        assertEquals(StartMethod.FORKSERVER, Multiprocessing.getStartMethod());
        assertEquals(StartMethod.FORKSERVER, Multiprocessing.getStartMethodOrNull(), "fixed by the first get");
        assertThrows(IllegalStateException.class, () -> Multiprocessing.setStartMethod(StartMethod.SPAWN));
    }

    @Test
    void theStartMethodCanBeSetOnceAndThenOnlyWithForce() {
        Multiprocessing.setStartMethod(StartMethod.SPAWN);
        assertEquals(StartMethod.SPAWN, Multiprocessing.getStartMethod());
        assertEquals(StartMethod.SPAWN, Multiprocessing.getContext().getStartMethod());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Multiprocessing.setStartMethod(StartMethod.FORKSERVER));
        assertTrue(e.getMessage().startsWith("context has already been set (to spawn)"), e.getMessage());
        Multiprocessing.setStartMethod(StartMethod.FORKSERVER, Force.FORCE);
        assertEquals(StartMethod.FORKSERVER, Multiprocessing.getStartMethod());
    }

    @Test
    void forcingNullUnsetsTheStartMethod() {
        Multiprocessing.setStartMethod(StartMethod.SPAWN);
        Multiprocessing.setStartMethod(null, Force.FORCE);
        assertNull(Multiprocessing.getStartMethodOrNull());
    }

    @Test
    void aConcreteContextDoesNotSetTheProgramWideStartMethod() {
        Multiprocessing.getContext(StartMethod.SPAWN);
        assertNull(Multiprocessing.getStartMethodOrNull());
    }

    @Test
    void allStartMethodsListTheDefaultFirstAndNeverFork() {
        List<StartMethod> all = Multiprocessing.getAllStartMethods();
        assertEquals(StartMethod.FORKSERVER, all.get(0));
        assertFalse(all.contains(StartMethod.FORK));
    }

    @Test
    void cpuCountIsTheProcessorsThisJvmMayUse() {
        assertEquals(Runtime.getRuntime().availableProcessors(), Multiprocessing.cpuCount());
        assertEquals(Multiprocessing.cpuCount(), Multiprocessing.getContext(StartMethod.SPAWN).cpuCount());
    }

    @Test
    void theMainProcessIsNamedMainProcessAndHasNoParent() {
        CurrentProcess me = Multiprocessing.currentProcess();
        assertEquals("MainProcess", me.name());
        assertEquals(ProcessHandle.current().pid(), me.pid());
        assertFalse(me.daemon());
        assertTrue(Multiprocessing.parentProcess().isEmpty());
    }

    @Test
    @Tag("process")
    void aContextsPoolAndProcessUseItsStartMethod() {
        Context spawn = Multiprocessing.getContext("spawn");
        try (Pool pool = spawn.pool(1)) {
            assertEquals(StartMethod.SPAWN, pool.startMethod());
            assertEquals(4, pool.apply((Integer x) -> x * x, 2));
        }
        Queue<String> q = spawn.queue();
        Process p = spawn.process(queue -> queue.put("hello"), q);
        p.start();
        assertEquals("hello", q.get(30));
        p.join();
        assertEquals(0, p.exitcode());
        assertNull(Multiprocessing.getStartMethodOrNull(), "a context does not set the program's start method");
    }

    @Test
    @Tag("process")
    void aWorkerKnowsItsNameItsPidAndItsParent() {
        try (var pool = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.SPAWN).build()) {
            CurrentProcess worker = pool.submit(Multiprocessing::currentProcess).result(30);
            long parent = pool.submit(() -> Multiprocessing.parentProcess().orElseThrow().pid()).result(30);
            assertTrue(worker.name().startsWith("ProcessPoolExecutor-"), worker.name());
            assertNotEquals(ProcessHandle.current().pid(), worker.pid());
            assertTrue(worker.daemon(), "a pool's worker ends with its parent");
            assertEquals(ProcessHandle.current().pid(), parent);
        }
    }

    @Test
    void stopForkserverEndsTheIdleStandbyJvms() throws Exception {
        try (Pool pool = Multiprocessing.getContext(StartMethod.FORKSERVER).pool(1)) {
            assertEquals(4, pool.apply((Integer x) -> x * x, 2));
        }
        Set<Long> standbys = Children.standbysUp(1); // the one the pool took was replaced
        Multiprocessing.stopForkserver();
        for (long pid : standbys) {
            assertFalse(Children.running(pid), "standby " + pid + " still running after stopForkserver()");
        }
        assertEquals(Set.of(), Forkserver.standbyPids());
        Children.assertNoneLeft();
    }
}
