package io.pools4j.futures;

import java.io.Serializable;

/**
 * A gate a task waits at until the test opens it: how contract tests order events without
 * sleeping. Serializable, so that a process-pool backend can hand its own kind to child JVMs.
 */
public interface Gate extends Serializable {
    /** Called inside a task: blocks until {@link #open()} (or a generous limit, so nothing hangs). */
    void await() throws Exception;

    /** Called by the test. */
    void open();
}
