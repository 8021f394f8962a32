package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The frame codec and payload layouts round trip; a corrupt frame fails its one task and the worker goes on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WireTest {

    private static Frame roundTrip(Frame frame) throws Exception {
        ByteBuffer bytes = WireDescriptor.encode(frame);
        return WireDescriptor.read(Channels.newChannel(new java.io.ByteArrayInputStream(bytes.array())));
    }

    @Test
    void everyFrameTypeRoundTrips() throws Exception {
        for (FrameType type : FrameType.values()) {
            Frame back = roundTrip(new Frame(type, 0x0102030405060708L, new byte[] {1, 2, 3}));
            assertEquals(type, back.type());
            assertEquals(0x0102030405060708L, back.taskId());
            assertArrayEquals(new byte[] {1, 2, 3}, back.payload());
        }
    }

    @Test
    void payloadsRoundTrip() throws Exception {
        Payloads.Task task = Payloads.task(Payloads.task(new Payloads.Task(7, new byte[] {9},
                List.of(new Payloads.StaticValue("REPL.$JShell$3", "x", new byte[] {4})))));
        assertEquals(7, task.generation());
        assertArrayEquals(new byte[] {9}, task.task());
        assertEquals("x", task.statics().get(0).field());
        Payloads.ClassBytes none = Payloads.classBytes(Payloads.classBytes(new Payloads.ClassBytes(2, "a.B", null)));
        assertNull(none.bytes());
        Payloads.Output out = Payloads.output(Payloads.output(Payloads.STDERR, "héllo"));
        assertEquals(Payloads.STDERR, out.stream());
        assertEquals("héllo", out.line());
    }

    @Test
    void theChallengeMacIsHmacSha256AsTheJceComputesIt() throws Exception {
        byte[] key = Auth.newKey();
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        mac.update("child".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        mac.update(new byte[] {1, 2});
        java.lang.reflect.Method hmac = Auth.class.getDeclaredMethod("hmac", byte[].class, String.class, byte[].class, byte[].class);
        hmac.setAccessible(true);
        assertArrayEquals(mac.doFinal(new byte[] {3}), (byte[]) hmac.invoke(null, key, "child", new byte[] {1, 2}, new byte[] {3}));
    }

    @Test
    void sha256AgreesWithTheJdkForEveryLengthAcrossTwoBlocks() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n <= 200; n++) {
            byte[] data = new byte[n];
            random.nextBytes(data);
            Sha256 ours = new Sha256();
            ours.update(data);
            assertArrayEquals(java.security.MessageDigest.getInstance("SHA-256").digest(data), ours.digest(), "length " + n);
        }
    }

    @Test
    void anUnknownTypeByteIsReportedNotThrown() throws Exception {
        Frame back = roundTrip(new Frame(null, (byte) 99, 5, new byte[0]));
        assertNull(back.type());
        assertEquals(99, back.rawType());
        assertEquals(5, back.taskId());
    }

    @Test
    void aLengthOutOfRangeIsAStreamErrorNamingTheLength() {
        ByteBuffer bad = ByteBuffer.allocate(WireDescriptor.HEADER_LENGTH).putInt(0, 3);
        StreamCorruptedException e = assertThrows(StreamCorruptedException.class,
                () -> WireDescriptor.read(Channels.newChannel(new java.io.ByteArrayInputStream(bad.array()))));
        assertTrue(e.getMessage().contains("length=3"), e.getMessage());
    }

    @Test
    void aTruncatedFrameIsEndOfStream() {
        byte[] half = java.util.Arrays.copyOf(WireDescriptor.encode(new Frame(FrameType.RESULT, 1, new byte[10])).array(), 15);
        assertThrows(EOFException.class, () -> WireDescriptor.read(Channels.newChannel(new java.io.ByteArrayInputStream(half))));
    }

    @Test
    @Tag("process")
    void aCorruptTaskFrameFailsThatTaskOnlyAndTheWorkerGoesOn() throws Exception {
        try (WorkerGroup group = WorkerGroup.open(WorkerOptions.defaults())) {
            WorkerHandle worker = group.launch();
            Outcome corrupt = new Outcome();
            worker.submitPayload(1, new byte[] {0, 0, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f}, corrupt);
            Outcome garbledTask = new Outcome();
            worker.submitPayload(2, Payloads.task(new Payloads.Task(0, new byte[] {1, 2, 3}, List.of())), garbledTask);
            Outcome fine = new Outcome();
            worker.submit(3, () -> "fine", fine);
            assertTrue(corrupt.failure().getMessage().contains("undecodable TASK frame for task 1"));
            assertTrue(garbledTask.failure().getMessage().contains("the task could not be decoded in the worker JVM"));
            assertEquals("fine", fine.get());
        }
        Children.assertNoneLeft();
    }
}
