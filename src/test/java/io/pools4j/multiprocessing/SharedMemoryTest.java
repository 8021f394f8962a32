package io.pools4j.multiprocessing;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.shm.ShmSession;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SharedMemory: named blocks, attached by name or by handing the object over (Python 3.8's shared_memory). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedMemoryTest extends WorkerPoolTest {


    @Test
    void aNewBlockHasAFreshNameItsSizeAndZeros() {
        try (SharedMemory shm = SharedMemory.create(100)) {
            assertTrue(shm.name().matches("psm_[0-9a-f]{8}"), shm.name());
            assertEquals(100, shm.size());
            assertEquals(0, shm.buf().get(JAVA_INT, 96));
            assertTrue(Files.exists(ShmSession.base().resolve(shm.name())));
            shm.unlink();
        }
    }

    @Test
    void aChildAttachedByNameAndOneHandedTheObjectSeeTheSameBytes() {
        SharedMemory shm = SharedMemory.create(64);
        String name = shm.name();
        shm.buf().set(JAVA_INT, 0, 41);
        int seen = pool.submit(() -> {
            try (SharedMemory mine = new SharedMemory(name)) {
                int v = mine.buf().get(JAVA_INT, 0);
                mine.buf().set(JAVA_INT, 4, v + 1);
                return v;
            }
        }).result();
        assertEquals(41, seen);
        assertEquals(42, shm.buf().get(JAVA_INT, 4));
        pool.submit(() -> {
            shm.buf().set(JAVA_INT, 8, 43);
            return null;
        }).result();
        assertEquals(43, shm.buf().get(JAVA_INT, 8));
        shm.close();
        shm.unlink();
    }

    @Test
    void creatingATakenNameOrAttachingAMissingOneFailsWithTheFileErrorAsCause() {
        try (SharedMemory shm = SharedMemory.create(8)) {
            UncheckedIOException taken = assertThrows(UncheckedIOException.class, () -> SharedMemory.create(shm.name(), 8));
            assertInstanceOf(FileAlreadyExistsException.class, taken.getCause());
            shm.unlink();
            UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> new SharedMemory(shm.name()));
            assertInstanceOf(NoSuchFileException.class, missing.getCause());
        }
    }

    @Test
    void aSizeOfZeroOrANameWithASlashIsRefusedWithTheValue() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(0));
        assertTrue(size.getMessage().endsWith("size=0"), size.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> new SharedMemory("a/b"));
        assertTrue(name.getMessage().endsWith("name=a/b"), name.getMessage());
    }

    @Test
    void afterCloseThisProcessesViewIsUnusableAndCloseTwiceIsAllowed() {
        SharedMemory shm = SharedMemory.create(8);
        shm.close();
        shm.close();
        assertThrows(IllegalStateException.class, () -> shm.buf().get(JAVA_INT, 0));
        shm.unlink();
    }

    @Test
    void aBlockTheCreatorDidNotUnlinkIsRemovedWhenTheCreatorExits() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        java.lang.Process child = new ProcessBuilder(List.of(java, "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                BlockChild.class.getName())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String name = new String(child.getInputStream().readAllBytes()).trim();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertTrue(name.startsWith("psm_"), name);
        assertFalse(Files.exists(ShmSession.base().resolve(name)), name + " is still there");
    }

    /** A JVM that creates a block, prints its name and exits without unlinking it. */
    public static final class BlockChild {
        private BlockChild() {}

        public static void main(String[] args) {
            SharedMemory shm = SharedMemory.create(16);
            System.out.println(shm.name());
        }
    }
}
