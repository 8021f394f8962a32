package io.pools4j.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loaders)) {
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
}
