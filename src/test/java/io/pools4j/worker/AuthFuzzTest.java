package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The authentication handshake ({@link Auth}) over real Unix-domain sockets, with a man in the
 * middle who changes one bit of it, and with peers who do not know the key: exactly the side
 * whose check a change breaks refuses with a SecurityException, the other sees at most the end
 * of the connection, and no side hangs or throws anything else.
 *
 * <p>Inputs from {@link Generated}; the class's bound is per property (700 tries take ~1.5 s).
 */
@Timeout(120)
class AuthFuzzTest {

    /** The handshake takes microseconds; this only bounds a hang. */
    private static final long BOUND_MS = 5_000;
    /** Bytes the parent sends first (its challenge), then the child's answer, then the parent's MAC. */
    private static final int CHALLENGE_END = Auth.CHALLENGE_BYTES;
    private static final int ANSWER_END = CHALLENGE_END + Auth.MAC_BYTES + Long.BYTES + Auth.CHALLENGE_BYTES;
    private static final int TOTAL = ANSWER_END + Auth.MAC_BYTES;
    /** Within the child's answer: its MAC and the worker id, which the parent checks. */
    private static final int PARENT_CHECKED_END = CHALLENGE_END + Auth.MAC_BYTES + Long.BYTES;

    private static Path dir;
    private static int sockets;

