package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
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
 * The frame decoder ({@link WireDescriptor#read}) fed generated and mutated streams: valid frames
 * come back whole however the bytes are split, and a bad stream ends in exactly one
 * {@link EOFException} or {@link StreamCorruptedException} naming the bad length, never another
 * exception, a hang or an allocation the bytes did not pay for.
 */
class WireFuzzTest {

    /** What a try may take: decoding a few kB takes microseconds, so this only catches a hang. */
    private static final long BOUND_MS = 5_000;

    @Provide
    Arbitrary<Frame> frames() {
        return Combinators.combine(Arbitraries.bytes(), Arbitraries.longs(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300)).as((type, id, payload) ->
                new Frame(FrameType.ofCode(type), type, id, payload));
    }

    @Property(tries = 300)
    void framesComeBackWholeHoweverTheStreamSplitsTheirBytes(@ForAll @Size(max = 8) List<@From("frames") Frame> frames,
                                                             @ForAll @IntRange(min = 1, max = 40) int chunk) throws Exception {
        List<Frame> back = Mutation.within(BOUND_MS, () -> readAll(new Chunked(encode(frames), chunk)));
        assertEquals(frames.size(), back.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(frames.get(i).type(), back.get(i).type());
            assertEquals(frames.get(i).rawType(), back.get(i).rawType());
            assertEquals(frames.get(i).taskId(), back.get(i).taskId());
            assertArrayEquals(frames.get(i).payload(), back.get(i).payload());
        }
    }

    @Property(tries = 1000)
    void aMutatedStreamKeepsTheFramesBeforeTheDamageAndEndsInOneClearError(
            @ForAll @Size(min = 1, max = 6) List<@From("frames") Frame> frames, @ForAll("mutations") Mutation mutation,
            @ForAll @IntRange(min = 1, max = 40) int chunk) throws Exception {
        byte[] valid = encode(frames);
        byte[] bad = mutation.apply(valid);
        int intact = firstDifference(valid, bad);
        Read read = Mutation.within(BOUND_MS, () -> readUntilError(new Chunked(bad, chunk)));
        int end = 0;
        for (int i = 0; i < frames.size(); i++) {
            end += WireDescriptor.HEADER_LENGTH + frames.get(i).payload().length;
            if (end > intact) {
                break;
            }
            assertTrue(read.frames.size() > i, "frame " + i + " precedes the damage at byte " + intact);
            assertEquals(frames.get(i).taskId(), read.frames.get(i).taskId(), "frame " + i + " precedes the damage");
            assertArrayEquals(frames.get(i).payload(), read.frames.get(i).payload(), "frame " + i + " precedes the damage");
        }
        assertClear(read.error);
    }

    @Property(tries = 500)
    void randomBytesEndInOneClearErrorAfterAtMostAsManyFramesAsTheyHoldHeaders(
            @ForAll @Size(max = 400) byte[] bytes) throws Exception {
        Read read = Mutation.within(BOUND_MS, () -> readUntilError(new Chunked(bytes, 64)));
        assertTrue(read.frames.size() <= bytes.length / WireDescriptor.HEADER_LENGTH);
        assertClear(read.error);
    }

    /**
     * The bug this found: the decoder allocated the payload the length field claimed before
     * reading it, so a corrupt length of up to 1 GiB cost 1 GiB of heap for a frame of a few bytes
     * (an OutOfMemoryError in a worker with a small heap, or in a parent reading several workers).
     */
    @Property(tries = 200)
    void aHugeLengthFollowedByFewBytesAllocatesWhatArrivedNotWhatItClaims(
            @ForAll @IntRange(min = 2 << 20, max = WireDescriptor.MAX_LENGTH) int length,
            @ForAll @Size(max = 3000) byte[] following) throws Exception {
        ByteBuffer header = ByteBuffer.allocate(WireDescriptor.HEADER_LENGTH).putInt(length).put((byte) 2).putLong(7);
        byte[] stream = concat(header.array(), following);
        long allocated = Mutation.within(BOUND_MS, () -> {
            long before = allocatedByThisThread();
            EOFException e = assertThrows(EOFException.class, () -> WireDescriptor.read(new Chunked(stream, 4096)));
            assertTrue(e.getMessage().contains("length=" + length), e.getMessage());
            assertTrue(e.getMessage().contains("only " + following.length + " of its"), e.getMessage());
            return allocatedByThisThread() - before;
        });
        assertTrue(allocated < 2L * WireDescriptor.READ_STEP, "allocated " + allocated + " bytes for a frame that claimed "
                + length + " and brought " + following.length);
    }

    @Property(tries = 200)
    void aLengthOutOfRangeIsAStreamErrorNamingIt(@ForAll("outOfRange") int length) throws Exception {
        byte[] header = ByteBuffer.allocate(WireDescriptor.HEADER_LENGTH + 4).putInt(length).array();
        StreamCorruptedException e = Mutation.within(BOUND_MS, () ->
                assertThrows(StreamCorruptedException.class, () -> WireDescriptor.read(new Chunked(header, 5))));
        assertTrue(e.getMessage().contains("length=" + length), e.getMessage());
    }

    @Provide
    Arbitrary<Integer> outOfRange() {
        return Arbitraries.oneOf(Arbitraries.integers().lessOrEqual(WireDescriptor.MIN_LENGTH - 1),
                Arbitraries.integers().greaterOrEqual(WireDescriptor.MAX_LENGTH + 1));
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Mutation.any();
    }

    /** The only errors a bad stream may give: end of stream or a length out of range, each saying what. */
    private static void assertClear(IOException error) {
        assertNotNull(error, "a finite stream must end in an error");
        if (error instanceof StreamCorruptedException) {
            assertTrue(error.getMessage().contains("length="), error.getMessage());
        } else if (!(error instanceof EOFException)) {
            fail("unexpected " + error, error);
        }
        assertNotNull(error.getMessage());
    }

    private record Read(List<Frame> frames, IOException error) {}

    private static Read readUntilError(ReadableByteChannel in) {
        List<Frame> frames = new ArrayList<>();
        while (true) {
            try {
                frames.add(WireDescriptor.read(in));
            } catch (IOException e) {
                return new Read(frames, e);
            }
        }
    }

    private static List<Frame> readAll(ReadableByteChannel in) throws IOException {
        Read o = readUntilError(in);
        if (!(o.error instanceof EOFException) || !o.error.getMessage().equals("worker channel closed by the other side")) {
            throw o.error;
        }
        return o.frames;
    }

    static byte[] encode(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            out.writeBytes(WireDescriptor.encode(f).array());
        }
        return out.toByteArray();
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** A stream that hands out at most {@code chunk} bytes per read, as a socket may. */
    static final class Chunked implements ReadableByteChannel {
        private final ByteBuffer bytes;
        private final int chunk;

        Chunked(byte[] bytes, int chunk) {
            this.bytes = ByteBuffer.wrap(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!bytes.hasRemaining()) {
                return -1;
            }
            int n = Math.min(chunk, Math.min(dst.remaining(), bytes.remaining()));
            dst.put(bytes.slice(bytes.position(), n));
            bytes.position(bytes.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
