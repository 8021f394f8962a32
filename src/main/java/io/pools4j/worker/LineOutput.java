package io.pools4j.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The child's System.out / System.err: cuts what tasks print into lines and sends each as an
 * OUTPUT frame, so that it appears in the parent (the running notebook cell) in order.
 *
 * <p><b>CPython:</b> none; Python's workers write to the inherited file descriptors, so in a
 * notebook their prints go to the kernel's terminal, not to the cell.
 */
final class LineOutput extends OutputStream {

    /** Sends one line; implemented by the child's frame channel. */
    interface Sink {
        void line(byte stream, String text) throws IOException;
    }

    private final byte stream;
    private final Sink sink;
    /** Guarded by this: the current, unfinished line. */
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

    LineOutput(byte stream, Sink sink) {
        this.stream = stream;
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i - start);
                emit();
                start = i + 1;
            }
        }
        line.write(b, start, off + len - start);
    }

    /** Sends an unfinished line, if any: called when a task ends, so that a last print without newline is not lost. */
    synchronized void finishLine() throws IOException {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        line.reset();
        sink.line(stream, text);
    }
}
