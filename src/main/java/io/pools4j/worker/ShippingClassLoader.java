package io.pools4j.worker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Child side of class shipping: defines the classes a task needs from bytes the parent sends,
 * either ahead of the task or in answer to a CLASS_REQUEST on a miss. One loader per generation
 * (see {@link ClassServer}), so code redefined in the parent never meets stale classes here.
 *
 * <p><b>CPython:</b> none under spawn; the nearest is cloudpickle rebuilding a function from its
 * code object.
 *
 * <p>Loads are made by the task-running thread; bytes arrive on the reader thread, through
 * {@link #offer}. Both maps are concurrent for that hand-over.
 */
final class ShippingClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** Asks the parent for a class; implemented by the child's frame channel. */
    interface Requester {
        void request(int generation, String name) throws IOException;
    }

    /** Longer than any answer takes (microseconds); the parent's death ends this JVM long before. */
    private static final long ANSWER_TIMEOUT_S = 60;
    private static final byte[] NONE = new byte[0];

    private final int generation;
    private final Requester requester;
    private final Map<String, byte[]> ahead = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
    /** The bytes of every class defined here, served by getResourceAsStream: a child's own children ask for them. */
    private final Map<String, byte[]> defined = new ConcurrentHashMap<>();

    ShippingClassLoader(int generation, Requester requester) {
        super("pools4j-shipped-" + generation, ShippingClassLoader.class.getClassLoader());
        this.generation = generation;
        this.requester = requester;
    }

    int generation() {
        return generation;
    }

    /** Bytes from the parent (null: it has no such class). */
    void offer(String name, byte[] bytes) {
        CompletableFuture<byte[]> w = waiting.get(name);
        if (w != null) {
            w.complete(bytes == null ? NONE : bytes);
        } else if (bytes != null) {
            ahead.put(name, bytes);
        }
    }

    /** Fails every load waiting for the parent's answer: that answer arrived damaged. */
    void failWaiting(IOException why) {
        for (CompletableFuture<byte[]> w : waiting.values()) {
            w.completeExceptionally(why);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = ahead.remove(name);
        if (bytes == null) {
            bytes = fetch(name);
        }
        if (bytes == NONE) {
            throw new ClassNotFoundException(name + " is neither on the worker JVM's class path nor available "
                    + "from the class loaders of the task in the parent");
        }
        Class<?> c = defineClass(name, bytes, 0, bytes.length);
        defined.put(name.replace('.', '/') + ".class", bytes);
        return c;
    }

    /**
     * A shipped class's bytes as well as the class path's resources: a task that starts a process
     * of its own (a nested child) ships the classes it got from its parent, as JShell's loader
     * hands out a snippet's class bytes.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] bytes = defined.get(name);
        return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
    }

    private byte[] fetch(String name) throws ClassNotFoundException {
        CompletableFuture<byte[]> answer = waiting.computeIfAbsent(name, n -> new CompletableFuture<>());
        try {
            requester.request(generation, name);
            return answer.get(ANSWER_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new ClassNotFoundException(name + ": asking the parent JVM for it failed (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClassNotFoundException(name + ": interrupted while waiting for the parent to send it", e);
        } finally {
            waiting.remove(name);
        }
    }
}
