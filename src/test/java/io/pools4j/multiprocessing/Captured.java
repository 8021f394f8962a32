package io.pools4j.multiprocessing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Swaps this JVM's System.out and System.err for buffers while open, as a notebook kernel swaps
 * them for a running cell: what a child JVM prints is forwarded to whatever they are at the time.
 */
final class Captured implements AutoCloseable {
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    Captured() {
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    synchronized String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    synchronized String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
    }
}
