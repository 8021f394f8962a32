package io.pools4j.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A file mapped into this process, read and written through an Agrona {@link UnsafeBuffer} over the
 * mapping. Each process maps a file once ({@link #open} returns the same mapping for the same path),
 * and keeps it mapped for its lifetime: objects are small and live as long as the user holds them,
 * and an unmapped segment under a live buffer would crash the JVM.
 *
 * <p>A new file is zero-filled (a sparse file on tmpfs: pages cost memory when first touched), so
 * every layout in this package starts from all-zero words.
 */
public final class Segment {

    private static final Map<Path, Segment> MAPPED = new ConcurrentHashMap<>();

    private final Path path;
    private final MemorySegment memory;
    private final UnsafeBuffer buffer;

    private Segment(Path path, MemorySegment memory) {
        this.path = path;
        this.memory = memory;
        this.buffer = new UnsafeBuffer(memory.address(), Math.toIntExact(memory.byteSize()));
    }

    /** Creates {@code path} ({@code size} zero bytes) and maps it. */
    public static Segment create(Path path, long size) {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment size must be in 1.." + Integer.MAX_VALUE + ", size=" + size);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.truncate(size);
            Segment s = new Segment(path, ch.map(FileChannel.MapMode.READ_WRITE, 0, size, Arena.global()));
            MAPPED.put(path, s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared-memory file " + path + " of " + size + " bytes", e);
        }
    }

    /** Maps an existing file, or returns this process's mapping of it. */
    public static Segment open(Path path) {
        return MAPPED.computeIfAbsent(path, Segment::map);
    }

    private static Segment map(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new Segment(path, ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size(), Arena.global()));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("shared-memory file " + path + " is gone: the process that created the "
                    + "object has exited (its session directory is removed at exit); create it in a process that outlives its users", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map shared-memory file " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public UnsafeBuffer buffer() {
        return buffer;
    }

    /** The mapping as an FFM segment (for the futex calls, and for SharedMemory's view). */
    public MemorySegment memory() {
        return memory;
    }

    public long address() {
        return memory.address();
    }

    @Override
    public String toString() {
        return "Segment[" + path + ", " + memory.byteSize() + " bytes]";
    }
}
