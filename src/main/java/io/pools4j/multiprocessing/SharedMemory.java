package io.pools4j.multiprocessing;

import io.pools4j.shm.ShmSession;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A named block of bytes that every process attaching it sees at once: {@code /dev/shm/<name>},
 * where POSIX {@code shm_open} and so CPython put theirs, so that a CPython process can attach a
 * block made here, and the other way round. The creating JVM unlinks it when it exits (or the
 * start-up sweep does, if it died), unless {@link #unlink()} did so earlier.
 *
 * <p><b>Python:</b> {@code multiprocessing.shared_memory.SharedMemory(name=None, create=False, size=0)}.
 * <b>Differences from Python:</b> {@code create=True} is {@link #create(int)} / {@link #create(String, int)},
 * attaching is {@code new SharedMemory(name)}; {@code buf} is an FFM {@link MemorySegment}
 * ({@code buf().asByteBuffer()} for a ByteBuffer); Python's FileExistsError / FileNotFoundError are
 * {@link UncheckedIOException}s whose cause is a {@link FileAlreadyExistsException} /
 * {@link NoSuchFileException}; the size is exact, not rounded up to a page.
 */
public final class SharedMemory implements AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient String name;
    private final transient Path file;
    private final transient Arena arena;
    private final transient MemorySegment buf;

    private SharedMemory(String name, Path file, Arena arena, MemorySegment buf) {
        this.name = name;
        this.file = file;
        this.arena = arena;
        this.buf = buf;
    }

    /**
     * Attaches the existing block {@code name}.
     *
     * <p><b>Python:</b> {@code SharedMemory(name)}.
     *
     * @throws UncheckedIOException caused by {@link NoSuchFileException} if there is no such block
     */
    public SharedMemory(String name) {
        this(name, fileOf(name));
    }

    private SharedMemory(String name, Path file) {
        this.name = name;
        this.file = file;
        this.arena = Arena.ofShared();
        this.buf = map(file, -1, arena);
    }

    /** A new block of {@code size} zero bytes with a fresh name ({@code psm_} and 8 hex digits). <p><b>Python:</b> {@code SharedMemory(create=True, size=size)}. */
    public static SharedMemory create(int size) {
        byte[] token = new byte[4];
        ThreadLocalRandom.current().nextBytes(token);
        return create("psm_" + HexFormat.of().formatHex(token), size);
    }

    /**
     * A new block {@code name} of {@code size} zero bytes.
     *
     * <p><b>Python:</b> {@code SharedMemory(name, create=True, size=size)}.
     *
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws UncheckedIOException     caused by {@link FileAlreadyExistsException} if the name is taken
     */
    public static SharedMemory create(String name, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("'size' must be a positive number different from zero, size=" + size);
        }
        Path file = fileOf(name);
        Arena arena = Arena.ofShared();
        MemorySegment buf = map(file, size, arena);
        ShmSession.trackBlock(file);
        return new SharedMemory(name, file, arena, buf);
    }

    private static Path fileOf(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("a shared memory name must be a non-empty file name without '/', name=" + name);
        }
        return ShmSession.base().resolve(name);
    }

    /** Maps {@code file}, creating it with {@code size} bytes when size >= 0. */
    private static MemorySegment map(Path file, long size, Arena arena) {
        try (FileChannel ch = size >= 0
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (size >= 0) {
                ch.truncate(size);
            }
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size >= 0 ? size : ch.size(), arena);
        } catch (FileAlreadyExistsException e) {
            arena.close();
            throw new UncheckedIOException("shared memory block '" + file.getFileName() + "' exists already; attach it "
                    + "with new SharedMemory(name), or choose another name", e);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new UncheckedIOException("no shared memory block '" + file.getFileName() + "'; create it first", e);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot map shared memory block " + file, e);
        }
    }

    static SharedMemory attach(SharedForm form) {
        Path file = Path.of(form.path());
        return new SharedMemory(file.getFileName().toString(), file);
    }

    /** The bytes, shared with every process that attached the block. <p><b>Python:</b> {@code buf}. */
    public MemorySegment buf() {
        return buf;
    }

    /** <p><b>Python:</b> {@code name}. */
    public String name() {
        return name;
    }

    /** <p><b>Python:</b> {@code size}. */
    public long size() {
        return buf.byteSize();
    }

    /**
     * Unmaps the block in this process ({@link #buf()} is unusable afterwards); the block lives on
     * for the others. Twice is allowed.
     *
     * <p><b>Python:</b> {@code SharedMemory.close()}.
     */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    /**
     * Destroys the block: no process can attach it any more (those attached keep their view).
     *
     * <p><b>Python:</b> {@code SharedMemory.unlink()}.
     */
    public void unlink() {
        try {
            Files.deleteIfExists(file);
            ShmSession.untrackBlock(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlink shared memory block " + file, e);
        }
    }

    @Serial
    private Object writeReplace() {
        return new SharedForm(SharedForm.Kind.SHARED_MEMORY, file.toString(), 0, null);
    }

    @Override
    public String toString() {
        return "SharedMemory('" + name + "', size=" + buf.byteSize() + ")";
    }
}
