package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The value codec ({@link Values}, {@link Serial}) and the payload layouts ({@link Payloads},
 * {@link RemoteErrors}) fed generated and mutated bytes: valid encodings round trip, and a bad one
 * gives back one IOException (or ClassNotFoundException) saying what is wrong, never another
 * exception, an Error, a hang or an allocation its bytes did not pay for.
 *
 * <p>Inputs from {@link Generated}; the class's bound is per property (4,700 tries take ~6 s).
 */
@Timeout(120)
class CodecFuzzTest {

    private static final long BOUND_MS = 5_000;
    private static final List<ClassLoader> LOADERS = List.of(CodecFuzzTest.class.getClassLoader());

    /** A value a task may return: the compact kinds, lists of them, and some that go through serialization. */
    static Object value(RandomGenerator r) {
        return Generated.oneOf(r, CodecFuzzTest::simple, x -> new ArrayList<>(Generated.listOf(x, 0, 20, CodecFuzzTest::simple)),
                CodecFuzzTest::serial);
    }

    private static Object simple(RandomGenerator r) {
        return Generated.<Object>oneOf(r, Generated::anyLong, Generated::anyInt, Generated::anyDouble, RandomGenerator::nextBoolean,
                x -> Generated.string(x, 40), x -> null);
    }

    private static Object serial(RandomGenerator r) {
        return Generated.<Object>oneOf(r,
                x -> List.copyOf(Generated.listOf(x, 0, 20, Generated::anyInt)),
                x -> Generated.listOf(x, 0, 20, Generated::anyInt).stream().mapToInt(Integer::intValue).toArray(),
                x -> Generated.listOf(x, 0, 10, Generated::anyLong).stream().mapToLong(Long::longValue).toArray(),
                x -> Generated.listOf(x, 0, 10, y -> Generated.string(y, 10)).toArray(String[]::new),
                x -> {
                    HashMap<String, Integer> map = new HashMap<>();
                    for (int n = Generated.intBetween(x, 0, 10); n > 0; n--) {
                        map.put(Generated.string(x, 8), Generated.anyInt(x));
                    }
                    return map;
                },
                x -> new Point(Generated.string(x, 10), Generated.anyInt(x)),
                x -> new IllegalStateException(Generated.string(x, 10)));
    }

    /** A serializable record, so that mutations also reach record deserialization. */
    record Point(String name, int x) implements Serializable {}

    @Test
    void everyValueRoundTrips() {
        Generated.forAll(500, g -> {
            Object value = g.draw("value", CodecFuzzTest::value);
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
        });
    }

    @Test
    void aMutatedValueDecodesOrFailsWithOneIoException() {
        Generated.forAll(1000, g -> {
            Object value = g.draw("value", CodecFuzzTest::value);
            byte[] bytes = Values.encode(value);
            for (Mutation m : g.mutations("mutations", 1, 3)) {
                bytes = m.apply(bytes);
            }
            byte[] bad = bytes;
            assertDecodesOrFailsClearly(() -> Values.decode(bad, LOADERS));
        });
    }

    @Test
    void argumentsDecodeOrFailWithOneIoException() {
        Generated.forAll(500, g -> {
            List<Object> args = g.draw("args", r -> Generated.listOf(r, 0, 10, CodecFuzzTest::value));
            Mutation mutation = g.mutation("mutation");
            Object[] simple = args.stream().filter(Values::isSimple).toArray();
            assertArrayEquals(simple, Values.decodeArgs(Values.encodeArgs(simple)));
            byte[] bad = mutation.apply(Values.encodeArgs(simple));
            assertDecodesOrFailsClearly(() -> Values.decodeArgs(bad));
        });
    }

    @Test
    void randomBytesDecodeOrFailWithOneIoException() {
        Generated.forAll(500, g -> {
            byte[] bytes = g.bytes("bytes", 0, 200);
            int tag = g.intBetween("tag", 0, 8);
            byte[] tagged = new byte[bytes.length + 1];
            tagged[0] = (byte) tag; // every tag, so that each branch of the decoder sees garbage
            System.arraycopy(bytes, 0, tagged, 1, bytes.length);
            assertDecodesOrFailsClearly(() -> Values.decode(tagged, LOADERS));
        });
    }

