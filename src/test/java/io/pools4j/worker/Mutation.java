package io.pools4j.worker;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One change to a valid encoding, for the fuzz tests: what a bug, a stray writer or an attacker
 * could do to bytes on the wire. Positions are taken modulo the input's length, so one generated
 * mutation applies to inputs of any size; {@link #toString} is what jqwik prints for a failing try.
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

    /** Int32 values that codecs get wrong: signs, zero, one, and sizes of memory. */
    private static final int[] EDGE_INTS = {-1, 0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, (1 << 30) + 1,
        0x7fff_fff0, 0xffff, 0x1_0000, 1 << 20, 1 << 24};

    /** Any mutation; SET_INT values are mostly edge values. */
    static Arbitrary<Mutation> any() {
        Arbitrary<Integer> values = Arbitraries.oneOf(Arbitraries.of(Arrays.stream(EDGE_INTS).boxed().toList()),
                Arbitraries.integers());
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                values).as(Mutation::new);
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
