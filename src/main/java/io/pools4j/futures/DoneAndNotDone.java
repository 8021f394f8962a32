package io.pools4j.futures;

import java.util.Set;

/**
 * What {@link Futures#wait} returns: the futures that are done and those that are not.
 *
 * <p><b>Python:</b> {@code concurrent.futures.DoneAndNotDoneFutures(done, not_done)}.
 *
 * @param done    futures that finished or were cancelled (and noticed by their executor)
 * @param notDone the others
 * @param <T> the futures' result type
 */
public record DoneAndNotDone<T>(Set<Future<T>> done, Set<Future<T>> notDone) {
    public DoneAndNotDone {
        done = Set.copyOf(done);
        notDone = Set.copyOf(notDone);
    }
}
