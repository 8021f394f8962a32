package io.pools4j.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.pools4j.futures.ProcessPoolDeadlockTest.Misbehaving.Fault.ABORT;
import static io.pools4j.futures.ProcessPoolDeadlockTest.Misbehaving.Fault.CRASH;
import static io.pools4j.futures.ProcessPoolDeadlockTest.Misbehaving.Fault.ERROR;
import static io.pools4j.futures.ProcessPoolDeadlockTest.Misbehaving.Fault.EXIT;
import static io.pools4j.futures.ProcessPoolDeadlockTest.Misbehaving.Step.READ;
import static io.pools4j.futures.ProcessPoolDeadlockTest.Misbehaving.Step.WRITE;

import io.pools4j.fn.Fn0;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Children;
import io.pools4j.worker.NotSendableException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's deadlock matrix ({@code test_concurrent_futures/test_deadlock.py},
 * {@code ExecutorDeadlockTest}): a task that fails at every step of its way to a worker JVM and
 * back, in each of three ways, and a few shutdown and flooding cases. None may hang; each gives
 * the caller one clear exception.
 *
 * <p>Translated: "pickle" is Java serialization (of the task and its arguments in the parent, of
 * the result in the worker), "unpickle" its deserialization (of the task in the worker, of the
 * result in the parent). "Error" is an exception thrown by {@code writeObject}/{@code readObject}
 * or the task; "exit" is {@code System.exit(1)}; "crash" is the JVM dying hard, here SIGKILL sent
 * to itself (CPython's segfault: no exit hook runs, no frame is sent). Python's outcomes, by
 * their Java names: {@code PicklingError} is {@link NotSendableException}, {@code BrokenProcessPool}
 * is {@link BrokenProcessPoolException}. Where ours differs, the test's javadoc says why.
 *
 * <p>Every case runs on a new SPAWN pool of two workers, as CPython's {@code _check_error} does;
 * the start method only changes how a worker JVM is obtained, not what happens to its tasks.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessPoolDeadlockTest {

    /** CPython's {@code support.LONG_TIMEOUT} plays this part: longer than any outcome takes, short of the class timeout. */
    private static final double TIMEOUT_S = 60;

    private ProcessPoolExecutor ex;

    private ProcessPoolExecutor pool() {
        ex = ProcessPoolExecutor.builder().maxWorkers(2).startMethod(StartMethod.SPAWN).build();
        return ex;
    }

    /** CPython's {@code _fail_on_deadlock}: whatever a test left, its workers are ended and none is left. */
    @AfterEach
    void noWorkerJvmLeft() {
        if (ex != null) {
            ex.killWorkers();
        }
        Children.assertNoneLeft();
    }

    /**
     * CPython's {@code _check_error}: {@code fn} on a new pool fails its future with {@code expected}
     * within the timeout, and the pool then shuts down. Returns the exception.
     */
    private <T extends Throwable> T checkError(Class<T> expected, Fn0<?> fn) {
        ProcessPoolExecutor ex = pool();
        Future<?> f = ex.submit(fn);
        T error = assertInstanceOf(expected, f.exception(TIMEOUT_S));
        ex.shutdown();
        return error;
    }

    /** A {@link #checkError} whose pool is not broken: a task after the failed one still runs. */
    private <T extends Throwable> T checkErrorAndPoolGoesOn(Class<T> expected, Fn0<?> fn) {
        ProcessPoolExecutor ex = pool();
        Future<?> f = ex.submit(fn);
        T error = assertInstanceOf(expected, f.exception(TIMEOUT_S));
        assertEquals(42, ex.submit(() -> 42).result(TIMEOUT_S), "the pool is still usable");
        ex.shutdown();
        return error;
    }

    private static void assertBrokenWithExitCode(BrokenProcessPoolException e, int exitCode) {
        assertEquals(exitCode, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("worker pid " + e.pid() + " exited with code " + exitCode), e.getMessage());
    }

    // ---- the task on its way to the worker ----

    /** {@code test_error_at_task_pickle}: Python's PicklingError; only that future fails. */
    @Test
    void anErrorWhileSerializingATaskArgumentFailsItsFutureNamingTheArgument() {
        ProcessPoolExecutor ex = pool();
        Future<?> f = ex.submit(a -> a, new Misbehaving(WRITE, ERROR));
        NotSendableException e = assertInstanceOf(NotSendableException.class, f.exception(TIMEOUT_S));
        assertTrue(e.getMessage().startsWith("argument 1 of type " + Misbehaving.class.getName()
                + ", which cannot be sent to a worker JVM"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause(), "the writeObject exception is the cause");
        assertEquals(42, ex.submit(() -> 42).result(TIMEOUT_S), "the pool is still usable");
        ex.shutdown();
    }

    /** {@code test_exit_at_task_unpickle}: the worker exits while it reads the task; Python's BrokenProcessPool. */
    @Test
    void systemExitWhileAWorkerDeserializesATaskBreaksThePool() {
        assertBrokenWithExitCode(checkError(BrokenProcessPoolException.class, identity(new Misbehaving(READ, EXIT))), 1);
    }

    /**
     * {@code test_error_at_task_unpickle}. <b>Differs from Python</b>, where the worker cannot go on
     * and the pool breaks: here the worker reports the task it cannot decode, with the
     * {@code readObject} exception as the cause, and the pool goes on.
     */
    @Test
    void anErrorWhileAWorkerDeserializesATaskFailsOnlyThatTask() {
        IllegalStateException e = checkErrorAndPoolGoesOn(IllegalStateException.class, identity(new Misbehaving(READ, ERROR)));
        assertTrue(e.getMessage().startsWith("the task could not be decoded in the worker JVM: "
                + "java.lang.IllegalStateException: Misbehaving(READ, ERROR) refuses to be read"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause(), "the readObject exception is the cause");
    }

    /** {@code test_crash_at_task_unpickle}: Python's BrokenProcessPool. */
    @Test
    void aCrashWhileAWorkerDeserializesATaskBreaksThePool() {
        assertBrokenWithExitCode(checkError(BrokenProcessPoolException.class, identity(new Misbehaving(READ, CRASH))), 137);
    }

    // ---- the task running ----

    /** {@code test_crash_during_func_exec_on_worker}: Python's BrokenProcessPool. */
    @Test
    void aCrashWhileATaskRunsBreaksThePool() {
        assertBrokenWithExitCode(checkError(BrokenProcessPoolException.class, () -> Crash.now()), 137);
    }

    /**
     * {@code test_exit_during_func_exec_on_worker}. <b>Differs from Python</b>, where
     * {@code sys.exit} raises SystemExit, an exception the worker sends back: Java's
     * {@code System.exit} ends the JVM (no exception to catch, and no SecurityManager since JDK 24
     * to refuse it), so the pool breaks, naming the exit code.
     */
    @Test
    void systemExitWhileATaskRunsBreaksThePoolNamingExitCode1() {
        assertBrokenWithExitCode(checkError(BrokenProcessPoolException.class, () -> {
            System.exit(1);
            return null;
        }), 1);
    }

    /** {@code test_error_during_func_exec_on_worker}: the task's own exception, with the worker's trace as cause. */
    @Test
    void anExceptionThrownByATaskIsItsFuturesException() {
        IllegalStateException e = checkErrorAndPoolGoesOn(IllegalStateException.class, () -> {
            throw new IllegalStateException("raised in the task");
        });
        assertEquals("raised in the task", e.getMessage());
        assertTrue(e.getCause().getMessage().contains("raised in the task"), "the worker's stack trace is the cause");
    }

    // ---- the result on its way back ----

    /** {@code test_crash_during_result_pickle_on_worker}: Python's BrokenProcessPool. */
    @Test
    void aCrashWhileAWorkerSerializesAResultBreaksThePool() {
        assertBrokenWithExitCode(checkError(BrokenProcessPoolException.class, () -> new Misbehaving(WRITE, CRASH)), 137);
    }

    /**
     * {@code test_exit_during_result_pickle_on_worker}. <b>Differs from Python</b> (SystemExit
     * comes back as the task's exception) for the reason given at
     * {@link #systemExitWhileATaskRunsBreaksThePoolNamingExitCode1}.
     */
    @Test
    void systemExitWhileAWorkerSerializesAResultBreaksThePool() {
        assertBrokenWithExitCode(checkError(BrokenProcessPoolException.class, () -> new Misbehaving(WRITE, EXIT)), 1);
    }

    /** {@code test_error_during_result_pickle_on_worker}: Python's PicklingError; only that future fails. */
    @Test
    void anErrorWhileAWorkerSerializesAResultFailsItsFutureNamingTheResultType() {
        NotSendableException e = checkErrorAndPoolGoesOn(NotSendableException.class, () -> new Misbehaving(WRITE, ERROR));
        assertTrue(e.getMessage().startsWith("result of type " + Misbehaving.class.getName()
                + ", which cannot be sent back from a worker JVM"), e.getMessage());
    }

    /**
     * {@code test_error_during_result_unpickle_in_result_handler}. <b>Differs from Python</b>,
     * whose result handler thread reads every worker's results and breaks the pool when one cannot
     * be unpickled: here the result is decoded for its task alone, so only that task fails, naming
     * the result's type, with the {@code readObject} exception as the cause.
     */
    @Test
    void anErrorWhileTheParentDeserializesAResultFailsOnlyThatTask() {
        NotSendableException e = checkErrorAndPoolGoesOn(NotSendableException.class, () -> new Misbehaving(READ, ERROR));
        assertTrue(e.getMessage().startsWith("result of task "), e.getMessage());
        assertTrue(e.getMessage().contains(Misbehaving.class.getName()), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause(), "the readObject exception is the cause");
    }

    /**
     * {@code test_exit_during_result_unpickle_in_result_handler}. A {@code System.exit} in the
     * parent ends the parent, the notebook's kernel, in Java as surely as in Python's main thread;
     * what Python tests is that SystemExit, the exception no {@code except Exception} catches, does
     * not leave the result handler dead with futures waiting. Java's counterpart is an
     * {@link Error} thrown by {@code readObject} in the parent's reader thread. <b>Differs from
     * Python</b> (BrokenProcessPool): only that task fails, with the Error as the cause.
     */
    @Test
    void anErrorNotAnExceptionWhileTheParentDeserializesAResultFailsOnlyThatTask() {
        NotSendableException e = checkErrorAndPoolGoesOn(NotSendableException.class, () -> new Misbehaving(READ, ABORT));
        assertTrue(e.getMessage().contains(Misbehaving.class.getName()), e.getMessage());
        assertInstanceOf(Abort.class, e.getCause());
    }

    // ---- shutdown and floods ----

    /** {@code test_shutdown_deadlock}: a worker that crashes while shutdown() waits for it; Python's BrokenProcessPool. */
    @Test
    void aWorkerCrashingWhileShutdownWaitsEndsTheShutdownAndBreaksItsTask() throws Exception {
        ProcessPoolExecutor ex = pool();
        FileGate started = new FileGate();
        FileGate crash = new FileGate();
        Future<Object> f = ex.submit(() -> {
            started.open();
            crash.await();
            return Crash.now();
        });
        started.await();
        Thread shutter = Thread.ofPlatform().name("shutdown-caller").start(() -> ex.shutdown());
        while (!ex.toString().endsWith(" shut down>")) {
            Thread.onSpinWait(); // until shutdown() has begun: there is no event for it; the class timeout bounds it
        }
        crash.open();
        shutter.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(shutter.isAlive(), "shutdown() returned after the worker crashed");
        assertInstanceOf(BrokenProcessPoolException.class, f.exception(0));
    }

    /**
     * {@code test_shutdown_deadlock_pickle} (bpo-39104): a task whose argument fails to serialize,
     * then {@code shutdown(NO_WAIT)}: its future fails, and the pool's manager thread ends.
     */
    @Test
    void aTaskFailingToSerializeAfterShutdownWithoutWaitFailsAndThePoolEnds() throws Exception {
        ProcessPoolExecutor ex = pool();
        assertEquals(42, ex.submit(() -> 42).result(TIMEOUT_S));
        String managerName = ex.toString().split(" ")[1] + "-manager"; // <ProcessPoolExecutor NAME maxWorkers=...
        Thread manager = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(managerName)).findFirst().orElseThrow();
        Future<?> f = ex.submit(a -> a, new Misbehaving(WRITE, ERROR));
        ex.shutdown(ShutdownOption.NO_WAIT);
        assertInstanceOf(NotSendableException.class, f.exception(TIMEOUT_S));
        manager.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(manager.isAlive(), "the manager thread ended");
    }

    /**
     * {@code test_crash_big_data} (gh-94777): workers crash while the parent is still writing
     * tasks of 4 MiB each to them; iterating the map throws Python's BrokenProcessPool.
     */
    @Test
    void workersCrashingWhileBigTasksAreBeingSentBreakThePool() {
        ProcessPoolExecutor ex = pool();
        String data = "a".repeat(4 * 1024 * 1024 + 1); // CPython's support.PIPE_MAX_SIZE: more than a pipe or socket buffer holds
        MapIterator<Object> results = ex.map(d -> Crash.now(), Collections.nCopies(10, data));
        assertThrows(BrokenProcessPoolException.class, results::toList);
        ex.shutdown();
    }

    /**
     * {@code test_gh105829_should_not_deadlock_if_wakeup_pipe_full}: CPython's submit wrote to a
     * wake-up pipe that filled while its manager thread was held, and blocked. Here the manager
     * is held for real, inside the {@code writeObject} of a task's argument, while a map submits
     * 1,000 tasks: every submit returns, and once the manager goes on every task runs.
     */
    @Test
    void submitNeverWaitsForAManagerThreadThatIsHeld() throws InterruptedException {
        ProcessPoolExecutor ex = pool();
        HeldAtPickle.reset();
        Future<String> held = ex.submit(a -> "sent", new HeldAtPickle());
        try {
            assertTrue(HeldAtPickle.entered.await(30, TimeUnit.SECONDS), "the manager thread is serializing the argument");
            MapIterator<Integer> results = ex.map((Integer i) -> i, IntStream.range(0, 1000).boxed().toList());
            assertEquals(1, HeldAtPickle.release.getCount(), "the map was submitted while the manager was held");
            HeldAtPickle.release.countDown();
            assertEquals(IntStream.range(0, 1000).boxed().toList(), results.toList());
            assertEquals("sent", held.result(TIMEOUT_S));
        } finally {
            HeldAtPickle.release.countDown();
        }
        ex.shutdown();
    }

    // ---- the bad values (CPython's CrashAtPickle, ExitAtUnpickle, ErrorAtPickle ...) ----

    private static Fn0<Object> identity(Object value) {
        return () -> value;
    }

    /** Ends this JVM the hard way: SIGKILL to itself, as the OOM killer would; no exit hook, no last frame. */
    static final class Crash {
        private Crash() {}

        static Object now() {
            try {
                new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                Thread.sleep(TimeUnit.SECONDS.toMillis(60)); // the signal is on its way
            } catch (IOException | InterruptedException e) {
                Runtime.getRuntime().halt(137); // cannot signal: die as hard another way
            }
            throw new IllegalStateException("still alive 60 s after SIGKILL to pid " + ProcessHandle.current().pid());
        }
    }

    /** An Error, not an Exception: what Python's SystemExit is to {@code except Exception}. */
    static final class Abort extends Error {
        @Serial
        private static final long serialVersionUID = 1L;

        Abort(String message) {
            super(message);
        }
    }

    /**
     * CPython's ErrorAtPickle, ExitAtUnpickle, CrashAtPickle ...: a value that misbehaves when it
     * is written ({@code WRITE}) or read ({@code READ}). A class, not a record: serialization
     * ignores a record's writeObject and readObject.
     */
    static final class Misbehaving implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        enum Step { WRITE, READ }

        enum Fault { ERROR, ABORT, EXIT, CRASH }

        private final Step step;
        private final Fault fault;

        Misbehaving(Step step, Fault fault) {
            this.step = step;
            this.fault = fault;
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            if (step == Step.WRITE) {
                misbehave("written");
            }
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            if (step == Step.READ) {
                misbehave("read");
            }
        }

        private void misbehave(String when) {
            String what = "Misbehaving(" + step + ", " + fault + ") refuses to be " + when;
            switch (fault) {
                case ERROR -> throw new IllegalStateException(what);
                case ABORT -> throw new Abort(what);
                case EXIT -> System.exit(1);
                case CRASH -> Crash.now();
            }
        }
    }

    /** Holds the thread that serializes it (in the parent: the pool's manager) until {@link #release}. */
    static final class HeldAtPickle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static CountDownLatch entered;
        static CountDownLatch release;

        static void reset() {
            entered = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            entered.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("HeldAtPickle was never released (waited 60 s)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
            out.defaultWriteObject();
        }
    }
}
