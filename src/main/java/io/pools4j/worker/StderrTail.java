package io.pools4j.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drains a worker JVM's own stdout+stderr (JVM warnings, crash messages; task output travels
 * as OUTPUT frames instead) and keeps the last lines, for the report when the worker dies.
 * Draining also keeps a chatty JVM from blocking on a full pipe.
 *
 * <p><b>CPython:</b> none; Python's workers inherit the parent's stderr, so a dying worker's
 * last words land on the terminal, not in the error. We put them in the error.
 */
final class StderrTail {

    /** Enough for an OutOfMemoryError line or the head of a crash report. */
    static final int LINES = 20;

    /** Guarded by itself. */
    private final ArrayDeque<String> lines = new ArrayDeque<>(LINES);
    private final CountDownLatch ended = new CountDownLatch(1);

    private StderrTail() {}

    static StderrTail start(Process process, String name) {
        StderrTail tail = new StderrTail();
        Thread.ofPlatform().daemon().name(name + "-stderr").start(() -> tail.drain(process));
        return tail;
    }

    private void drain(Process process) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    if (lines.size() == LINES) {
                        lines.removeFirst();
                    }
                    lines.addLast(line);
                }
            }
        } catch (IOException e) {
            // the pipe closed under us: the process is gone, which is what ends the tail anyway
        } finally {
            ended.countDown();
        }
    }

    /** Waits (bounded) until the process's output has been read to its end. */
    void awaitEnd(Duration max) {
        try {
            ended.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
