package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.futures.Future;
import io.pools4j.futures.ProcessPoolExecutor;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pipe and Connection, in one process and across worker JVMs (CPython's _TestConnection, _TestPoll). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeTest extends WorkerPoolTest {

    /** A class of the tests, not on the worker's class path: the worker fetches it from this JVM. */
    record Point(int x, int y) implements java.io.Serializable {}


    @Test
    void messageBoundariesAreKeptAndEmptyMessagesArriveToo() {
        Pipe p = new Pipe();
        p.conn1().sendBytes("a".getBytes());
        p.conn1().sendBytes(new byte[0]);
        p.conn1().sendBytes("bcdef".getBytes(), 1, 3);
        assertEquals("a", new String(p.conn2().recvBytes()));
        assertEquals(0, p.conn2().recvBytes().length);
        assertEquals("cde", new String(p.conn2().recvBytes()));
    }

    @Test
    void anObjectIsCopiedWhenSentSoChangingItAfterwardsChangesNothing() {
        Pipe p = new Pipe();
        List<Integer> list = new ArrayList<>(List.of(1, 2));
        p.conn2().send(list);
        list.add(3);
        assertEquals(List.of(1, 2), p.conn1().recv());
    }

    @Test
    void nullNumbersStringsBytesAndOtherObjectsComeOutEqual() {
        Pipe p = new Pipe();
        List<Object> sent = java.util.Arrays.asList(null, 1, 2L, 1.5, "héllo", List.of(1, "a"), Point.class.getName());
        for (Object o : sent) {
            p.conn1().send(o);
        }
        p.conn1().send(new byte[] {1, 2});
        for (Object o : sent) {
            assertEquals(o, p.conn2().recv());
        }
        assertArrayEquals(new byte[] {1, 2}, (byte[]) p.conn2().recv());
    }

    @Test
    void recvAfterTheOtherEndClosedAndThePipeIsDrainedThrowsEndOfPipe() {
        Pipe p = new Pipe();
        p.conn2().send("last");
        p.conn2().close();
        assertEquals("last", p.conn1().recv());
        EndOfPipeException e = assertThrows(EndOfPipeException.class, () -> p.conn1().recv());
        assertInstanceOf(EOFException.class, e.getCause());
    }

    @Test
    void aClosedEndRefusesToBeUsedAndClosingTwiceIsAllowed() {
        Pipe p = new Pipe();
        p.conn1().close();
        p.conn1().close();
        assertTrue(p.conn1().isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.conn1().recv());
        assertTrue(e.getMessage().startsWith("handle is closed"), e.getMessage());
        assertThrows(BrokenPipeException.class, () -> p.conn2().send(1));
    }

    @Test
    void pollWithATimeoutWaitsThatLongWhenNothingComesAndIsTrueOnceSomethingIs() {
        Pipe p = new Pipe();
        assertFalse(p.conn1().poll());
        long start = System.nanoTime();
        assertFalse(p.conn1().poll(0.2));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
        p.conn2().send(1);
        assertTrue(p.conn1().poll());
        assertTrue(p.conn1().poll(0.2));
        assertEquals(1, p.conn1().recv());
        assertFalse(p.conn1().poll());
    }

    @Test
    void pollIsTrueOnceTheOtherEndIsClosedSoThatRecvDoesNotWait() {
        Pipe p = new Pipe();
        p.conn2().close();
        assertTrue(p.conn1().poll(30.0));
        assertThrows(EndOfPipeException.class, () -> p.conn1().recv());
    }

    @Test
    void aMessageLongerThanMaxLengthIsRefusedAndClosesThatEnd() {
        Pipe p = new Pipe();
        p.conn1().sendBytes(new byte[10]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.conn2().recvBytes(9));
        assertEquals("bad message length: 10 bytes, maxLength=9; the connection is closed", e.getMessage());
        assertTrue(p.conn2().isClosed());
    }

    @Test
    void aConnectionTravelsThroughAnotherConnection() {
        Pipe carrier = new Pipe();
        Pipe inner = new Pipe();
        carrier.conn1().send(inner.conn2());
        Connection received = (Connection) carrier.conn2().recv();
        received.send("through");
        assertEquals("through", inner.conn1().recv());
    }

    @Test
    void aOneWayPipeReceivesOnConn1AndSendsOnConn2Only() {
        Pipe p = new Pipe(Pipe.Duplex.ONE_WAY);
        assertTrue(p.conn1().isReadable());
        assertFalse(p.conn1().isWritable());
        assertFalse(p.conn2().isReadable());
        assertTrue(p.conn2().isWritable());
        assertEquals("connection is read-only", assertThrows(IllegalStateException.class,
                () -> p.conn1().send(1)).getMessage().substring(0, 23));
        assertEquals("connection is write-only", assertThrows(IllegalStateException.class,
                () -> p.conn2().recv()).getMessage().substring(0, 24));
        p.conn2().send("one way");
        assertEquals("one way", p.conn1().recv());
    }

    @Test
    void recvBytesIntoWritesAtTheOffsetAndATooShortBufferKeepsTheMessageInTheException() {
        Pipe p = new Pipe();
        byte[] buf = new byte[8];
        p.conn1().sendBytes("abc".getBytes());
        assertEquals(3, p.conn2().recvBytesInto(buf, 2));
        assertEquals("abc", new String(buf, 2, 3));
        p.conn1().sendBytes("too long".getBytes());
        BufferTooShortException e = assertThrows(BufferTooShortException.class, () -> p.conn2().recvBytesInto(buf, 4));
        assertEquals("too long", new String(e.messageBytes()));
    }

    @Test
    void badOffsetsAndSizesAreRefusedWithTheValue() {
        Pipe p = new Pipe();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.conn1().sendBytes(new byte[4], 5, 0));
        assertEquals("offset must be in 0..4, offset=5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.conn1().sendBytes(new byte[4], 1, 4));
        assertEquals("size must be in 0..3, size=4", e.getMessage());
    }

    @Test
    void aChildReceivesAndAnswersThroughTheEndItWasGiven() {
        Pipe p = new Pipe();
        Connection child = p.conn2();
        Future<Integer> echoed = pool.submit(() -> {
            int n = 0;
            for (Object o = child.recv(); !"stop".equals(o); o = child.recv()) {
                child.send(o);
                n++;
            }
            return n;
        });
        for (int i = 0; i < 100; i++) {
            p.conn1().send(i);
            assertEquals(i, p.conn1().recv());
        }
        p.conn1().send("stop");
        assertEquals(100, echoed.result());
    }

    @Test
    void objectsOfTheCallersOwnClassesTravelBothWays() {
        Pipe p = new Pipe();
        Connection child = p.conn2();
        Future<Point> moved = pool.submit(() -> {
            Point got = (Point) child.recv();
            child.send(new Point(got.x() + 1, got.y() + 1));
            return got;
        });
        p.conn1().send(new Point(1, 2));
        assertEquals(new Point(2, 3), p.conn1().recv());
        assertEquals(new Point(1, 2), moved.result());
    }

    @Test
    void aSixteenMebibyteMessageCrossesToAChildAndBack() {
        Pipe p = new Pipe();
        Connection child = p.conn2();
        byte[] big = new byte[16 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 16));
        }
        Future<Integer> echoed = pool.submit(() -> {
            byte[] m = child.recvBytes();
            child.sendBytes(m);
            return m.length;
        });
        p.conn1().sendBytes(big);
        assertArrayEquals(big, p.conn1().recvBytes());
        assertEquals(big.length, echoed.result());
    }

    @Test
    void whenTheChildHoldingTheOtherEndDiesRecvEndsWithEndOfPipe() {
        Pipe p = new Pipe();
        Connection child = p.conn2();
        try (ProcessPoolExecutor doomed = new ProcessPoolExecutor(1)) {
            Future<Object> dies = doomed.submit(() -> {
                child.send("before dying");
                Runtime.getRuntime().halt(3);
                return null;
            });
            assertEquals("before dying", p.conn1().recv());
            assertThrows(EndOfPipeException.class, () -> p.conn1().recv());
            assertThrows(RuntimeException.class, dies::result);
        }
    }

    @Test
    void awaitReturnsTheConnectionsWithAMessageAndTheDoneFuturesInTheOrderGiven() {
        Pipe a = new Pipe();
        Pipe b = new Pipe();
        java.util.concurrent.CompletableFuture<Integer> done = java.util.concurrent.CompletableFuture.completedFuture(0);
        java.util.concurrent.CompletableFuture<Integer> pending = new java.util.concurrent.CompletableFuture<>();
        b.conn1().send("for b");
        assertEquals(List.of(b.conn2(), done), Connection.await(List.of(a.conn2(), b.conn2(), pending, done), 0));
    }

    @Test
    void awaitWithATimeoutReturnsNothingWhenNothingBecameReady() {
        Pipe p = new Pipe();
        long start = System.nanoTime();
        assertEquals(List.of(), Connection.await(List.of(p.conn2()), 0.2));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "waited about the timeout");
    }

    @Test
    void awaitWakesWhenAChildSendsOrAProcessEnds() {
        Pipe p = new Pipe();
        Process sender = new Process((Connection c) -> c.send("hello"), p.conn1());
        Process sleeper = new Process(() -> Thread.sleep(60_000));
        sleeper.start();
        sender.start();
        assertEquals(List.of(p.conn2()), Connection.await(List.of(p.conn2(), sleeper.sentinel())));
        assertEquals("hello", p.conn2().recv());
        sender.join();
        java.util.concurrent.CompletableFuture<Integer> end = sleeper.sentinel();
        assertEquals(List.of(), Connection.await(List.of(end), 0), "the sleeper still runs");
        sleeper.terminate();
        assertEquals(List.of(end), Connection.await(List.of(end), 30));
        assertEquals(-15, end.join());
    }

    @Test
    void awaitRefusesAnObjectItCannotWaitForNamingItsPosition() {
        Pipe p = new Pipe();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Connection.await(List.of(p.conn2(), "not a connection"), 0));
        assertEquals("object 1 is a java.lang.String; await() waits for Connections and Futures (such as Process.sentinel())",
                e.getMessage());
    }
}
