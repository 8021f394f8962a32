package io.pools4j.notebook;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A progress bar for a long map: in the pools4j kernel it updates in place in the cell (an HTML
 * bar, redrawn at most every {@link #REDRAW_INTERVAL_NANOS}); in plain jshell it prints a line at
 * every tenth.
 *
 * <p><b>Python:</b> {@code tqdm(iterable, total=n)} (not in the standard library; its notebook
 * bar updates a display in place as this one does).
 *
 * <pre>{@code
 * for (var isPrime : Progress.track(ex.map(n -> isPrime(n), numbers), numbers.size(), "primes")) { ... }
 * }</pre>
 *
 * <p>Thread-safe: results may be counted from a pool's callback threads.
 */
public final class Progress implements AutoCloseable {

    /** Redraws in a notebook at most this often: each redraw is a message to the browser. */
    static final long REDRAW_INTERVAL_NANOS = 100_000_000L;
    private static final int BAR_CELLS = 30;

    private final String label;
    private final int total;
    private final long startNanos = System.nanoTime();
    private final Frontend.Handle handle;
    private final boolean inPlace;
    // Guarded by this.
    private int done;
    private long lastDrawNanos;
    private int lastTenthPrinted;
    private boolean closed;

    private Progress(String label, int total, Frontend frontend) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, total=" + total);
        }
        this.label = Objects.requireNonNull(label, "label");
        this.total = total;
        this.inPlace = frontend.updatesInPlace();
        this.handle = frontend.showUpdatable(this.snapshot());
    }

    /** A bar for {@code total} steps, shown now; call {@link #advance()} per step and {@link #close()} at the end. */
    public static Progress bar(String label, int total) {
        return new Progress(label, total, Notebook.frontend());
    }

    /**
     * {@code items}, counted on the bar as the loop takes them ({@code total} is how many there
     * will be; a map's iterator cannot tell). The bar closes when the loop has taken the last.
     */
    public static <T> Iterable<T> track(Iterable<T> items, int total, String label) {
        Objects.requireNonNull(items, "items");
        return () -> {
            Progress bar = bar(label, total);
            Iterator<T> it = items.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    boolean more = it.hasNext();
                    if (!more) {
                        bar.close();
                    }
                    return more;
                }

                @Override
                public T next() {
                    if (!it.hasNext()) {
                        bar.close();
                        throw new NoSuchElementException("no item left; " + bar);
                    }
                    T item = it.next();
                    bar.advance();
                    return item;
                }
            };
        };
    }

    /** One step done. */
    public void advance() {
        advance(1);
    }

    /** {@code steps} more steps done. */
    public synchronized void advance(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, steps=" + steps);
        }
        done += steps;
        long now = System.nanoTime();
        if (inPlace) {
            if (now - lastDrawNanos >= REDRAW_INTERVAL_NANOS) {
                lastDrawNanos = now;
                handle.update(snapshot());
            }
        } else if (total > 0) {
            int tenth = (int) Math.min(10, 10L * done / total);
            if (tenth > lastTenthPrinted) {
                lastTenthPrinted = tenth;
                handle.update(snapshot());
            }
        }
    }

    /** How many steps are done. */
    public synchronized int done() {
        return done;
    }

    /** Shows the final state once (what {@link #track} does when the loop ends). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (inPlace || lastTenthPrinted < 10) {
                handle.update(snapshot());
            }
        }
    }

    /** The bar as it is now, frozen: what the frontend shows. */
    synchronized Snapshot snapshot() {
        return new Snapshot(label, done, total, (System.nanoTime() - startNanos) / 1e9);
    }

    @Override
    public synchronized String toString() {
        return snapshot().toString();
    }

    /** One drawing of the bar: text for a terminal, HTML (a {@code <progress>} element) for a notebook. */
    record Snapshot(String label, int done, int total, double seconds) {

        @Override
        public String toString() {
            int filled = total == 0 ? BAR_CELLS : (int) Math.min(BAR_CELLS, (long) BAR_CELLS * done / total);
            return String.format("%s [%s%s] %d/%d (%d%%) %.1f s", label, "#".repeat(filled), ".".repeat(BAR_CELLS - filled),
                    done, total, percent(), seconds);
        }

        private int percent() {
            return total == 0 ? 100 : (int) Math.min(100, 100L * done / total);
        }

        /** Rendered by the pools4j kernel (and any front end that looks for {@code toHtml()}). */
        public String toHtml() {
            return String.format("<div style=\"font-family:monospace\"><progress value=\"%d\" max=\"%d\" style=\"width:300px\"></progress>"
                    + " %s %d/%d (%d%%) %.1f s</div>", done, Math.max(total, 1), escape(label), done, total, percent(), seconds);
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
