package io.pools4j.worker.pool;

import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Forkserver;
import io.pools4j.worker.WorkerGroup;
import io.pools4j.worker.WorkerHandle;
import io.pools4j.worker.WorkerOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Where a pool's worker JVMs come from, by start method: {@link Spawn} starts each in the pool's
 * own session; {@link FromForkserver} takes a standby of the process-wide {@link Forkserver}.
 *
 * <p><b>CPython:</b> the context's {@code Process} class that {@code _spawn_process} starts: a
 * spawned interpreter, or a fork of the fork server.
 */
sealed interface WorkerSource permits WorkerSource.Spawn, WorkerSource.FromForkserver {

    /** The source for {@code settings.startMethod()}, which {@link PoolSettings} has checked is not FORK. */
    static WorkerSource of(PoolSettings settings) {
        return settings.startMethod() == StartMethod.FORKSERVER ? new FromForkserver(settings.maxWorkers())
                : new Spawn(settings);
    }

    /**
     * One more worker, connected: at once when one is ready (a standby), else later. The future
     * fails when no JVM could be started.
     */
    CompletableFuture<WorkerHandle> next();

    /** At the pool's end: shuts down {@code taken}, the workers the pool holds, and what the source owns. */
    void close(Collection<WorkerHandle> taken, Duration grace);

    /** SPAWN: a fresh JVM per worker, in a session (directory, socket, key) of the pool's own. */
    final class Spawn implements WorkerSource {
        private final String name;
        private final WorkerGroup group;

        Spawn(PoolSettings settings) {
            this.name = settings.name();
            try {
                this.group = WorkerGroup.open(WorkerOptions.defaults().withNamePrefix(name)
                        .withPoolFlags(settings.jvmOptions()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a session for worker JVMs (" + e.getMessage()
                        + "); check that the temporary directory is writable", e);
            }
        }

        /** Starts the JVM on a launcher thread of its own: a start takes a hundred milliseconds. */
        @Override
        public CompletableFuture<WorkerHandle> next() {
            CompletableFuture<WorkerHandle> started = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name(name + "-launcher").start(() -> {
                try {
                    started.complete(group.launch());
                } catch (IOException | RuntimeException e) {
                    started.completeExceptionally(e);
                }
            });
            return started;
        }

        /** The session holds every worker the pool started: closing it ends them all. */
        @Override
        public void close(Collection<WorkerHandle> taken, Duration grace) {
            group.close(grace);
        }
    }

    /** FORKSERVER: standbys of the process-wide {@link Forkserver}, which belong to the pool once taken. */
    final class FromForkserver implements WorkerSource {

        FromForkserver(int maxWorkers) {
            Forkserver.reserve(maxWorkers); // CPython starts its server with the first pool
        }

        @Override
        public CompletableFuture<WorkerHandle> next() {
            return Forkserver.take();
        }

        /** The pool opened no session: it ends the workers it took, the server keeps its standbys. */
        @Override
        public void close(Collection<WorkerHandle> taken, Duration grace) {
            WorkerHandle.shutdownAll(taken, grace);
        }
    }
}
