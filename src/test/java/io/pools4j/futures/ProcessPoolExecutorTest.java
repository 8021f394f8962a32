package io.pools4j.futures;

import io.pools4j.worker.Children;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** The executor contract on worker JVMs: every test of {@link ExecutorContract}, with a {@link FileGate}. */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessPoolExecutorTest extends ExecutorContract {

    @Override
    protected Executor newExecutor(int maxWorkers) {
        return new ProcessPoolExecutor(maxWorkers);
    }

    @Override
    protected Gate newGate() {
        return new FileGate();
    }

    @AfterAll
    static void noWorkerJvmLeft() {
        Children.assertNoneLeft();
    }
}
