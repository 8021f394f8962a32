package io.pools4j.kernel;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers what a cell prints into few stream messages: text written within one flush interval
 * goes out as one message per run of the same stream, in the order it was written.
 *
 * <p><b>ipykernel:</b> {@code ipykernel.iostream.OutStream}, which buffers writes and sends them
 * every {@code flush_interval} (0.2 s) from its IO thread. Without it every {@code print} call is
 * a message of its own (one {@code printf} line arrived as seven), and a loop printing 100,000
 * lines floods the browser.
 *
 * <p>A line is sent at the latest {@link #FLUSH_INTERVAL_MS} after it was written, so a line
 * printed just before a long wait shows at once; the timer sends whole lines only, and keeps a
 * line still being written (a {@code printf} whose pieces arrive one by one, the first slow to
 * format) until its end arrives or {@link #PARTIAL_LINE_WAIT_MS} have passed (a prompt without a
 * newline still shows). Text past {@link #MAX_PENDING_CHARS} is sent at the write that reaches
 * it, which bounds memory and the size of one message. Thread-safe: cells, threads
 * they start and the flusher all write; every field is guarded by {@code this}.
 */
final class OutputBatcher {

    /** A stream of the cell: Jupyter's "stdout" or "stderr". */
    enum Stream { OUT, ERR }

    /** Where batches go: one call per run of text of one stream. */
    @FunctionalInterface
    interface Sink {
        void send(Stream stream, String text);
    }

    /** Longest a written line waits: short enough to feel immediate, long enough to gather a loop's lines. */
    static final long FLUSH_INTERVAL_MS = 50;
    /** How long the timer keeps a line without its newline: long enough for a cold {@code printf}, short for a prompt. */
    static final long PARTIAL_LINE_WAIT_MS = 500;
    /** Pending text that is sent at once: about a screenful of long lines, far below ZeroMQ's limits. */
    static final int MAX_PENDING_CHARS = 64 * 1024;

    /** One thread for every cell's timed flush; a daemon, so that it never keeps a kernel alive. */
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("pools4j-output-flusher").unstarted(r));

    private final Sink sink;
    // Guarded by this.
    private final StringBuilder pending = new StringBuilder();
    private Stream pendingStream;
    private boolean flushScheduled;
    /** When the oldest pending text was written (System.nanoTime). */
    private long pendingSinceNanos;

    OutputBatcher(Sink sink) {
        this.sink = sink;
    }

    /** Adds {@code text} written to {@code stream}; sends what came before it on the other stream first. */
    synchronized void write(Stream stream, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (pendingStream != null && pendingStream != stream) {
            flush();
        }
        if (pending.isEmpty()) {
            pendingSinceNanos = System.nanoTime();
        }
        pendingStream = stream;
        pending.append(text);
        if (pending.length() >= MAX_PENDING_CHARS) {
            flush();
        } else {
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            FLUSHER.schedule(this::timedFlush, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Sends what is pending now: before any other message of the cell (a display, an error, the
     * reply), so that output keeps its place among them. The send happens under the lock, so two
     * flushes cannot overtake each other.
     */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        String text = pending.toString();
        Stream stream = pendingStream;
        pending.setLength(0);
        pendingStream = null;
        sink.send(stream, text);
    }

    /** The timer's flush: whole lines now, a line still being written only once it waited too long. */
    private synchronized void timedFlush() {
        flushScheduled = false;
        if (pending.isEmpty()) {
            return;
        }
        int lastNewline = pending.lastIndexOf("\n");
        boolean waitedTooLong = System.nanoTime() - pendingSinceNanos >= TimeUnit.MILLISECONDS.toNanos(PARTIAL_LINE_WAIT_MS);
        if (lastNewline == pending.length() - 1 || waitedTooLong) {
            flush();
            return;
        }
        if (lastNewline >= 0) {
            String lines = pending.substring(0, lastNewline + 1);
            pending.delete(0, lastNewline + 1);
            pendingSinceNanos = System.nanoTime();
            sink.send(pendingStream, lines);
        }
        scheduleFlush();
    }
}
