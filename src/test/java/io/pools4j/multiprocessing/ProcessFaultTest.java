package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.futures.FileGate;
import io.pools4j.worker.Children;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Process's child and the end of its parent: a parent killed with kill -9 leaves no child alive;
 * a parent whose main returns waits for its non-daemonic child and terminates its daemonic one, as
 * Python's {@code _exit_function} does.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessFaultTest {

    @AfterEach
    void noChildJvmLeft() {
        Children.assertNoneLeft();
    }

    /** A small parent JVM running {@link ProcessParentMain} with {@code args}. */
    private static java.lang.Process parent(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ProcessParentMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads lines until one starts with {@code prefix}, and returns it. */
    private static String lineStartingWith(BufferedReader out, String prefix) throws Exception {
        String line;
        do {
            line = out.readLine();
        } while (line != null && !line.startsWith(prefix));
        assertTrue(line != null, "the small parent printed a line starting with '" + prefix + "'");
        return line;
    }

    private static List<ProcessHandle> handles(String pidsLine) {
        String[] parts = pidsLine.split(" ");
        return List.of(ProcessHandle.of(Long.parseLong(parts[1])).orElseThrow(),
                ProcessHandle.of(Long.parseLong(parts[2])).orElseThrow());
    }

    @Test
    void aParentKilledWithKillMinus9LeavesNeitherADaemonicNorANonDaemonicChildAliveOneSecondLater() throws Exception {
        java.lang.Process parent = parent("wait");
        List<ProcessHandle> children;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            children = handles(lineStartingWith(out, "pids "));
        }
        List<ProcessHandle> jvms = parent.toHandle().descendants().toList();
        assertTrue(jvms.containsAll(children), "both children are the parent's: " + jvms);
        new ProcessBuilder("kill", "-9", Long.toString(parent.pid())).start().waitFor();
        parent.waitFor();
        List<Long> left = new ArrayList<>();
        for (ProcessHandle jvm : jvms) {
            if (!Children.endsWithin(jvm, 1000)) {
                left.add(jvm.pid());
                jvm.destroyForcibly();
            }
        }
        assertEquals(List.of(), left, "child JVMs still running 1 s after their parent was killed");
    }

    @Test
    void aParentWhoseMainReturnsJoinsItsNonDaemonicChildAndTerminatesItsDaemonicOne() throws Exception {
        FileGate gate = new FileGate();
        java.lang.Process parent = parent("exit", gate.path());
        List<ProcessHandle> children;
        StringBuilder rest = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            children = handles(lineStartingWith(out, "pids "));
            lineStartingWith(out, "main returns");
            assertFalse(parent.waitFor(1, TimeUnit.SECONDS), "the parent waits for its non-daemonic child at exit");
            assertTrue(Children.running(children.get(1).pid()), "the non-daemonic child still runs");
            gate.open();
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "the parent exits once its child has");
            out.lines().forEach(l -> rest.append(l).append('\n'));
        }
        assertEquals("child done\n", rest.toString(), "what the child printed at the parent's exit reached its stdout");
        assertEquals(0, parent.exitValue());
        for (ProcessHandle child : children) {
            assertTrue(Children.endsWithin(child, 1000), "child " + child.pid() + " ended with its parent");
        }
    }
}
