package io.pools4j.worker;

import io.pools4j.fn.Fn0;
import java.util.List;

/**
 * Runs, in a fresh worker, the path a first task takes (deserializing a lambda, calling it,
 * serializing its result) on a throw-away lambda, on its own thread, while the main thread waits
 * for the parent: the key on stdin, the connection, the challenge, the first TASK frame. What it
 * initialises (ObjectInputStream and ObjectOutputStream, ObjectStreamClass, SerializedLambda,
 * LambdaMetafactory) is then ready when the real task arrives. Measured in docs/worker-startup.md.
 *
 * <p><b>CPython:</b> none; a spawned Python child imports the modules it needs the same way, on
 * its one thread, before it reads its first call item.
 *
 * <p>Failures are ignored: the real task takes the same path and reports them properly.
 */
final class Warmup implements Runnable {

    @Override
    public void run() {
        try {
            Fn0<Object> probe = sample();
            Object value = ((Fn0<?>) Serial.deserialize(Serial.serialize(probe), List.of(Warmup.class.getClassLoader()))).call();
            Serial.serialize(value);
        } catch (Exception e) {
            // nothing warmed is nothing lost
        }
        StartupTrace.mark("warm");
    }

    /** A serializable lambda with a captured value, like {@code submit(fn, arg)} builds. */
    static Fn0<Object> sample() {
        Integer three = 3;
        return () -> three * three;
    }
}
