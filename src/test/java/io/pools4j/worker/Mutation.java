package io.pools4j.worker;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * One change to a valid encoding, for the fuzz tests: what a bug, a stray writer or an attacker
 * could do to bytes on the wire. Positions are taken modulo the input's length, so one generated
 * mutation applies to inputs of any size; {@link #toString} is what a failing try's message shows
 * ({@link Generated}).
 *
 * <p><b>Python:</b> none in the library; CPython fuzzes its unpickler with OSS-Fuzz
 * ({@code Modules/_xxtestfuzz/fuzzer.c}), which mutates inputs the same way.
 */
record Mutation(Kind kind, int position, int value) {

    enum Kind {
        /** One bit of one byte inverted. */
        FLIP_BIT,
        /** One byte replaced. */
        SET_BYTE,
        /** Four bytes replaced by an int32, big-endian: a length or count field out of range. */
        SET_INT,
        /** Everything from the position on dropped. */
        TRUNCATE,
        /** {@code value % 64} random-looking bytes inserted at the position. */
        INSERT,
        /** Up to {@code value % 64} bytes removed at the position. */
        DELETE
    }

    /** Any mutation; its value is an edge value ({@link Generated#EDGE_INTS}) half of the time. */
    static Mutation any(RandomGenerator r) {
        Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
        int value = r.nextBoolean() ? Generated.EDGE_INTS[r.nextInt(Generated.EDGE_INTS.length)] : Generated.anyInt(r);
        return new Mutation(kind, Generated.intBetween(r, 0, Integer.MAX_VALUE), value);
    }

    byte[] apply(byte[] in) {
        if (in.length == 0) {
            return kind == Kind.INSERT ? inserted(in, 0) : in;
        }
        int at = position % in.length;
        byte[] out = in.clone();
        switch (kind) {
            case FLIP_BIT -> out[at] ^= (byte) (1 << Math.floorMod(value, 8));
            case SET_BYTE -> out[at] = (byte) value;
            case SET_INT -> {
                out = Arrays.copyOf(out, Math.max(out.length, at + 4));
                ByteBuffer.wrap(out).putInt(at, value);
            }
            case TRUNCATE -> out = Arrays.copyOf(in, at);
            case INSERT -> out = inserted(in, at);
            case DELETE -> {
                int n = Math.min(Math.floorMod(value, 64) + 1, in.length - at);
                out = new byte[in.length - n];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + n, out, at, in.length - at - n);
            }
        }
        return out;
    }

    private byte[] inserted(byte[] in, int at) {
        int n = Math.floorMod(value, 64) + 1;
        byte[] out = new byte[in.length + n];
        System.arraycopy(in, 0, out, 0, at);
        for (int i = 0; i < n; i++) {
            out[at + i] = (byte) (value * 31 + i * 131); // deterministic: a failing try replays exactly
        }
        System.arraycopy(in, at, out, at + n, in.length - at);
        return out;
    }

    /**
     * Runs {@code work} and fails if it has not finished within {@code millis}: the fuzz tests'
     * "no hang", checked on every try (a decoder stuck in a loop on one input fails that try). A
     * platform thread, so that the work can measure its own allocations (ThreadMXBean).
     */
    static <T> T within(long millis, Callable<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        Thread worker = Thread.ofPlatform().daemon().name("pools4j-fuzz-try").start(() -> {
            try {
                done.complete(work.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            return done.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new AssertionError("no answer within " + millis + " ms: the decoder hung on this input", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            if (e.getCause() instanceof AssertionError failed) {
                throw failed; // the property's own check, made inside the work
            }
            throw new AssertionError("the decoder threw an Error: " + e.getCause(), e.getCause());
        }
    }
}
