package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker channel over a real Unix-domain socket: batched writes keep order, buffered reads keep frames whole. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FrameChannelTest {

    private Path dir;
    private FrameChannel sender;
    private FrameChannel receiver;

    @BeforeEach
    void connect() throws Exception {
        dir = Files.createTempDirectory("pools4j-channel-test");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
            client.connect(address);
            sender = new FrameChannel(client);
            receiver = new FrameChannel(server.accept());
        }
    }

    @AfterEach
    void close() throws Exception {
        sender.close();
        receiver.close();
        SessionDir.delete(dir);
    }

    @Test
    void queuedFramesGoOutBeforeALaterSendAndInOrder() throws Exception {
        for (long id = 1; id <= 3; id++) {
            assertEquals((int) id, sender.queue(new Frame(FrameType.RESULT, id, new byte[] {(byte) id})));
        }
        sender.send(FrameType.OUTPUT, 4, new byte[] {4});
        for (long id = 1; id <= 4; id++) {
            Frame f = receiver.receive();
            assertEquals(id, f.taskId());
            assertArrayEquals(new byte[] {(byte) id}, f.payload());
        }
    }

    @Test
    void flushWritesWhatIsQueuedAndLeavesNothingBehind() throws Exception {
        sender.queue(new Frame(FrameType.RESULT, 9, new byte[] {9}));
        sender.flush();
        assertEquals(9, receiver.receive().taskId());
        assertEquals(false, sender.hasQueued());
    }

    @Test
    void manySmallFramesAndOneLargerThanTheReadBufferArriveWhole() throws Exception {
        byte[] large = new byte[200_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 1000; i++) {
                    sender.queue(new Frame(FrameType.RESULT, i, new byte[] {(byte) i, (byte) (i >> 8)}));
                }
                sender.queue(new Frame(FrameType.RESULT, 1000, large));
                sender.send(FrameType.RESULT, 1001, new byte[0]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 1000; i++) {
            Frame f = receiver.receive();
            assertEquals(i, f.taskId());
            assertArrayEquals(new byte[] {(byte) i, (byte) (i >> 8)}, f.payload());
        }
        assertArrayEquals(large, receiver.receive().payload());
        assertEquals(1001, receiver.receive().taskId());
        writer.join();
    }
}
