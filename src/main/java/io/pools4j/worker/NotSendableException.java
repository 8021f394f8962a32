package io.pools4j.worker;

/**
 * A value that a task needs cannot cross to or from a worker JVM because it is not
 * serializable: an argument, a captured value, a notebook variable the task reads, or a result.
 *
 * <p><b>Python:</b> {@code pickle.PicklingError} / {@code TypeError: cannot pickle '_thread.lock'
 * object}, raised by {@code ProcessPoolExecutor.submit} or delivered through the future.
 */
public final class NotSendableException extends RuntimeException {

    /** Which way a value had to cross. */
    public enum Direction { TO_WORKER, FROM_WORKER }

    private final String what;
    private final String valueType;

    /**
     * @param what      which value, in words: {@code "argument 1"}, {@code "notebook variable 'conn'"}
     * @param valueType the class name of the value that is not serializable
     * @param direction which way it had to go
     * @param advice    what to do instead, appended to the message
     * @param cause     the {@link java.io.NotSerializableException} or other serialization failure
     */
    public NotSendableException(String what, String valueType, Direction direction, String advice, Throwable cause) {
        super(what + " of type " + valueType + ", which cannot be sent "
                + (direction == Direction.FROM_WORKER ? "back from a worker JVM" : "to a worker JVM")
                + " (" + cause + "); " + advice, cause);
        this.what = what;
        this.valueType = valueType;
    }

    /** Which value could not be sent, e.g. {@code "argument 1"} or {@code "notebook variable 'conn'"}. */
    public String what() {
        return what;
    }

    /** The class name of the value (or of the part of it) that is not serializable. */
    public String valueType() {
        return valueType;
    }
}
