package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The value codec ({@link Values}, {@link Serial}) and the payload layouts ({@link Payloads},
 * {@link RemoteErrors}) fed generated and mutated bytes: valid encodings round trip, and a bad one
 * gives back one IOException (or ClassNotFoundException) saying what is wrong, never another
 * exception, an Error, a hang or an allocation its bytes did not pay for.
 */
class CodecFuzzTest {

    private static final long BOUND_MS = 5_000;
    private static final List<ClassLoader> LOADERS = List.of(CodecFuzzTest.class.getClassLoader());

    /** A value a task may return: the compact kinds, lists of them, and some that go through serialization. */
    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> simple = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.integers(), Arbitraries.doubles(),
                Arbitraries.of(true, false), Arbitraries.strings().ofMaxLength(40), Arbitraries.just(null));
        Arbitrary<Object> list = simple.list().ofMaxSize(20).map(ArrayList::new);
        Arbitrary<Object> serial = Arbitraries.oneOf(
                Arbitraries.integers().list().ofMaxSize(20).map(List::copyOf),
                Arbitraries.integers().array(int[].class).ofMaxSize(20),
                Arbitraries.longs().array(long[].class).ofMaxSize(10),
                Arbitraries.strings().ofMaxLength(10).array(String[].class).ofMaxSize(10),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), Arbitraries.integers()).ofMaxSize(10).map(HashMap::new),
                Combinators.combine(Arbitraries.strings().ofMaxLength(10), Arbitraries.integers()).as(Point::new),
                Arbitraries.strings().ofMaxLength(10).map(IllegalStateException::new));
        return Arbitraries.oneOf(simple, list, serial);
    }

    /** A serializable record, so that mutations also reach record deserialization. */
    record Point(String name, int x) implements Serializable {}

    @Provide
    Arbitrary<Mutation> mutations() {
        return Mutation.any();
    }

    @Property(tries = 500)
    void everyValueRoundTrips(@ForAll("values") Object value) throws Exception {
        Object back = Values.decode(Values.encode(value), LOADERS);
        if (value instanceof int[] a) {
            assertArrayEquals(a, (int[]) back);
        } else if (value instanceof long[] a) {
            assertArrayEquals(a, (long[]) back);
        } else if (value instanceof Object[] a) {
            assertArrayEquals(a, (Object[]) back);
        } else if (value instanceof Throwable t) {
            assertEquals(t.getMessage(), ((Throwable) back).getMessage());
        } else {
            assertEquals(value, back);
        }
    }

    @Property(tries = 1000)
    void aMutatedValueDecodesOrFailsWithOneIoException(@ForAll("values") Object value,
                                                       @ForAll @Size(min = 1, max = 3) List<@From("mutations") Mutation> mutations)
            throws Exception {
        byte[] bytes = Values.encode(value);
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        byte[] bad = bytes;
        assertDecodesOrFailsClearly(() -> Values.decode(bad, LOADERS));
    }

    @Property(tries = 500)
    void argumentsDecodeOrFailWithOneIoException(@ForAll @Size(max = 10) List<@From("values") Object> args,
                                                 @ForAll("mutations") Mutation mutation) throws Exception {
        Object[] simple = args.stream().filter(Values::isSimple).toArray();
        assertArrayEquals(simple, Values.decodeArgs(Values.encodeArgs(simple)));
        byte[] bad = mutation.apply(Values.encodeArgs(simple));
        assertDecodesOrFailsClearly(() -> Values.decodeArgs(bad));
    }

    @Property(tries = 500)
    void randomBytesDecodeOrFailWithOneIoException(@ForAll @Size(max = 200) byte[] bytes,
                                                   @ForAll @IntRange(min = 0, max = 8) int tag) throws Exception {
        byte[] tagged = new byte[bytes.length + 1];
        tagged[0] = (byte) tag; // every tag, so that each branch of the decoder sees garbage
        System.arraycopy(bytes, 0, tagged, 1, bytes.length);
        assertDecodesOrFailsClearly(() -> Values.decode(tagged, LOADERS));
    }

    /**
     * The bug this found: Java deserialization allocates an array of the length its stream claims,
     * so a corrupt length in a few dozen bytes asked for gigabytes (an OutOfMemoryError in the
     * parent, from one bad RESULT frame). {@link Serial} now refuses arrays longer than the bytes
     * that could describe them.
     */
    @Property(tries = 200)
    void aHugeArrayLengthInASerializedValueIsRefusedWithoutAllocatingIt(@ForAll("arraysOf77") Object value,
            @ForAll @IntRange(min = 1 << 16, max = Integer.MAX_VALUE) int length) throws Exception {
        byte[] bytes = Values.encode(value);
        int at = indexOfInt(bytes, 77);
        assertTrue(at > 0, "the length 77 is in the stream of " + value.getClass());
        ByteBuffer.wrap(bytes).putInt(at, length);
        long allocated = Mutation.within(BOUND_MS, () -> {
            long before = WireFuzzTest.allocatedByThisThread();
            try {
                Values.decode(bytes, LOADERS);
                fail("a stream of " + bytes.length + " bytes claiming an array of " + length + " decoded");
            } catch (IOException e) {
                assertNotNull(e.getMessage());
            }
            return WireFuzzTest.allocatedByThisThread() - before;
        });
        assertTrue(allocated < 4 << 20, "allocated " + allocated + " bytes decoding " + bytes.length + " bytes");
    }

    /** Arrays, and collections that size an array from their stream, each of 77 elements. */
    @Provide
    Arbitrary<Object> arraysOf77() {
        ArrayList<Object> lists = new ArrayList<>();
        for (int i = 0; i < 77; i++) {
            lists.add(List.of()); // not simple, so the ArrayList goes through serialization, which writes its size
        }
        return Arbitraries.of(new int[77], new long[77], new Object[77], new String[77], lists);
    }

    @Property(tries = 1000)
    void aMutatedTaskPayloadDecodesOrFailsWithOneIoException(@ForAll("tasks") Payloads.Task task,
                                                             @ForAll("mutations") Mutation mutation) throws Exception {
        Payloads.Task back = Payloads.task(Payloads.task(task));
        assertEquals(task.form(), back.form());
        assertArrayEquals(task.task(), back.task());
        assertArrayEquals(task.args(), back.args());
        assertEquals(task.statics().size(), back.statics().size());
        byte[] bad = mutation.apply(Payloads.task(task));
        assertDecodesOrFailsClearly(() -> Payloads.task(bad));
    }

    @Provide
    Arbitrary<Payloads.Task> tasks() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<Payloads.StaticValue> statics = Combinators.combine(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().ofMaxLength(10), bytes).as(Payloads.StaticValue::new);
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.bytes().between((byte) 0, (byte) 4),
                Arbitraries.integers().between(1, 99), bytes, bytes, statics.list().ofMaxSize(3)).as((gen, form, id, code, args, st) ->
                new Payloads.Task(gen, form, Payloads.isStateless(form) ? id : 0, code,
                        form == Payloads.SERIAL ? null : args, st));
    }

    @Property(tries = 500)
    void theOtherPayloadsDecodeOrFailWithOneIoException(@ForAll @Size(max = 60) byte[] body,
                                                        @ForAll("mutations") Mutation mutation) throws Exception {
        byte[] classBytes = mutation.apply(Payloads.classBytes(new Payloads.ClassBytes(3, "REPL.$JShell$12", body)));
        assertDecodesOrFailsClearly(() -> Payloads.classBytes(classBytes));
        byte[] request = mutation.apply(Payloads.classRequest(new Payloads.ClassRequest(3, "REPL.$JShell$12")));
        assertDecodesOrFailsClearly(() -> Payloads.classRequest(request));
        byte[] output = mutation.apply(Payloads.output(Payloads.STDOUT, new String(body, java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertDecodesOrFailsClearly(() -> Payloads.output(output));
        byte[] error = mutation.apply(RemoteErrors.encode(new IllegalArgumentException("bad " + body.length)));
        assertDecodesOrFailsClearly(() -> Payloads.error(error));
    }

    /** The parent rebuilds whatever an ERROR frame holds into one exception, and never throws doing so. */
    @Property(tries = 500)
    void anyErrorPayloadBecomesOneExceptionForItsTask(@ForAll @Size(max = 3) List<@From("mutations") Mutation> mutations,
                                                      @ForAll @Size(max = 100) byte[] random) throws Exception {
        byte[] bytes = RemoteErrors.encode(new IllegalStateException("task failed", new ArithmeticException("/ by zero")));
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        for (byte[] payload : List.of(bytes, random)) {
            Throwable rebuilt = Mutation.within(BOUND_MS, () -> RemoteErrors.rebuild(payload, 42, LOADERS));
            assertNotNull(rebuilt);
            assertNotNull(rebuilt.getMessage(), rebuilt.toString());
        }
    }

    private static void assertDecodesOrFailsClearly(java.util.concurrent.Callable<?> decode) throws Exception {
        Mutation.within(BOUND_MS, () -> {
            try {
                return decode.call();
            } catch (IOException | ClassNotFoundException e) {
                assertNotNull(e.getMessage(), "an error without a message: " + e);
                return null;
            } catch (RuntimeException e) {
                throw new AssertionError("a corrupt encoding must fail with an IOException, not " + e, e);
            }
        });
    }

    private static int indexOfInt(byte[] bytes, int value) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        for (int i = 0; i + 4 <= bytes.length; i++) { // the first: an ArrayList writes its size twice, and reads the first
            if (buf.getInt(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
