/**
 * Python's {@code concurrent.futures} for Java: {@link io.pools4j.futures.Executor},
 * {@link io.pools4j.futures.Future}, {@link io.pools4j.futures.ThreadPoolExecutor},
 * {@link io.pools4j.futures.ProcessPoolExecutor} (workers are child JVMs),
 * {@link io.pools4j.futures.Futures#wait Futures.wait} and
 * {@link io.pools4j.futures.Futures#asCompleted Futures.asCompleted}.
 *
 * <p><b>Python:</b> {@code concurrent.futures}. Names are Python's, translated to camelCase;
 * exceptions keep Python's meaning with Java names:
 * <table>
 *   <caption>Python exceptions and their Java counterparts</caption>
 *   <tr><th>Python</th><th>pools4j</th></tr>
 *   <tr><td>{@code CancelledError}</td><td>{@link java.util.concurrent.CancellationException}</td></tr>
 *   <tr><td>{@code TimeoutError}</td><td>{@link io.pools4j.futures.FutureTimeoutException}</td></tr>
 *   <tr><td>{@code InvalidStateError}</td><td>{@link io.pools4j.futures.InvalidStateException}</td></tr>
 *   <tr><td>{@code BrokenExecutor}</td><td>{@link io.pools4j.futures.BrokenExecutorException}</td></tr>
 *   <tr><td>{@code BrokenThreadPool}</td><td>{@link io.pools4j.futures.BrokenThreadPoolException}</td></tr>
 *   <tr><td>{@code BrokenProcessPool}</td><td>{@link io.pools4j.futures.BrokenProcessPoolException}</td></tr>
 *   <tr><td>{@code RuntimeError} (submit after shutdown)</td><td>{@link java.util.concurrent.RejectedExecutionException}</td></tr>
 * </table>
 *
 * <p><b>Names that collide with the JDK.</b> {@code Future} and {@code Executor} are also in
 * {@code java.util.concurrent}, which JShell imports on demand. A single-type import
 * ({@code import io.pools4j.futures.Future;}) wins over an on-demand import, so the pools4j
 * kernel's start-up script imports both types by name; in plain {@code jshell} do the same.
 * Our {@code Future} implements {@link java.util.concurrent.Future} and our {@code Executor}
 * extends {@link java.util.concurrent.Executor}, so either can be passed where the JDK type is
 * expected.
 *
 * <p><b>Memory consistency.</b> Actions of a task happen-before the completion of its future
 * is observed by {@code result()}, {@code exception()}, {@code done()}, a done-callback,
 * {@code Futures.wait} or {@code Futures.asCompleted}; submitting a task happens-before it starts.
 */
package io.pools4j.futures;
