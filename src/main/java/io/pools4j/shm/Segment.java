package io.pools4j.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
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
 * mapping. While a Segment is reachable, {@link #open} returns it for its path; once nothing holds it
 * (the objects over it were dropped) the mapping goes with it (an automatic arena), so that a loop
 * creating many locks does not run out of mappings. Everything that reads the buffer therefore holds
 * the Segment too: an unmapped buffer under a live reader would crash the JVM.
 *
 * <p>A new file is zero-filled (a sparse file on tmpfs: pages cost memory when first touched), so
 * every layout in this package starts from all-zero words.
 */
public final class Segment {

    /** This process's mappings; weak, so that a dropped object's mapping can go. */
    private static final Map<Path, WeakReference<Segment>> MAPPED = new ConcurrentHashMap<>();

    private final Path path;
    private final MemorySegment memory;
    private final UnsafeBuffer buffer;

    private Segment(Path path, MemorySegment memory) {
        this.path = path;
        this.memory = memory;
        this.buffer = buffer(memory);
    }

    /** Agrona 2.x reaches jdk.internal.misc.Unsafe: without the export it fails obscurely; say what to do. */
    private static UnsafeBuffer buffer(MemorySegment memory) {
        try {
            UnsafeBuffer b = new UnsafeBuffer(memory.address(), Math.toIntExact(memory.byteSize()));
            b.getIntVolatile(0); // the first access initialises Agrona's UnsafeApi: fail here, with the message below
            return b;
        } catch (IllegalAccessError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new IllegalStateException("pools4j shared memory needs the JVM flag "
                    + "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED (Agrona 2.x, its ring buffers, uses that "
                    + "package); start java with it, or jshell with -J--add-exports=... and -R--add-exports=... "
                    + "(the pools4j kernel and its worker JVMs pass it already)", e);
        }
    }

    /** Creates {@code path} ({@code size} zero bytes) and maps it. */
    public static Segment create(Path path, long size) {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment size must be in 1.." + Integer.MAX_VALUE + ", size=" + size);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.truncate(size);
            Segment s = new Segment(path, ch.map(FileChannel.MapMode.READ_WRITE, 0, size, Arena.ofAuto()));
            MAPPED.put(path, new WeakReference<>(s));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared-memory file " + path + " of " + size + " bytes", e);
        }
    }

    /** Maps an existing file, or returns this process's mapping of it. */
    public static Segment open(Path path) {
        while (true) {
            WeakReference<Segment> ref = MAPPED.compute(path, (p, old) -> old != null && old.get() != null ? old
                    : new WeakReference<>(map(p)));
            Segment s = ref.get();
            if (s != null) {
                return s;
            }
        }
    }

    private static Segment map(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new Segment(path, ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size(), Arena.ofAuto()));
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
