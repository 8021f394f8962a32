package io.pools4j.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parent side of a submit: serializes the task, finds the classes the worker will need (with
 * their current bytes) and captures the notebook variables the task reads, as they are now.
 *
 * <p><b>CPython:</b> the pickling in {@code process.py}'s {@code _add_call_item_to_queue}, with
 * cloudpickle's treatment of {@code __main__} functions and globals.
 */
final class TaskPacker {

    /**
     * A task ready for the wire, in one of the TASK forms of {@link Payloads}: {@code bytes} is the
     * form's code, {@code args} the CALL forms' arguments (null for SERIAL), {@code function} the
     * class of a CALL_STATELESS function (else null). {@code classFiles} maps binary names to
     * current class bytes, read after {@link SnippetChanges#version()} was {@code version}.
     */
    record Packed(byte form, byte[] bytes, byte[] args, Class<?> function, List<Payloads.StaticValue> statics,
                  Map<String, ClassBytes> classFiles, List<ClassLoader> loaders, long version) {

        /**
         * The TASK payload; a CALL_STATELESS function goes by its id, with its code only when the
         * worker does not have it yet ({@code sendCode}).
         */
        Payloads.Task payload(int generation, int functionId, boolean sendCode) {
            return new Payloads.Task(generation, form, functionId, Payloads.isStateless(form) && !sendCode ? null : bytes,
                    args, statics);
        }
    }

    /** A class file as its loader serves it now. */
    record ClassBytes(ClassLoader loader, byte[] bytes) {}

    /**
     * A task's serialized form and what it needs apart from the values of the notebook variables it
     * reads ({@code reads}, captured at each submit): the part of a {@link Packed} that depends on
     * code only.
     */
    private record Shape(byte[] bytes, Map<String, ClassBytes> classFiles, Set<CodeWalk.StaticRead> reads,
                         List<ClassLoader> loaders, long version) {

        Packed packed() {
            return new Packed(Payloads.SERIAL, bytes, null, null, captureStatics(reads), classFiles, loaders, version);
        }
    }

