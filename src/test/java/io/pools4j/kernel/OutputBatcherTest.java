package io.pools4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a cell prints reaches Jupyter in few messages, in order, and without waiting for the cell to end. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutputBatcherTest {

    private record Sent(OutputBatcher.Stream stream, String text) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final OutputBatcher batcher = new OutputBatcher((stream, text) -> sent.add(new Sent(stream, text)));

    @Test
    void writesWithinOneIntervalGoOutAsOneMessage() {
        for (String piece : List.of("3", " ", "apples", "\n")) {
            batcher.write(OutputBatcher.Stream.OUT, piece);
        }
        batcher.flush();
        assertEquals(List.of(new Sent(OutputBatcher.Stream.OUT, "3 apples\n")), sent);
    }

    @Test
    void switchingStreamsKeepsTheOrderOfWhatWasWritten() {
        batcher.write(OutputBatcher.Stream.OUT, "a");
        batcher.write(OutputBatcher.Stream.ERR, "b");
        batcher.write(OutputBatcher.Stream.OUT, "c");
        batcher.flush();
        assertEquals(List.of(new Sent(OutputBatcher.Stream.OUT, "a"), new Sent(OutputBatcher.Stream.ERR, "b"),
                new Sent(OutputBatcher.Stream.OUT, "c")), sent);
    }

    @Test
    void aLineFollowedBySilenceIsSentWithoutAFlush() throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        OutputBatcher timed = new OutputBatcher((stream, text) -> arrived.countDown());
        timed.write(OutputBatcher.Stream.OUT, "before a long wait\n");
        assertTrue(arrived.await(10, TimeUnit.SECONDS), "the flusher sent the pending line on its own");
    }

    @Test
    void theTimerKeepsALineWhosePiecesAreStillArriving() throws InterruptedException {
        CountDownLatch firstSent = new CountDownLatch(1);
        OutputBatcher timed = new OutputBatcher((stream, text) -> {
            sent.add(new Sent(stream, text));
            firstSent.countDown();
        });
        timed.write(OutputBatcher.Stream.OUT, "done\nsubmit_per_s ");
        // A slow first printf: the timer fires before the rest of the line is written.
        assertTrue(firstSent.await(10, TimeUnit.SECONDS));
        timed.write(OutputBatcher.Stream.OUT, "1,949.6\n");
        timed.flush();
        assertEquals(List.of(new Sent(OutputBatcher.Stream.OUT, "done\n"), new Sent(OutputBatcher.Stream.OUT, "submit_per_s 1,949.6\n")),
                sent);
    }

    @Test
    void aPromptWithoutNewlineIsSentOnceItHasWaitedLongEnough() throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        long[] arrivedAfter = new long[1];
        long written = System.nanoTime();
        OutputBatcher timed = new OutputBatcher((stream, text) -> {
            arrivedAfter[0] = System.nanoTime() - written;
            arrived.countDown();
        });
        timed.write(OutputBatcher.Stream.OUT, "your answer? ");
        assertTrue(arrived.await(10, TimeUnit.SECONDS), "the prompt was sent on its own");
        assertTrue(arrivedAfter[0] >= TimeUnit.MILLISECONDS.toNanos(OutputBatcher.PARTIAL_LINE_WAIT_MS),
                "held for the partial-line wait first: " + arrivedAfter[0] / 1e6 + " ms");
    }

    @Test
    void aFloodIsSentInMessagesOfBoundedSize() {
        String line = "x".repeat(99) + "\n";
        for (int i = 0; i < 100_000; i++) {
            batcher.write(OutputBatcher.Stream.OUT, line);
        }
        batcher.flush();
        assertEquals(100_000 * line.length(), sent.stream().mapToInt(s -> s.text().length()).sum(), "nothing lost");
        int expectedMessages = (int) Math.ceil(100_000.0 * line.length() / OutputBatcher.MAX_PENDING_CHARS);
        assertTrue(sent.size() <= expectedMessages + 1, "100,000 lines became " + sent.size() + " messages");
        assertTrue(sent.stream().allMatch(s -> s.text().length() < OutputBatcher.MAX_PENDING_CHARS + line.length()));
    }

    @Test
    void flushWithNothingPendingSendsNothing() {
        batcher.flush();
        batcher.write(OutputBatcher.Stream.OUT, "");
        batcher.flush();
        assertEquals(List.of(), sent);
    }
}
