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
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The frame decoder ({@link WireDescriptor#read}) fed generated and mutated streams: valid frames
 * come back whole however the bytes are split, and a bad stream ends in exactly one
 * {@link EOFException} or {@link StreamCorruptedException} naming the bad length, never another
 * exception, a hang or an allocation the bytes did not pay for.
 *
 * <p>Inputs from {@link Generated}; the class's bound is per property (2,200 tries take ~5 s).
 */
@Timeout(120)
class WireFuzzTest {

    /** What a try may take: decoding a few kB takes microseconds, so this only catches a hang. */
    private static final long BOUND_MS = 5_000;

    /** A frame of any type code, known or not, with up to 300 bytes of payload. */
    static Frame frame(RandomGenerator r) {
        byte type = (byte) r.nextInt();
        return new Frame(FrameType.ofCode(type), type, Generated.anyLong(r), Generated.bytes(r, 0, 300));
    }

    @Test
    void framesComeBackWholeHoweverTheStreamSplitsTheirBytes() {
        Generated.forAll(300, g -> {
            List<Frame> frames = g.draw("frames", r -> Generated.listOf(r, 0, 8, WireFuzzTest::frame));
            int chunk = g.intBetween("chunk", 1, 40);
            List<Frame> back = Mutation.within(BOUND_MS, () -> readAll(new Chunked(encode(frames), chunk)));
            assertEquals(frames.size(), back.size());
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(frames.get(i).type(), back.get(i).type());
                assertEquals(frames.get(i).rawType(), back.get(i).rawType());
                assertEquals(frames.get(i).taskId(), back.get(i).taskId());
                assertArrayEquals(frames.get(i).payload(), back.get(i).payload());
            }
        });
    }

    @Test
    void aMutatedStreamKeepsTheFramesBeforeTheDamageAndEndsInOneClearError() {
        Generated.forAll(1000, g -> {
            List<Frame> frames = g.draw("frames", r -> Generated.listOf(r, 1, 6, WireFuzzTest::frame));
            Mutation mutation = g.mutation("mutation");
            int chunk = g.intBetween("chunk", 1, 40);
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
        });
    }

    @Test
    void randomBytesEndInOneClearErrorAfterAtMostAsManyFramesAsTheyHoldHeaders() {
        Generated.forAll(500, g -> {
            byte[] bytes = g.bytes("bytes", 0, 400);
            Read read = Mutation.within(BOUND_MS, () -> readUntilError(new Chunked(bytes, 64)));
            assertTrue(read.frames.size() <= bytes.length / WireDescriptor.HEADER_LENGTH);
            assertClear(read.error);
        });
    }

    /**
     * The bug this found: the decoder allocated the payload the length field claimed before
     * reading it, so a corrupt length of up to 1 GiB cost 1 GiB of heap for a frame of a few bytes
     * (an OutOfMemoryError in a worker with a small heap, or in a parent reading several workers).
     */
    @Test
    void aHugeLengthFollowedByFewBytesAllocatesWhatArrivedNotWhatItClaims() {
        Generated.forAll(200, g -> {
            int length = g.intBetween("length", 2 << 20, WireDescriptor.MAX_LENGTH);
            byte[] following = g.bytes("following", 0, 3000);
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
        });
    }

    @Test
    void aLengthOutOfRangeIsAStreamErrorNamingIt() {
        Generated.forAll(200, g -> {
            int length = g.draw("length", r -> r.nextBoolean()
                    ? Generated.intBetween(r, Integer.MIN_VALUE, WireDescriptor.MIN_LENGTH - 1)
                    : Generated.intBetween(r, WireDescriptor.MAX_LENGTH + 1, Integer.MAX_VALUE));
            byte[] header = ByteBuffer.allocate(WireDescriptor.HEADER_LENGTH + 4).putInt(length).array();
            StreamCorruptedException e = Mutation.within(BOUND_MS, () ->
                    assertThrows(StreamCorruptedException.class, () -> WireDescriptor.read(new Chunked(header, 5))));
            assertTrue(e.getMessage().contains("length=" + length), e.getMessage());
        });
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
