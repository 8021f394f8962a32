package io.pools4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.worker.Children;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kernel/soak.sh --quick} as a test: pools opened and closed and tasks run leave the
 * parent's memory, descriptors, threads, session directories and children where they were. It
 * runs in a JVM of its own, with soak.sh's flags, so that what other test classes left in this
 * one does not count, and the heap is fixed as the soak's is.
 */
@Tag("process")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SoakTest {

    @AfterEach
    void noWorkerJvmLeft() {
        Children.assertNoneLeft();
    }

    @Test
    void aQuickSoakLeavesTheParentWhereItsBaselineWas() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path log = Files.createTempFile("pools4j-soak", ".txt");
        // kernel/soak.sh's flags: the kernel's, and a fixed, pre-touched heap.
        Process soak = new ProcessBuilder(java, "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch",
                "-cp", System.getProperty("java.class.path"), Soak.class.getName(), "--quick")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(soak.waitFor(150, TimeUnit.SECONDS), "the quick soak ended within 150 s: " + Files.readString(log));
        } finally {
            soak.destroyForcibly();
        }
        String output = Files.readString(log);
        Files.delete(log);
        assertTrue(output.lines().anyMatch("verdict: PASS"::equals), output);
        assertEquals(0, soak.exitValue(), output);
    }
}
