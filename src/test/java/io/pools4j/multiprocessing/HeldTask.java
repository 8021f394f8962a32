package io.pools4j.multiprocessing;

import io.pools4j.futures.FileGate;

/** A task that holds its worker JVM until the test ends that worker (kill -9, terminate). */
final class HeldTask {

    private HeldTask() {}

    /**
     * Gives {@code pool} a task that never ends by itself, and returns once a worker runs it; its
     * result would be the worker's pid.
     */
    static AsyncResult<Long> running(Pool pool) {
        FileGate started = new FileGate();
        FileGate never = new FileGate();
        AsyncResult<Long> running = pool.applyAsync(() -> {
            started.open();
            never.await();
            return ProcessHandle.current().pid();
        });
        started.await();
        return running;
    }
}
