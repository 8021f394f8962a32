package io.pools4j.worker.pool;

import io.pools4j.worker.WorkerDiedException;

/**
 * Why a pool broke: the facts the owner's {@link PoolErrors#broken} turns into its exception.
 *
 * <p><b>CPython:</b> the causes {@code process.py} breaks a pool for: a process that ended
 * abruptly ({@code terminate_broken}), a failed initializer, a process that could not start.
 */
public sealed interface Breakage {

    /** A worker died unasked, under {@link DeathPolicy#BREAK_POOL}. */
    record WorkerDied(WorkerDiedException death) implements Breakage {}

    /** A worker JVM the pool waited for could not be started. */
    record StartFailed(Exception error) implements Breakage {}

    /** A worker's initializer threw {@code error}. */
    record InitializerFailed(long pid, Throwable error) implements Breakage {}

    /** The pool's manager thread failed: a bug, reported rather than left to hang the pool. */
    record ManagerFailed(Throwable error) implements Breakage {}
}
