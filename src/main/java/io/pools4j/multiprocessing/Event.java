package io.pools4j.multiprocessing;

import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmSession;
import io.pools4j.shm.WaitWord;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * A flag shared by processes that others can wait for: {@link #set()} wakes every waiter.
 * Its layout is one {@link WaitWord}: the flag (0 or 1) and its sleepers.
 *
 * <p><b>Python:</b> {@code multiprocessing.Event()}.
 * <b>Differences from Python:</b> {@code wait()} is named {@link #await()}, as in
 * java.util.concurrent, because {@code wait()} is {@link Object}'s.
 */
public final class Event implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Segment segment;
    private final transient WaitWord flag;

    /** <p><b>Python:</b> {@code Event()}: not set. */
    public Event() {
        this.segment = Segment.create(ShmSession.newFile("event"), WaitWord.LENGTH);
        this.flag = new WaitWord(segment, 0);
    }

    Event(SharedForm form) {
        this.segment = form.segment();
        this.flag = new WaitWord(segment, form.offset());
    }

    /** <p><b>Python:</b> {@code is_set()}. */
    public boolean isSet() {
        return flag.get() != 0;
    }

    /** Sets the flag and wakes every waiter. <p><b>Python:</b> {@code set()}. */
    public void set() {
        flag.set(1);
        flag.wake(Integer.MAX_VALUE);
    }

    /** <p><b>Python:</b> {@code clear()}. */
    public void clear() {
        flag.set(0);
    }

    /** Waits until the flag is set; returns true. <p><b>Python:</b> {@code Event.wait()}. */
    public boolean await() {
        return await((Duration) null);
    }

    /** {@link #await(Duration)} in seconds, as Python writes it. */
    public boolean await(double timeoutSeconds) {
        return await(Deadlines.seconds(timeoutSeconds));
    }

    /**
     * Waits at most {@code timeout} for the flag.
     *
     * <p><b>Python:</b> {@code Event.wait(timeout)}.
     *
     * @param timeout null waits for ever
     * @return whether the flag is set
     */
    public boolean await(Duration timeout) {
        return isSet() || flag.await(this::isSet, Deadlines.of(timeout), () -> { }, "await() of " + this);
    }

    @Serial
    private Object writeReplace() {
        return new SharedForm(SharedForm.Kind.EVENT, segment, 0);
    }

    @Override
    public String toString() {
        return "<Event " + segment.path().getFileName() + (isSet() ? " set" : " unset") + ">";
    }
}
