/**
 * Python's {@code multiprocessing} for Java. So far it holds the start methods
 * ({@link io.pools4j.multiprocessing.StartMethod}), which {@code concurrent.futures}'
 * {@code ProcessPoolExecutor} takes from here, as Python's takes its {@code mp_context} from
 * {@code multiprocessing}; contexts ({@link io.pools4j.multiprocessing.Context}) and the module's
 * functions ({@link io.pools4j.multiprocessing.Multiprocessing}: {@code getContext},
 * {@code setStartMethod}, {@code cpuCount}, {@code currentProcess}, ...); {@code Pool},
 * {@code Process}, {@code Queue}, {@code Pipe} and the shared-memory types follow (issue 7).
 *
 * <p><b>Python:</b> {@code multiprocessing}.
 */
package io.pools4j.multiprocessing;
