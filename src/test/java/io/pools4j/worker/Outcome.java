package io.pools4j.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link TaskCallback} as a future, for tests: result, exception or worker death. */
final class Outcome implements TaskCallback {

    final CompletableFuture<Object> future = new CompletableFuture<>();

    @Override
    public void onResult(Object value) {
        if (!future.complete(value)) {
            throw new AssertionError("callback called twice, second time with result " + value);
        }
    }

    @Override
    public void onException(Throwable error) {
        if (!future.completeExceptionally(error)) {
            throw new AssertionError("callback called twice, second time with " + error);
        }
    }

    @Override
    public void onWorkerDeath(WorkerDiedException death) {
        onException(death);
    }

    Object get() throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 30 s: the runtime hung", e);
        }
    }

    Throwable failure() throws Exception {
        try {
            Object value = future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got result " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
