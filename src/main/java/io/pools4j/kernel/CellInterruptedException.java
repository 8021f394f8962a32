package io.pools4j.kernel;

/**
 * The running cell was stopped by the user (the notebook's stop button).
 *
 * <p><b>Python:</b> {@code KeyboardInterrupt}.
 */
public final class CellInterruptedException extends Exception {

    CellInterruptedException() {
        super("the cell was interrupted (Kernel > Interrupt); the kernel and its variables are intact");
    }
}
