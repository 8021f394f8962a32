package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact value codec: simple values round trip exactly, anything else through serialization. */
class ValuesTest {

    private static final List<ClassLoader> LOADERS = List.of(ValuesTest.class.getClassLoader());

    private static Object roundTrip(Object v) throws Exception {
        return Values.decode(Values.encode(v), LOADERS);
    }

    @Test
    void simpleValuesRoundTripWithTheirTypes() throws Exception {
        for (Object v : Arrays.asList(null, 0L, Long.MIN_VALUE, Long.MAX_VALUE, -1, Integer.MAX_VALUE, 0.1, -0.0,
                Double.NaN, Double.POSITIVE_INFINITY, true, false, "", "hello")) {
            Object back = roundTrip(v);
            assertEquals(v, back);
            assertEquals(v == null ? null : v.getClass(), back == null ? null : back.getClass());
        }
    }

    @Test
    void stringsKeepEveryCharacterIncludingSurrogatePairs() throws Exception {
        String s = "소수 π \uD83D\uDE00 end";
        assertEquals(s, roundTrip(s));
    }

    @Test
    void aLoneSurrogateIsEncodedAsUtf8Would() throws Exception {
        String lone = "a\uD800b";
        assertEquals(new String(lone.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8), roundTrip(lone));
    }

    @Test
    void otherValuesGoThroughJavaSerialization() throws Exception {
        assertEquals(List.of(1, 2, 3), roundTrip(List.of(1, 2, 3)));
        assertEquals((short) 7, roundTrip((short) 7)); // not one of the compact types
        assertFalse(Values.isSimple((short) 7));
    }

    @Test
    void anArrayListOfSimpleValuesRoundTripsAsAnArrayList() throws Exception {
        ArrayList<Object> list = new ArrayList<>(Arrays.asList(1L, "two", null, 3.0));
        Object back = roundTrip(list);
        assertEquals(ArrayList.class, back.getClass());
        assertEquals(list, back);
    }

    @Test
    void otherListsKeepTheirOwnClassThroughSerialization() throws Exception {
        List<Integer> immutable = List.of(1, 2);
        assertEquals(immutable.getClass(), roundTrip(immutable).getClass());
        assertThrows(UnsupportedOperationException.class, () -> ((List<Integer>) roundTrip(immutable)).add(3));
    }

    @Test
    void anUnserializableValueFailsWithTheJdksNotSerializableException() {
        assertThrows(NotSerializableException.class, () -> Values.encode(new Object()));
    }

    @Test
    void argumentsRoundTripInOrder() throws Exception {
        Object[] args = {3L, "x", null, 2.5, true, 9};
        assertTrue(Values.allSimple(args));
        assertArrayEquals(args, Values.decodeArgs(Values.encodeArgs(args)));
    }

    @Test
    void argumentsWithAnyNonSimpleValueAreNotSimple() {
        assertFalse(Values.allSimple(new Object[] {1L, List.of()}));
    }

    @Test
    void anUnknownTagIsACorruptValueNamedAsSuch() {
        IOException e = assertThrows(IOException.class, () -> Values.decode(new byte[] {42}, LOADERS));
        assertEquals("corrupt value: unknown tag 42", e.getMessage());
    }

    @Test
    void aTruncatedValueIsReportedAsEndingEarly() throws Exception {
        byte[] whole = Values.encode(123456789L);
        IOException e = assertThrows(IOException.class, () -> Values.decode(Arrays.copyOf(whole, 4), LOADERS));
        assertEquals("corrupt value: it ends early", e.getMessage());
    }

    @Test
    void bytesAfterAValueAreReported() throws Exception {
        byte[] whole = Values.encode(1);
        IOException e = assertThrows(IOException.class, () -> Values.decode(Arrays.copyOf(whole, whole.length + 2), LOADERS));
        assertEquals("corrupt value: 2 bytes after its end", e.getMessage());
    }
}
