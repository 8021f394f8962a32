package io.pools4j.multiprocessing;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What to call in the parent when an asynchronous task of a {@link Pool} ends: {@code callback}
 * with its result, or {@code errorCallback} with its exception; exactly one of them, once, before
 * the {@link AsyncResult} becomes ready (so once {@code get()} returns, the callback has run).
 *
 * <pre>{@code
 * pool.applyAsync(Tasks::square, 3, Callbacks.of(results::add, errors::add));
 * }</pre>
 *
 * <p><b>Python:</b> the {@code callback=} and {@code error_callback=} arguments of
 * {@code apply_async}, {@code map_async} and {@code starmap_async}.
 *
 * <p><b>Differences from Python:</b> they run on the pool's thread that received the answer (not
 * the caller's), as Python's run on its result-handler thread, so they must be quick; a callback
 * that throws is logged on the {@code io.pools4j.multiprocessing} logger and the result is still
 * delivered (in Python it kills the result handler and the pool hangs).
 *
 * @param <R> the result type
 */
public final class Callbacks<R> {

    private static final Logger LOG = Logger.getLogger("io.pools4j.multiprocessing");
    private static final Callbacks<Object> NONE = new Callbacks<>(r -> { }, e -> { });

    private final Consumer<? super R> callback;
    private final Consumer<? super Throwable> errorCallback;

    private Callbacks(Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        this.callback = Objects.requireNonNull(callback, "callback must not be null");
        this.errorCallback = Objects.requireNonNull(errorCallback, "errorCallback must not be null");
    }

    /** Both: <b>Python:</b> {@code callback=cb, error_callback=ecb}. */
    public static <R> Callbacks<R> of(Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return new Callbacks<>(callback, errorCallback);
    }

    /** A callback for the result only: <b>Python:</b> {@code callback=cb}. */
    public static <R> Callbacks<R> callback(Consumer<? super R> callback) {
        return new Callbacks<>(callback, e -> { });
    }

    /** A callback for the exception only: <b>Python:</b> {@code error_callback=ecb}. */
    public static <R> Callbacks<R> errorCallback(Consumer<? super Throwable> errorCallback) {
        return new Callbacks<>(r -> { }, errorCallback);
    }

    /** No callbacks. */
    @SuppressWarnings("unchecked")
    static <R> Callbacks<R> none() {
        return (Callbacks<R>) NONE;
    }

    void onResult(R value) {
        run(() -> callback.accept(value), "callback");
    }

    void onError(Throwable error) {
        run(() -> errorCallback.accept(error), "errorCallback");
    }

    private static void run(Runnable call, String which) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "exception calling " + which + " of a Pool task; the result is delivered anyway", e);
        }
    }
}
