package io.pools4j.worker.pool;

import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.WorkerDiedException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

/** Engines for the engine's own tests: named after the test, with errors that say which hook built them. */
final class TestPools {

    private TestPools() {}

    /** Errors that say which hook built them; {@link PoolErrors#lost} and {@code interrupted} are the defaults. */
    static final PoolErrors ERRORS = new PoolErrors() {
        @Override
        public RuntimeException broken(Breakage why) {
            return new IllegalStateException("broken: " + why);
        }

        @Override
        public RuntimeException rejected() {
            return new RejectedExecutionException("rejected after shutdown");
        }

        @Override
        public Throwable terminated(WorkerDiedException death) {
            return new IllegalStateException("terminated", death);
        }
    };

    /** An engine of one worker, without initializer or task limit; its worker JVMs are named {@code name-N}. */
    static PoolEngine oneWorker(String name, StartMethod method, int prefetch, DeathPolicy policy) {
        return new PoolEngine(new PoolSettings(name, 1, method, 0, Optional.empty(), List.of(), prefetch, policy, ERRORS,
                Logger.getLogger(name)));
    }
}
