package io.pools4j.worker;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds, from a task's entry points, the classes a worker will need from the parent and the
 * notebook variables the task reads, by reading class files (java.lang.classfile).
 *
 * <p><b>CPython:</b> what cloudpickle does for functions defined in {@code __main__}: it pickles
 * the function's code together with the globals the code reads ({@code co_names}). Here the
 * code travels as class bytes and the globals are JShell's top-level variables, which are static
 * fields of snippet classes ({@code REPL.$JShell$N}).
 *
 * <p>Two kinds of reach, on purpose: methods are followed from the entry points through calls
 * into shippable classes, and only GETSTATIC instructions met on that path count as reads of a
 * notebook variable (so the snippet that submits a task, which may hold a pool or a socket, is not
 * dragged along). Classes are gathered more widely (every class entry of each visited class) since
 * shipping a class too many costs only bytes; a class missed here is still fetched lazily.
 */
final class CodeWalk {

    /** A static field the task reads. */
    record StaticRead(Class<?> owner, String field) {}

    /** What a walk found; immutable. */
    record Result(Map<String, Class<?>> classes, Set<StaticRead> statics) {}

    /** Where the worker's own class path comes from: classes from there never need shipping. */
    private static final URL WORKER_CODE = codeLocation(CodeWalk.class);

    private static final ClassValue<Boolean> SHIPPABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            ClassLoader loader = c.getClassLoader();
            if (loader == null || loader == ClassLoader.getPlatformClassLoader() || c.isHidden()
                    || c.isArray() || c.isPrimitive()) {
                return false;
            }
            URL where = codeLocation(c);
            return where == null || !where.equals(WORKER_CODE);
        }
    };

    private final Map<String, Class<?>> classes = new LinkedHashMap<>();
    private final Set<StaticRead> statics = new LinkedHashSet<>();
    private final Map<Class<?>, ClassModel> models = new HashMap<>();
    private final Set<String> visitedMethods = new HashSet<>();
    private final Deque<Object[]> pending = new ArrayDeque<>();

    private CodeWalk() {}

    static boolean shippable(Class<?> c) {
        return SHIPPABLE.get(c);
    }

    /** JShell's snippet classes: their bytes may be redefined in place and their statics are variables. */
    static boolean isSnippet(Class<?> c) {
        return isSnippet(c.getName());
    }

    /** {@link #isSnippet(Class)} by binary name. */
    static boolean isSnippet(String binaryName) {
        return binaryName.startsWith("REPL.$JShell$");
    }

    /** Walks every method of {@code root} (a task object or a class seen in its serialized form). */
    static Result ofClass(Class<?> root) {
        CodeWalk walk = new CodeWalk();
        if (walk.addClass(root)) {
            for (MethodModel m : walk.model(root).methods()) {
                walk.pending.add(new Object[] {root, m.methodName().stringValue(), m.methodType().stringValue()});
            }
        }
        return walk.drain();
    }

    /**
     * Only {@code root} and the classes its constant pool names, no method: a lambda's capturing
     * class, whose other methods (in JShell, the snippet that submits the task and reads the pool
     * variable) are not the task's code. The lambda's own method is walked by {@link #ofMethod}.
     */
    static Result ofClassOnly(Class<?> root) {
        CodeWalk walk = new CodeWalk();
        walk.addClass(root);
        return walk.drain();
    }

    /** Walks from one method, a lambda's implementation ({@code SerializedLambda.getImplMethodName}). */
    static Result ofMethod(Class<?> owner, String name, String descriptor) {
        CodeWalk walk = new CodeWalk();
        if (walk.addClass(owner)) {
            walk.pending.add(new Object[] {owner, name, descriptor});
        }
        return walk.drain();
    }

    private Result drain() {
        while (!pending.isEmpty()) {
            Object[] m = pending.poll();
            visit((Class<?>) m[0], (String) m[1], (String) m[2]);
        }
        return new Result(Map.copyOf(classes), Set.copyOf(statics));
    }

    private void visit(Class<?> owner, String name, String descriptor) {
        if (!visitedMethods.add(owner.getName() + '.' + name + descriptor)) {
            return;
        }
        ClassModel model = model(owner);
        if (model == null) {
            return;
        }
        for (MethodModel method : model.methods()) {
            if (method.methodName().equalsString(name) && method.methodType().equalsString(descriptor)) {
                method.code().ifPresent(code -> {
                    for (CodeElement e : code) {
                        instruction(owner, e);
                    }
                });
            }
        }
    }

    private void instruction(Class<?> from, CodeElement e) {
        ClassLoader loader = from.getClassLoader();
        if (e instanceof FieldInstruction f && f.opcode() == Opcode.GETSTATIC) {
            Class<?> owner = resolve(f.owner().asInternalName(), loader);
            if (owner != null && isSnippet(owner)) {
                statics.add(new StaticRead(owner, f.name().stringValue()));
            }
        } else if (e instanceof InvokeInstruction i) {
            follow(resolve(i.owner().asInternalName(), loader), i.name().stringValue(), i.type().stringValue());
        } else if (e instanceof InvokeDynamicInstruction indy) {
            for (ConstantDesc arg : indy.bootstrapArgs()) {
                if (arg instanceof DirectMethodHandleDesc mh) {
                    String internal = mh.owner().descriptorString();
                    follow(resolve(internal.substring(1, internal.length() - 1), loader),
                            mh.methodName(), mh.lookupDescriptor());
                }
            }
        }
    }

    private void follow(Class<?> owner, String name, String descriptor) {
        if (owner != null && shippable(owner)) {
            addClass(owner);
            pending.add(new Object[] {owner, name, descriptor});
        }
    }

    /** Adds a shippable class and every shippable class its constant pool names (not walked further). */
    private boolean addClass(Class<?> c) {
        if (!shippable(c)) {
            return false;
        }
        if (classes.putIfAbsent(c.getName(), c) == null) {
            ClassModel model = model(c);
            if (model != null) {
                for (PoolEntry entry : model.constantPool()) {
                    if (entry instanceof ClassEntry ce && !ce.asInternalName().startsWith("[")) {
                        Class<?> ref = resolve(ce.asInternalName(), c.getClassLoader());
                        if (ref != null && shippable(ref)) {
                            classes.putIfAbsent(ref.getName(), ref);
                        }
                    }
                }
            }
        }
        return true;
    }

    private ClassModel model(Class<?> c) {
        return models.computeIfAbsent(c, k -> {
            byte[] bytes = Serial.classFile(k.getClassLoader(), k.getName());
            return bytes == null ? null : ClassFile.of().parse(bytes);
        });
    }

    private static Class<?> resolve(String internalName, ClassLoader loader) {
        if (internalName.startsWith("java/") || internalName.startsWith("jdk/")) {
            return null; // never shipped; skipping them keeps the walk cheap
        }
        try {
            return Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // a class the parent cannot load either: the worker will report it if used
        }
    }

    private static URL codeLocation(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
