package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** CPython's {@code test.support.reap_children}: after a test class, no child JVM may be left. */
final class Children {

    private Children() {}

    /** Waits up to 5 s for this JVM's descendants to end, then fails naming those still alive. */
    static void assertNoneLeft() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<ProcessHandle> alive;
        do {
            alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            if (alive.isEmpty()) {
                return;
            }
            alive.forEach(p -> p.onExit().completeOnTimeout(p, 100, TimeUnit.MILLISECONDS).join());
        } while (System.nanoTime() < deadline);
        alive.forEach(ProcessHandle::destroyForcibly);
        fail("child processes left behind: " + alive.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }
}
