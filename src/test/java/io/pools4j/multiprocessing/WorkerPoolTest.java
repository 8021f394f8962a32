package io.pools4j.multiprocessing;

import io.pools4j.futures.ProcessPoolExecutor;
import io.pools4j.worker.Children;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * Two worker JVMs that a test class's tests hand shared objects to (the other end of each
 * cross-process test), and CPython's {@code reap_children} after the class.
 */
@Tag("process")
abstract class WorkerPoolTest {

    /** Started before the first test of a class, shut down after its last; classes run one at a time. */
    static ProcessPoolExecutor pool;

    @BeforeAll
    static void startPool() {
        pool = new ProcessPoolExecutor(2);
    }

    @AfterAll
    static void noChildLeft() {
        pool.shutdown();
        Children.assertNoneLeft();
    }
}
