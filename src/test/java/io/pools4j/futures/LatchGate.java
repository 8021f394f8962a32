package io.pools4j.futures;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link Gate} for backends that run tasks in this JVM: a latch found by id. */
final class LatchGate implements Gate {
    private static final Map<UUID, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
    private final UUID id = UUID.randomUUID();

    LatchGate() {
        LATCHES.put(id, new CountDownLatch(1));
    }

    @Override
    public void await() throws Exception {
        if (!LATCHES.get(id).await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate " + id + " was never opened");
        }
    }

    @Override
    public void open() {
        LATCHES.get(id).countDown();
    }
}
