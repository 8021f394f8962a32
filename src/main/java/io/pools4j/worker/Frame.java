package io.pools4j.worker;

/**
 * One frame of the worker protocol (see {@link WireDescriptor} for its bytes).
 *
 * <p><b>CPython:</b> one pickled item on {@code process.py}'s call or result queue.
 *
 * @param type     the kind of frame, or {@code null} when the type byte was not a known code
 * @param rawType  the type byte as received (kept to name it in an error)
 * @param taskId   the task the frame belongs to (0 for frames of no task)
 * @param payload  the body, whose layout depends on the type
 */
record Frame(FrameType type, byte rawType, long taskId, byte[] payload) {

    static final byte[] EMPTY = new byte[0];

    Frame(FrameType type, long taskId, byte[] payload) {
        this(type, type.code, taskId, payload);
    }

    @Override
    public String toString() {
        return "Frame[" + (type == null ? "unknown type " + rawType : type) + ", task " + taskId
                + ", " + payload.length + " bytes]";
    }
}