    @BeforeAll
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("pools4j-auth-fuzz");
    }

    @AfterAll
    static void removeDirectory() {
        SessionDir.delete(dir);
    }

    /** Two connected ends of a Unix-domain socket, as a worker and its parent have. */
    static SocketChannel[] pair(Path dir, String name) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve(name));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
            client.connect(address);
            SocketChannel accepted = server.accept();
            Files.delete(address.getPath());
            return new SocketChannel[] {client, accepted};
        }
    }

    @Test
    void oneFlippedBitIsRefusedByExactlyTheSideWhoseCheckItBreaks() {
        Generated.forAll(300, g -> oneFlippedBit(g.intBetween("at", 0, TOTAL - 1), g.intBetween("bit", 0, 7),
                g.anyLong("workerId")));
    }

    private static void oneFlippedBit(int at, int bit, long workerId) throws Exception {
        byte[] key = Auth.newKey();
        SocketChannel[] parentLink = pair(dir, "p" + sockets++);
        SocketChannel[] childLink = pair(dir, "c" + sockets++);
        try {
            CompletableFuture<Object> parent = run(parentLink[0], () -> Auth.challengeChild(parentLink[0], key));
            CompletableFuture<Object> child = run(childLink[0], () -> {
                Auth.answerParent(childLink[0], key, workerId);
                return "accepted";
            });
            // The man in the middle: relays each message, changing one bit at stream offset `at`.
            Mutation.within(BOUND_MS, () -> {
                relay(parentLink[1], childLink[1], 0, CHALLENGE_END, at, bit);
                relay(childLink[1], parentLink[1], CHALLENGE_END, ANSWER_END, at, bit);
                if (relay(parentLink[1], childLink[1], ANSWER_END, TOTAL, at, bit) < 0) {
                    childLink[1].close(); // the parent refused and closed: the child sees the end
                }
                return null;
            });
            Object parentEnd = outcome(parent);
            Object childEnd = outcome(child);
            if (at < PARENT_CHECKED_END) {
                assertInstanceOf(SecurityException.class, parentEnd, "a change to the challenge, the MAC or the id");
                assertInstanceOf(EOFException.class, childEnd);
            } else {
                assertEquals(workerId, parentEnd, "a change to the child's challenge or the parent's MAC");
                assertInstanceOf(SecurityException.class, childEnd);
            }
            Throwable refusal = (Throwable) (parentEnd instanceof SecurityException ? parentEnd : childEnd);
            assertTrue(refusal.getMessage() != null && !refusal.getMessage().isBlank(), refusal.toString());
        } finally {
            closeAll(parentLink);
            closeAll(childLink);
        }
    }

    @Test
    void anAnswerWithoutTheKeyIsRefusedBeforeAnythingElseIsRead() {
        Generated.forAll(200, g -> anAnswerWithoutTheKey(g.bytes("answer", 0, 200)));
    }

    private static void anAnswerWithoutTheKey(byte[] answer) throws Exception {
        byte[] key = Auth.newKey();
        SocketChannel[] link = pair(dir, "r" + sockets++);
        try {
            CompletableFuture<Object> parent = run(link[0], () -> Auth.challengeChild(link[0], key));
            Mutation.within(BOUND_MS, () -> {
                read(link[1], Auth.CHALLENGE_BYTES);
                link[1].write(ByteBuffer.wrap(answer));
                return link[1].shutdownOutput();
            });
            Object end = outcome(parent);
            int needed = Auth.MAC_BYTES + Long.BYTES + Auth.CHALLENGE_BYTES;
            Class<? extends Throwable> expected = answer.length < needed ? EOFException.class : SecurityException.class;
            assertInstanceOf(expected, end);
            assertTrue(((Throwable) end).getMessage() != null);
        } finally {
            closeAll(link);
        }
    }

    @Test
    void aParentWithoutTheKeyIsRefusedByTheChild() {
        Generated.forAll(200, g -> aParentWithoutTheKey(g.bytes("wrongKey", 32, 32), g.anyLong("workerId")));
    }

    private static void aParentWithoutTheKey(byte[] wrongKey, long workerId) throws Exception {
        byte[] key = Auth.newKey();
        SocketChannel[] link = pair(dir, "k" + sockets++);
        try {
            CompletableFuture<Object> parent = run(link[0], () -> Auth.challengeChild(link[0], wrongKey));
            CompletableFuture<Object> child = run(link[1], () -> {
                Auth.answerParent(link[1], key, workerId);
                return "accepted";
            });
            assertInstanceOf(SecurityException.class, outcome(parent), "the parent checks first and refuses");
            assertInstanceOf(EOFException.class, outcome(child));
        } finally {
            closeAll(link);
        }
    }

    /** Copies stream bytes [from, to) from {@code in} to {@code out}, flipping the bit at {@code at}; -1 at end of stream. */
    private static int relay(SocketChannel in, SocketChannel out, int from, int to, int at, int bit) throws IOException {
        ByteBuffer buf = read(in, to - from);
        if (buf == null) {
            return -1;
        }
        if (at >= from && at < to) {
            buf.put(at - from, (byte) (buf.get(at - from) ^ (1 << bit)));
        }
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        return to - from;
    }

    private static ByteBuffer read(SocketChannel in, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (in.read(buf) < 0) {
                return null;
            }
        }
        return buf.flip();
    }

    /** Runs one side of the handshake; a side that fails closes its end, as WorkerGroup and WorkerMain do. */
    private static CompletableFuture<Object> run(SocketChannel end, Callable<Object> side) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread.ofVirtual().name("pools4j-auth-fuzz").start(() -> {
            try {
                outcome.complete(side.call());
            } catch (Throwable t) {
                try {
                    end.close();
                } catch (IOException e) {
                    t.addSuppressed(e);
                }
                outcome.complete(t);
            }
        });
        return outcome;
    }

    /** The side's return value or what it threw; never an unexpected kind, never later than the bound. */
    private static Object outcome(CompletableFuture<Object> side) throws Exception {
        Object end = side.get(BOUND_MS, TimeUnit.MILLISECONDS);
        if (end instanceof Throwable t && !(t instanceof SecurityException || t instanceof EOFException)) {
            throw new AssertionError("the handshake failed with " + t + ", not a refusal or the end of the connection", t);
        }
        return end;
    }

    private static void closeAll(SocketChannel[] link) throws IOException {
        for (SocketChannel ch : link) {
            ch.close();
        }
    }
}
