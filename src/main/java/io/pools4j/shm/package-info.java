/**
 * Internal: shared memory for io.pools4j.multiprocessing. Never imported by a notebook.
 *
 * <ul>
 * <li>{@link io.pools4j.shm.ShmSession}: this JVM's directory of mapped files under /dev/shm (0700),
 *     removed at exit, swept at start-up when its owner died;</li>
 * <li>{@link io.pools4j.shm.Segment}: a mapped file as an Agrona {@code UnsafeBuffer};</li>
 * <li>{@link io.pools4j.shm.WaitWord} and {@link io.pools4j.shm.Futex}: spin, then sleep on a futex
 *     of a shared 32-bit word (FFM {@code syscall(SYS_futex)}), so a waiter costs no CPU;</li>
 * <li>{@link io.pools4j.shm.ShmMutex}: a mutex whose word is its owner's pid, so a dead owner is seen;</li>
 * <li>{@link io.pools4j.shm.MessageRing}: variable-length messages through Agrona's one-to-one or
 *     many-to-one ring buffer, with parts or spill files for messages longer than a record.</li>
 * </ul>
 *
 * <p>Why Agrona: its ring buffers are the ones Aeron runs between processes over mapped files, kept
 * and tested for that use; MPMC is one reader at a time under a {@link io.pools4j.shm.ShmMutex}, as
 * CPython's Queue holds its read lock while it waits.
 */
package io.pools4j.shm;
