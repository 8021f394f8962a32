package io.pools4j.worker;

/**
 * The kinds of frame on a worker's channel; the code is the byte on the wire.
 *
 * <p><b>CPython:</b> the message kinds of {@code concurrent/futures/process.py}'s call queue
 * ({@code _CallItem}), result queue ({@code _ResultItem}) and the {@code None} sentinel, plus
 * what spawn cannot do: class shipping and output forwarding. See {@link WireDescriptor}.
 */
public enum FrameType {
    /** parent to child: run a task. */
    TASK(1),
    /** child to parent: a task's serialized result. */
    RESULT(2),
    /** child to parent: a task failed (its exception, or a description when it cannot be sent). */
    ERROR(3),
    /** child to parent: send me the bytes of this class. */
    CLASS_REQUEST(4),
    /** parent to child: the bytes of a class (an answer, or shipped ahead of a task). */
    CLASS_BYTES(5),
    /** child to parent: a line a task printed on System.out or System.err. */
    OUTPUT(6),
    /** parent to child: drop this task if it has not started; answered by CANCELLED or STARTED (see {@link WireDescriptor}). */
    CANCEL(7),
    /** parent to child: finish the tasks already sent, then exit. */
    SHUTDOWN(8),
    /** child to parent: the task named by a CANCEL was dropped before it started; it will never run. */
    CANCELLED(9),
    /** child to parent: the task named by a CANCEL had already started (or ended): it runs to its answer. */
    STARTED(10);

    private static final FrameType[] BY_CODE = new FrameType[16];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    final byte code;

    FrameType(int code) {
        this.code = (byte) code;
    }

    /** The type with this wire code, or {@code null} when the code is unknown (a corrupt frame). */
    static FrameType ofCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
