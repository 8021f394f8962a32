package io.pools4j.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parent's record of which class bytes one worker holds, and the generation counter that
 * keeps the worker from running stale code.
 *
 * <p><b>CPython:</b> none: spawn cannot send code at all ("Can't get attribute 'f' on
 * {@code <module '__main__'>}"). This is our half of class shipping.
 *
 * <p>Why generations: a JVM class loader defines a name once, but JShell may redefine a snippet
 * class in place (same name, new bytes), and two loaders of the parent may hold different classes
 * under one name. The child therefore defines shipped classes in a loader per generation; when a
 * task needs bytes that differ from what the current generation already holds, the generation is
 * bumped and the child starts a fresh loader, fetching what it needs again. Tasks run one at a
 * time in the child, so an older generation is never needed again once a newer task starts.
 *
 * <p>Guarded by the owning {@link WorkerHandle}'s submit lock (prepare, then payload) and by {@code this}
 * (every method is synchronized, since class requests are served by the reader thread).
 */
final class ClassServer {

    /** A class the child holds: its bytes, read after {@link SnippetChanges#version()} was {@code version}. */
    private record Shipped(ClassLoader loader, byte[] bytes, boolean snippet, long version) {}

    private int generation;
    /** Classes the child holds in the current generation, by binary name. */
    private final Map<String, Shipped> shipped = new HashMap<>();
    /** Stateless functions the child holds in the current generation, by class: their ids (from 1). */
    private final Map<Class<?>, Integer> functionIds = new HashMap<>();

    /**
     * Picks the generation for {@code task} and returns the classes to send ahead of it, as
     * CLASS_BYTES payloads in order; the TASK frame must follow them.
     */
    synchronized List<byte[]> prepare(TaskPacker.Packed task) {
        if (stale(task.classFiles())) {
            generation++;
            shipped.clear();
            functionIds.clear(); // the child drops its functions with the old generation
        }
        List<byte[]> ahead = new ArrayList<>();
        for (Map.Entry<String, TaskPacker.ClassBytes> e : task.classFiles().entrySet()) {
            String name = e.getKey();
            if (!shipped.containsKey(name)) {
                byte[] bytes = e.getValue().bytes();
                shipped.put(name, new Shipped(e.getValue().loader(), bytes, CodeWalk.isSnippet(name), task.version()));
                ahead.add(Payloads.classBytes(new Payloads.ClassBytes(generation, name, bytes)));
            }
        }
        return ahead;
    }

    /**
     * The TASK payload of a task {@link #prepare}d last: in the current generation, and for a
     * stateless function its id, with the function's code only the first time the child gets it.
     */
    synchronized Payloads.Task payload(TaskPacker.Packed task) {
        if (task.function() == null) {
            return task.payload(generation, 0, true);
        }
        Integer known = functionIds.get(task.function());
        int id = known != null ? known : functionIds.size() + 1;
        functionIds.put(task.function(), id);
        return task.payload(generation, id, known == null);
    }

    /**
     * True when the task's bytes, or a snippet class the child holds, differ from the child's copy.
     * A held snippet class the task does not name is read again only when {@link SnippetChanges}
     * cannot vouch for it (a read costs tens of microseconds, and a notebook's child holds the
     * classes of every cell that submitted to it); once read and found equal, it is vouched for
     * until the next install.
     */
    private boolean stale(Map<String, TaskPacker.ClassBytes> needed) {
        for (Map.Entry<String, TaskPacker.ClassBytes> e : needed.entrySet()) {
            Shipped s = shipped.get(e.getKey());
            if (s != null && !Arrays.equals(s.bytes(), e.getValue().bytes())) {
                return true;
            }
        }
        for (Map.Entry<String, Shipped> e : shipped.entrySet()) {
            Shipped s = e.getValue();
            if (!s.snippet() || needed.containsKey(e.getKey()) || SnippetChanges.unchangedSince(s.loader(), s.version())) {
                continue;
            }
            long version = SnippetChanges.version();
            if (!Arrays.equals(s.bytes(), Serial.classFile(s.loader(), e.getKey()))) {
                return true; // redefined in place since it was shipped: a dependency of old code
            }
            e.setValue(new Shipped(s.loader(), s.bytes(), true, version));
        }
        return false;
    }

    /**
     * Answers a CLASS_REQUEST from the task's loaders; the payload says "none" when no loader has it.
     */
    synchronized byte[] serve(Payloads.ClassRequest request, List<ClassLoader> loaders) {
        long version = SnippetChanges.version(); // before the bytes are read: see SnippetChanges
        byte[] bytes = null;
        ClassLoader from = null;
        for (ClassLoader loader : loaders) {
            bytes = Serial.classFile(loader, request.name());
            if (bytes != null) {
                from = loader;
                break;
            }
        }
        if (bytes != null && request.generation() == generation) {
            shipped.put(request.name(), new Shipped(from, bytes, CodeWalk.isSnippet(request.name()), version));
        }
        return Payloads.classBytes(new Payloads.ClassBytes(request.generation(), request.name(), bytes));
    }
}