    /**
     * Walks of classes that cannot change (not JShell snippets), by root: the same lambda or task
     * class submitted a million times is walked once.
     */
    private static final ClassValue<Map<String, CodeWalk.Result>> WALKS = new ClassValue<>() {
        @Override
        protected Map<String, CodeWalk.Result> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** Bytes of classes that cannot change; snippet classes are read again at every submit. */
    private static final ClassValue<byte[]> FIXED_BYTES = new ClassValue<>() {
        @Override
        protected byte[] computeValue(Class<?> type) {
            return Serial.classFile(type.getClassLoader(), type.getName());
        }
    };

    private TaskPacker() {}

    /**
     * Packs a task. A {@link Call} whose arguments are simple values (see {@link Values}) goes in
     * the CALL form, its function apart from its arguments, so that the function's serialized form
     * (and, for a stateless one, its decoding in the worker) is reused from task to task; any other
     * task goes whole in the SERIAL form.
     */
    static Packed pack(Object task) {
        if (task instanceof Call<?> call && Values.allSimple(call.argsView())) {
            return packApart(call.fn(), call.argsView(), Payloads.CALL, Payloads.CALL_STATELESS);
        }
        if (task instanceof Chunk<?, ?> chunk && Values.allSimple(chunk.itemsView())) {
            return packApart(chunk.fn(), chunk.itemsView(), Payloads.CHUNK, Payloads.CHUNK_STATELESS);
        }
        return packSerial(task);
    }

    /** A function and its simple arguments (or items), apart: the CALL and CHUNK forms. */
    private static Packed packApart(Object fn, Object[] args, byte form, byte statelessForm) {
        boolean stateless = isStateless(fn.getClass());
        Packed code = stateless ? STATELESS_SHAPES.get(fn.getClass()).get(fn).packed() : packSerial(fn);
        return new Packed(stateless ? statelessForm : form, code.bytes(), Values.encodeArgs(args),
                stateless ? fn.getClass() : null, code.statics(), code.classFiles(), code.loaders(), code.version());
    }

    /**
     * The shape of a stateless function, taken from the first instance seen (every instance of the
     * class packs alike) and kept: for good for a class that cannot change; for a snippet's, only
     * while {@link SnippetChanges} vouches that no snippet class was installed since its bytes were
     * read, since its code may be redefined in place. The notebook variables it reads are taken as
     * they are now, at every submit. The worker keeps the function by id: a redefinition starts a
     * new generation, which drops its functions.
     */
    private static final class KeptShape {
        private volatile Shape shape;

        Shape get(Object fn) {
            Shape s = shape;
            if (s == null || CodeWalk.isSnippet(fn.getClass())
                    && !SnippetChanges.unchangedSince(fn.getClass().getClassLoader(), s.version())) {
                s = shape(fn);
                shape = s;
            }
            return s;
        }
    }

    private static final ClassValue<KeptShape> STATELESS_SHAPES = new ClassValue<>() {
        @Override
        protected KeptShape computeValue(Class<?> type) {
            return new KeptShape();
        }
    };

    private static final ClassValue<Boolean> STATELESS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        return false;
                    }
                }
            }
            return true;
        }
    };

    /** No instance fields: a non-capturing lambda or method reference, say; one instance serves every call. */
    private static boolean isStateless(Class<?> type) {
        return STATELESS.get(type);
    }

    private static Packed packSerial(Object task) {
        return shape(task).packed();
    }

    private static Shape shape(Object task) {
        long version = SnippetChanges.version(); // before any bytes are read: see SnippetChanges
        Recorder recorder;
        byte[] bytes;
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
            recorder = new Recorder(buffer);
            recorder.writeObject(task);
            recorder.close();
            bytes = buffer.toByteArray();
        } catch (IOException | RuntimeException | Error e) {
            // Whatever a writeObject throws fails this task alone: it runs on the pool's manager
            // thread, where an escaping exception would leave the task without an answer.
            throw unsendable(task, e);
        }
        Map<String, Class<?>> classes = new LinkedHashMap<>();
        Set<CodeWalk.StaticRead> reads = new LinkedHashSet<>();
        Set<Class<?>> known = new LinkedHashSet<>(recorder.seen);
        known.addAll(recorder.classObjects);
        for (Class<?> c : known) {
            // Every method of a class the task holds an instance of may run; of a class that is only
            // named (a lambda's capturing class: in JShell, the snippet that submits and reads the
            // pool variable), none does except the lambda's, walked below.
            boolean held = recorder.instanceClasses.stream().anyMatch(c::isAssignableFrom);
            add(held ? walk(c, "*", () -> CodeWalk.ofClass(c)) : walk(c, "class only", () -> CodeWalk.ofClassOnly(c)),
                    classes, reads);
        }
        for (SerializedLambda lambda : recorder.lambdas) {
            Class<?> impl = implClass(lambda, known);
            if (impl != null) {
                String key = lambda.getImplMethodName() + lambda.getImplMethodSignature();
                add(walk(impl, key, () -> CodeWalk.ofMethod(impl, lambda.getImplMethodName(),
                        lambda.getImplMethodSignature())), classes, reads);
            }
        }
        Map<String, ClassBytes> files = new LinkedHashMap<>();
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        for (Class<?> c : classes.values()) {
            byte[] file = CodeWalk.isSnippet(c) ? Serial.classFile(c.getClassLoader(), c.getName()) : FIXED_BYTES.get(c);
            if (file != null) {
                files.put(c.getName(), new ClassBytes(c.getClassLoader(), file));
            }
            loaders.add(c.getClassLoader());
        }
        loaders.add(task.getClass().getClassLoader());
        // Unmodifiable: a snippet function's shape is shared by every submit until it changes.
        return new Shape(bytes, Collections.unmodifiableMap(files), Collections.unmodifiableSet(reads),
                List.copyOf(loaders), version);
    }

    private static CodeWalk.Result walk(Class<?> root, String key, java.util.function.Supplier<CodeWalk.Result> walk) {
        return CodeWalk.isSnippet(root) ? walk.get() : WALKS.get(root).computeIfAbsent(key, k -> walk.get());
    }

    private static void add(CodeWalk.Result r, Map<String, Class<?>> classes, Set<CodeWalk.StaticRead> reads) {
        classes.putAll(r.classes());
        reads.addAll(r.statics());
    }

    /** The lambda's implementation class, found through the loaders of the classes serialized with it. */
    private static Class<?> implClass(SerializedLambda lambda, Set<Class<?>> seen) {
        String name = lambda.getImplClass().replace('/', '.');
        for (Class<?> c : seen) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        for (Class<?> c : seen) {
            try {
                return Class.forName(name, false, c.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return null;
    }

    private static List<Payloads.StaticValue> captureStatics(Set<CodeWalk.StaticRead> reads) {
        List<Payloads.StaticValue> values = new ArrayList<>();
        for (CodeWalk.StaticRead read : reads) {
            Field field;
            try {
                field = read.owner().getDeclaredField(read.field());
            } catch (NoSuchFieldException e) {
                continue; // inherited or synthetic: not a notebook variable
            }
            int mod = field.getModifiers();
            if (!Modifier.isStatic(mod) || Modifier.isFinal(mod)) {
                continue; // a final static is a constant its class initializer sets in the child too
            }
            Object value;
            try {
                field.setAccessible(true);
                value = field.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue; // unreadable here means the child's own default is all we can offer
            }
            try {
                values.add(new Payloads.StaticValue(read.owner().getName(), read.field(), Serial.serialize(value)));
            } catch (IOException e) {
                throw new NotSendableException("task reads notebook variable '" + read.field() + "'",
                        value.getClass().getName(), NotSendableException.Direction.TO_WORKER, "pass the data it needs instead", e);
            }
        }
        return values;
    }

    /** Names the value that failed: an argument of a {@link Call}, a lambda's captured value, or the task. */
    static NotSendableException unsendable(Object task, Throwable e) {
        Object[] parts = null;
        String label = "captured value ";
        if (task instanceof Call<?> call) {
            parts = call.args();
            label = "argument ";
        } else {
            SerializedLambda lambda = serializedLambda(task);
            if (lambda != null) {
                parts = new Object[lambda.getCapturedArgCount()];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = lambda.getCapturedArg(i);
                }
            }
        }
        if (parts != null) {
            for (int i = 0; i < parts.length; i++) {
                try {
                    Serial.serialize(parts[i]);
                } catch (IOException | RuntimeException | Error partFailure) {
                    return new NotSendableException(label + (i + 1), parts[i].getClass().getName(), NotSendableException.Direction.TO_WORKER,
                            "pass data that is Serializable instead (or make the class implement Serializable)", e);
                }
            }
        }
        if (!(e instanceof NotSerializableException)) {
            return new NotSendableException("the task", task.getClass().getName(), NotSendableException.Direction.TO_WORKER,
                    "make every value it captures Serializable", e);
        }
        return new NotSendableException("a value reached from the task " + task.getClass().getName(),
                e.getMessage(), NotSendableException.Direction.TO_WORKER, "make it Serializable or mark the field transient", e);
    }

    private static SerializedLambda serializedLambda(Object task) {
        try {
            Method writeReplace = task.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return writeReplace.invoke(task) instanceof SerializedLambda s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Records the classes and lambdas that go into the stream: the roots of the walks. */
    private static final class Recorder extends ObjectOutputStream {
        final Set<Class<?>> seen = new LinkedHashSet<>();
        /** Class objects in the stream, e.g. SerializedLambda.capturingClass: shipped, not walked whole. */
        final Set<Class<?>> classObjects = new LinkedHashSet<>();
        /** Classes of the objects in the stream: their methods may run in the worker. */
        final Set<Class<?>> instanceClasses = new LinkedHashSet<>();
        final List<SerializedLambda> lambdas = new ArrayList<>();

        Recorder(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected void annotateClass(Class<?> c) {
            if (CodeWalk.shippable(c)) {
                seen.add(c);
            }
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (obj instanceof SerializedLambda lambda) {
                lambdas.add(lambda);
            } else if (obj instanceof Class<?> c) {
                if (CodeWalk.shippable(c)) {
                    classObjects.add(c); // SerializedLambda.capturingClass arrives as a Class object
                }
            } else if (obj != null && CodeWalk.shippable(obj.getClass())) {
                instanceClasses.add(obj.getClass());
            }
            return obj;
        }
    }
}
