package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOT cache directory does not grow with every build of the jar. */
class StartupCacheTest {

    @TempDir
    Path dir;

    private Path file(String name, long minutesAgo) throws Exception {
        Path f = Files.writeString(dir.resolve(name), name);
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - minutesAgo * 60_000));
        return f;
    }

    @Test
    void pruningKeepsTheNewCacheAndTheThreeNewestOthersAndDropsStaleTrainingFiles() throws Exception {
        file("worker-oldest.aot", 50);
        file("worker-old.aot", 40);
        file("worker-b.aot", 30);
        file("worker-c.aot", 20);
        file("worker-d.aot", 10);
        file("worker-x.aot.123.tmp.config", 60);
        file("worker-y.aot.124.tmp", 1);
        file("notes.txt", 90);
        Path current = file("worker-new.aot", 0);

        StartupCache.prune(current);

        Set<String> left;
        try (var files = Files.list(dir)) {
            left = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of("worker-new.aot", "worker-b.aot", "worker-c.aot", "worker-d.aot",
                "worker-y.aot.124.tmp", "notes.txt"), left);
    }
}
