package io.pools4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.worker.Children;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session directory of shared-memory files: where, who may read it, when it goes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShmSessionTest {

    @AfterAll
    static void noChildLeft() {
        Children.assertNoneLeft();
    }

    @Test
    void theSessionDirectoryIsUnderDevShmAndOnlyItsOwnerMayEnterIt() throws Exception {
        Path dir = ShmSession.dir();
        if (Files.isDirectory(Path.of("/dev/shm"))) {
            assertEquals(Path.of("/dev/shm"), dir.getParent());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertTrue(dir.getFileName().toString().startsWith("pools4j-shm-" + ProcessHandle.current().pid() + "-"), dir.toString());
    }

    @Test
    void aSegmentIsZeroFilledAndTheSameMappingIsReturnedForTheSamePath() {
        Path file = ShmSession.newFile("test");
        Segment created = Segment.create(file, 4096);
        assertEquals(0L, created.buffer().getLong(4088));
        created.buffer().putLong(8, 42);
        assertEquals(created, Segment.open(file));
        assertEquals(42L, Segment.open(file).buffer().getLong(8));
    }

    @Test
    void aSegmentNobodyHoldsIsUnmappedAndOpeningItAgainMapsTheSameBytes() throws Exception {
        Path file = ShmSession.newFile("test");
        Segment created = Segment.create(file, 4096);
        created.buffer().putLong(0, 7);
        java.lang.ref.WeakReference<Segment> ref = new java.lang.ref.WeakReference<>(created);
        created = null;
        while (ref.get() != null) { // bounded by the class timeout
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(7L, Segment.open(file).buffer().getLong(0));
    }

    @Test
    void theSweepRemovesTheDirectoryOfADeadOwnerAndTheBlocksItListsButKeepsALiveOnes() throws Exception {
        Path base = Files.createTempDirectory("sweep");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.createDirectory(base.resolve(ShmSession.PREFIX + gone.pid() + "-abc"));
        Files.createFile(dead.resolve("queue-1"));
        Path block = Files.createFile(base.resolve("psm_test"));
        Files.createFile(dead.resolve(ShmSession.BLOCK_MARKER + "psm_test"));
        Path live = Files.createDirectory(base.resolve(ShmSession.PREFIX + ProcessHandle.current().pid() + "-def"));
        Path other = Files.createDirectory(base.resolve("pools4j-12-notours"));

        assertEquals(1, ShmSession.sweep(base));

        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(block));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(other));
    }

    @Test
    void theSessionDirectoryIsRemovedWhenItsJvmExits() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(java, "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SessionChild.class.getName());
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(child.getInputStream().readAllBytes()).trim();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());
        Path dir = Path.of(printed.split(File.pathSeparator)[0]);
        assertTrue(dir.getFileName().toString().startsWith("pools4j-shm-" + child.pid()), printed);
        assertFalse(Files.exists(dir), dir + " is still there");
    }
}
