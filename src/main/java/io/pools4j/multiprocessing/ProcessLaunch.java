package io.pools4j.multiprocessing;

import io.pools4j.worker.Forkserver;
import io.pools4j.worker.NotSendableException;
import io.pools4j.worker.TaskCallback;
import io.pools4j.worker.WorkerDiedException;
import io.pools4j.worker.WorkerGroup;
import io.pools4j.worker.WorkerHandle;
import io.pools4j.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How a {@link Process}'s child starts: a JVM by the start method (SPAWN launches one, FORKSERVER
 * takes a warm standby), the process sent to it as a {@link ProcessBootstrap}, and what the child
 * may answer: nothing when all goes well (it exits), else that it could not run the process.
 *
 * <p><b>CPython:</b> {@code multiprocessing.popen_spawn_posix.Popen} and
 * {@code popen_forkserver.Popen}: launch, then send the pickled process object.
 *
 * <p>Thread-safe: {@link #spawnGroup} is guarded by the class.
 */
final class ProcessLaunch {

    /** The session of every SPAWN process's JVM, opened on first use; it lives as long as this JVM. */
    private static WorkerGroup spawnGroup;

    private ProcessLaunch() {}

    /**
     * Starts {@code process}'s child and returns it once the child has the process.
     *
     * @param failedToRun called if the child cannot run the process (a class it cannot load): the
     *                    child is then killed, after its error was printed as Python prints a failing run()
     * @throws NotSendableException when the process cannot be serialized (no child is left)
     * @throws UncheckedIOException when no JVM could be started
     */
    static WorkerHandle start(Process process, StartMethod method, Runnable failedToRun) {
        WorkerHandle child;
        try {
            child = launch(method);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM for process " + process.name() + ": "
                    + e.getMessage(), e);
        }
        CompletableFuture<Object> sent = new CompletableFuture<>();
        child.submit(0, new ProcessBootstrap(process, process.authkey()), new Answer(process.name(), child, sent, failedToRun));
        if (sent.isCompletedExceptionally() && sent.exceptionNow() instanceof NotSendableException e) {
            child.kill();
            throw new NotSendableException("process " + process.name(), e.valueType(), NotSendableException.Direction.TO_WORKER,
                    "a Process is serialized to its child JVM with its target, its arguments and a subclass's fields: "
                    + "make them Serializable, or mark a field transient", e);
        }
        return child;
    }

    /** A connected child JVM for a process started with {@code method}. */
    private static WorkerHandle launch(StartMethod method) throws IOException {
        if (method == StartMethod.FORKSERVER) {
            Forkserver.reserve(1); // a standby kept ready for the next process, as a pool keeps its own number
            try {
                return Forkserver.take().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
        return spawnGroup().launch();
    }

    private static synchronized WorkerGroup spawnGroup() throws IOException {
        if (spawnGroup == null) {
            spawnGroup = WorkerGroup.open(WorkerOptions.defaults().withNamePrefix("pools4j-process"));
        }
        return spawnGroup;
    }

    /** The child's answer to the bootstrap: normally none (the child exits), else a failure to run at all. */
    private record Answer(String name, WorkerHandle child, CompletableFuture<Object> sent, Runnable failedToRun)
            implements TaskCallback {

        @Override
        public void onResult(Object value) {
            sent.complete(value);
        }

        /** The child could not decode the process: reported as Python reports a run() that raised. */
        @Override
        public void onException(Throwable error) {
            sent.completeExceptionally(error);
            if (error instanceof NotSendableException) {
                return; // never sent: start() throws it
            }
            failedToRun.run();
            System.err.println("Process " + name + ":");
            error.printStackTrace();
            child.kill();
        }

        @Override
        public void onWorkerDeath(WorkerDiedException death) {
            sent.complete(null); // the child exited: the end the bootstrap chose, or a kill
        }
    }
}