    /**
     * The bug this found: Java deserialization allocates an array of the length its stream claims,
     * so a corrupt length in a few dozen bytes asked for gigabytes (an OutOfMemoryError in the
     * parent, from one bad RESULT frame). {@link Serial} now refuses arrays longer than the bytes
     * that could describe them.
     */
    @Test
    void aHugeArrayLengthInASerializedValueIsRefusedWithoutAllocatingIt() {
        Generated.forAll(200, g -> {
            Object value = g.draw("value", CodecFuzzTest::arrayOf77);
            int length = g.intBetween("length", 1 << 16, Integer.MAX_VALUE);
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
        });
    }

    /** An array, or a collection that sizes an array from its stream, of 77 elements. */
    private static Object arrayOf77(RandomGenerator r) {
        return Generated.<Object>oneOf(r, x -> new int[77], x -> new long[77], x -> new Object[77], x -> new String[77], x -> {
            ArrayList<Object> lists = new ArrayList<>();
            for (int i = 0; i < 77; i++) {
                lists.add(List.of()); // not simple, so the ArrayList goes through serialization, which writes its size
            }
            return lists;
        });
    }

    @Test
    void aMutatedTaskPayloadDecodesOrFailsWithOneIoException() {
        Generated.forAll(1000, g -> {
            Payloads.Task task = g.draw("task", CodecFuzzTest::task);
            Mutation mutation = g.mutation("mutation");
            Payloads.Task back = Payloads.task(Payloads.task(task));
            assertEquals(task.form(), back.form());
            assertArrayEquals(task.task(), back.task());
            assertArrayEquals(task.args(), back.args());
            assertEquals(task.statics().size(), back.statics().size());
            byte[] bad = mutation.apply(Payloads.task(task));
            assertDecodesOrFailsClearly(() -> Payloads.task(bad));
        });
    }

    private static Payloads.Task task(RandomGenerator r) {
        byte form = (byte) Generated.intBetween(r, 0, 4);
        int id = Generated.intBetween(r, 1, 99);
        List<Payloads.StaticValue> statics = Generated.listOf(r, 0, 3, x -> new Payloads.StaticValue(Generated.string(x, 20),
                Generated.string(x, 10), Generated.bytes(x, 0, 40)));
        return new Payloads.Task(Generated.intBetween(r, 0, 9), form, Payloads.isStateless(form) ? id : 0,
                Generated.bytes(r, 0, 40), form == Payloads.SERIAL ? null : Generated.bytes(r, 0, 40), statics);
    }

    @Test
    void theOtherPayloadsDecodeOrFailWithOneIoException() {
        Generated.forAll(500, g -> {
            byte[] body = g.bytes("body", 0, 60);
            Mutation mutation = g.mutation("mutation");
            byte[] classBytes = mutation.apply(Payloads.classBytes(new Payloads.ClassBytes(3, "REPL.$JShell$12", body)));
            assertDecodesOrFailsClearly(() -> Payloads.classBytes(classBytes));
            byte[] request = mutation.apply(Payloads.classRequest(new Payloads.ClassRequest(3, "REPL.$JShell$12")));
            assertDecodesOrFailsClearly(() -> Payloads.classRequest(request));
            byte[] output = mutation.apply(Payloads.output(Payloads.STDOUT, new String(body, StandardCharsets.ISO_8859_1)));
            assertDecodesOrFailsClearly(() -> Payloads.output(output));
            byte[] error = mutation.apply(RemoteErrors.encode(new IllegalArgumentException("bad " + body.length)));
            assertDecodesOrFailsClearly(() -> Payloads.error(error));
        });
    }

    /** The parent rebuilds whatever an ERROR frame holds into one exception, and never throws doing so. */
    @Test
    void anyErrorPayloadBecomesOneExceptionForItsTask() {
        Generated.forAll(500, g -> {
            List<Mutation> mutations = g.mutations("mutations", 0, 3);
            byte[] random = g.bytes("random", 0, 100);
            byte[] bytes = RemoteErrors.encode(new IllegalStateException("task failed", new ArithmeticException("/ by zero")));
            for (Mutation m : mutations) {
                bytes = m.apply(bytes);
            }
            for (byte[] payload : List.of(bytes, random)) {
                Throwable rebuilt = Mutation.within(BOUND_MS, () -> RemoteErrors.rebuild(payload, 42, LOADERS));
                assertNotNull(rebuilt);
                assertNotNull(rebuilt.getMessage(), rebuilt.toString());
            }
        });
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
