package io.pools4j.multiprocessing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects to bytes and back for Queue and Connection: Java serialization, resolving classes through
 * the caller's class loader (a notebook snippet's loader in the kernel, the shipping loader of a
 * task in a worker JVM), then the thread's context loader, then the default.
 *
 * <p><b>Python:</b> {@code ForkingPickler.dumps} / {@code loads} in {@code Connection.send} and
 * {@code Queue.put}.
 */
final class Pickling {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private Pickling() {}

    static byte[] dumps(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("cannot send a " + value.getClass().getName() + " to another process: "
                    + e.getMessage() + " is not Serializable; make it Serializable or send the data it holds", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a " + value.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    static Object loads(byte[] bytes) {
        List<ClassLoader> loaders = new ArrayList<>(2);
        WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !c.getName().startsWith("io.pools4j.multiprocessing.")).findFirst())
                .map(Class::getClassLoader).ifPresent(loaders::add);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        try (ObjectInputStream in = new LoaderInput(new ByteArrayInputStream(bytes), loaders)) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a message: class " + e.getMessage() + " is not known here; "
                    + "receive it in code that can see the class (a task or a notebook cell)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deserialize a " + bytes.length + "-byte message", e);
        }
    }

    private static final class LoaderInput extends ObjectInputStream {
        private final List<ClassLoader> loaders;

        LoaderInput(InputStream in, List<ClassLoader> loaders) throws IOException {
            super(in);
            this.loaders = loaders;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            for (ClassLoader loader : loaders) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // next loader
                }
            }
            return super.resolveClass(desc);
        }
    }
}
