package io.pools4j.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.List;

/**
 * Java serialization to and from byte arrays, resolving classes through chosen class loaders
 * (the task's loaders in the parent, the generation's shipping loader in the child) rather than
 * whatever loader happens to be on the stack.
 *
 * <p><b>CPython:</b> {@code multiprocessing.reduction.ForkingPickler.dumps} / {@code loads}.
 */
final class Serial {

    private Serial() {}

    static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    static Object deserialize(byte[] bytes, List<ClassLoader> loaders)
            throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new LoaderInput(new ByteArrayInputStream(bytes), loaders)) {
            return in.readObject();
        }
    }

    /** Reads the bytes of a class file as its loader serves them, or null when it has none. */
    static byte[] classFile(ClassLoader loader, String binaryName) {
        if (loader == null) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(binaryName.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
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
                    // Try the next loader: a task's classes may come from several (JShell, jars).
                }
            }
            return super.resolveClass(desc);
        }
    }
}
