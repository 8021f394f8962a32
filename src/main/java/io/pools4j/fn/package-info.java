/**
 * Serializable functional interfaces for everything that pools4j runs: tasks passed to
 * {@code submit}, {@code map}, {@code apply} and {@code Process(target, ...)}.
 *
 * <p>A lambda or method reference whose target type is one of these interfaces is
 * serializable without a cast, so the same code runs on a thread pool and, shipped with its
 * captured values, in a worker JVM of a process pool. Every {@code call}/{@code apply}/{@code run}
 * may throw any exception, as a Python function may raise anything: the executor stores it in
 * the task's {@link io.pools4j.futures.Future} and {@code result()} throws it to the caller.
 *
 * <p><b>Python:</b> any callable; Python needs no such types, but pickles functions by
 * name, which is why a function defined in a notebook cannot reach a spawned worker there.
 */
package io.pools4j.fn;
