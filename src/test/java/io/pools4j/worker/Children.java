package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** CPython's {@code test.support.reap_children}: after a test class, no child JVM may be left. */
public final class Children {

    private Children() {}

    /**
     * Whether {@code process} has stopped running within {@code millis}. An orphan that died is a
     * zombie until init reaps it, and this container's init may never do so, so onExit() cannot
     * be the signal: the process state in /proc is (a zombie has run its last instruction).
     */
    public static boolean endsWithin(ProcessHandle process, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running(process.pid())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10); // polling /proc: there is no event for "became a zombie" to wait on
        }
        return true;
    }

    public static boolean running(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException e) {
            return false; // no /proc entry: reaped
        }
    }

    /** Waits up to 30 s for the forkserver to have {@code n} idle standbys up; returns their pids. */
    public static java.util.Set<Long> standbysUp(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        java.util.Set<Long> pids;
        while ((pids = Forkserver.standbyPids()).size() < n && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // nothing to wait on across a JVM launch
        }
        if (pids.size() < n) {
            fail("forkserver standbys up after 30 s: " + pids + ", wanted " + n);
        }
        return pids;
    }

    /**
     * Waits up to 5 s for this JVM's descendants to end, then fails naming those still alive. The
     * forkserver's idle standbys are not counted: like CPython's fork server process, they outlive
     * the pools and end with the JVM (ForkserverTest checks that they do).
     */
    public static void assertNoneLeft() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<ProcessHandle> alive;
        do {
            java.util.Set<Long> standbys = Forkserver.standbyPids();
            alive = ProcessHandle.current().descendants().filter(p -> p.isAlive() && !standbys.contains(p.pid())).toList();
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
