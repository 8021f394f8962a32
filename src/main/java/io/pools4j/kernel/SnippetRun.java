package io.pools4j.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One run of a snippet's code: on a thread of its own, in a thread group of its own that also
 * takes in every thread the snippet starts; the cell waits for the snippet's own thread only.
 *
 * <p><b>IPython:</b> a cell's code runs on the kernel's main thread and a {@code threading.Thread}
 * it starts outlives the cell. <b>IJava:</b> {@code IJavaExecutionControl.execute} waits for the
 * snippet's task only.
 *
 * <p>Why not JShell's {@code LocalExecutionControl.invoke(Method)}: it starts the snippet
 * thread, then enumerates the snippet's thread group and joins <em>every</em> thread it finds.
 * A thread the snippet has already started by then (a web server's dispatcher, a timer, a
 * pool's worker) is joined too, and the cell never ends. Whether the snippet gets that far
 * before the enumeration is a race, so the stock engine hangs a cell now and then.
 *
 * <p>The group is still what the stop button reaches: {@link #interruptAll()} interrupts the
 * snippet and every thread it started that is still alive, as JShell does.
 */
@SuppressWarnings("removal") // ThreadDeath: what JShell's stop check throws, deprecated for removal
final class SnippetRun {

    private final ThreadGroup group = new CellThreadGroup();
    private final Thread thread;
    /** Written by the snippet thread before it ends; read after {@link Thread#join()}. */
    private Object value;
    private Exception failure;
    private boolean stopped;

    SnippetRun(Method doit) {
        this.thread = new Thread(group, () -> run(doit), "pools4j-cell");
    }

    private void run(Method doit) {
        try {
            value = doit.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ThreadDeath) {
                stopped = true; // JShell's stop check threw it: the stop button
            } else {
                failure = e;
            }
        } catch (IllegalAccessException e) {
            failure = e;
        } catch (ThreadDeath e) {
            stopped = true;
        }
    }

    void start() {
        thread.start();
    }

    /**
     * Waits for the snippet's own thread, and no other, and returns what its code returned.
     *
     * @throws InvocationTargetException the snippet's exception, as {@code Method.invoke} wraps it
     * @throws StoppedSignal             the stop button stopped the snippet
     */
    Object await() throws Exception {
        thread.join();
        if (stopped) {
            throw new StoppedSignal();
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    /** Interrupts the snippet's thread and every live thread it started (the stop button). */
    void interruptAll() {
        Thread[] threads;
        int count;
        do { // enumerate fills at most the array's length: grow until everything fitted
            threads = new Thread[group.activeCount() + 4];
            count = group.enumerate(threads);
        } while (count == threads.length);
        for (int i = 0; i < count; i++) {
            threads[i].interrupt();
        }
    }

    /** Thrown by {@link #await()} when the stop button stopped the snippet. */
    static final class StoppedSignal extends Exception {
        StoppedSignal() {
            super("the snippet was stopped", null, false, false);
        }
    }

    /**
     * The threads of one snippet. A thread the snippet started that dies of an uncaught
     * exception is reported on standard error (JShell's group swallowed it without a word);
     * one ended by the stop button's {@code ThreadDeath} ends quietly.
     */
    private static final class CellThreadGroup extends ThreadGroup {
        CellThreadGroup() {
            super("pools4j cell");
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            if (!(e instanceof ThreadDeath)) {
                super.uncaughtException(t, e);
            }
        }
    }
}
