package io.pools4j.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OptionalDataException;
import java.io.StreamCorruptedException;
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

    /**
     * The object in {@code bytes}. Corrupt bytes give one IOException that says what is wrong
     * (ObjectInputStream's own end-of-stream errors have no message, and some of its failures are
     * unchecked), and never an array longer than {@code bytes} could describe (see {@link #arrayBound}).
     *
     * @throws IOException            when the bytes are not a serialized object, or its class refused it
     * @throws ClassNotFoundException when a class in it is found by none of {@code loaders}
     */
    static Object deserialize(byte[] bytes, List<ClassLoader> loaders)
            throws IOException, ClassNotFoundException {
        long[] refused = {-1}; // the array length the bound refused, for the message
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loaders)) {
            ObjectInputFilter bound = arrayBound(bytes.length, refused);
            ObjectInputFilter outer = in.getObjectInputFilter();
            in.setObjectInputFilter(outer == null ? bound : ObjectInputFilter.merge(bound, outer));
            return in.readObject();
        } catch (EOFException e) {
            throw new EOFException("corrupt serialized value: it ends early (" + bytes.length + " bytes)");
        } catch (OptionalDataException e) {
            throw corrupt("primitive data where an object belongs (length=" + e.length + ", eof=" + e.eof + ")", e);
        } catch (IOException e) {
            if (refused[0] >= 0) {
                throw corrupt("an array of length=" + refused[0] + " in a stream of " + bytes.length + " bytes", e);
            }
            if (e.getMessage() == null) { // UTFDataFormatException, for one
                throw corrupt(e.getClass().getName() + " (" + bytes.length + " bytes)", e);
            }
            throw e;
        } catch (RuntimeException e) {
            if (thrownByTheValuesOwnCode(e)) {
                throw e; // its class's readObject refused, on purpose: that message, not "corrupt", says why
            }
            throw corrupt(e.toString() + " (" + bytes.length + " bytes)", e);
        }
    }

    /**
     * Whether an unchecked exception came from the code of a class in the value (its
     * {@code readObject} or {@code readResolve}), not from the JDK's reading of the bytes: the
     * frame that threw it is outside the JDK.
     */
    private static boolean thrownByTheValuesOwnCode(RuntimeException e) {
        StackTraceElement[] frames = e.getStackTrace();
        if (frames.length == 0) {
            return false;
        }
        String thrower = frames[0].getClassName();
        return !(thrower.startsWith("java.") || thrower.startsWith("javax.") || thrower.startsWith("jdk.")
                || thrower.startsWith("sun.") || thrower.startsWith("io.pools4j.worker."));
    }

    private static IOException corrupt(String what, Exception cause) {
        return (IOException) new StreamCorruptedException("corrupt serialized value: " + what).initCause(cause);
    }

    /**
     * Refuses an array, or a collection's table, longer than twice the stream's length: each element
     * of a serialized array takes at least one byte, and a HashMap's table at most about 2.7 slots
     * per entry of at least 2 bytes. Without it, a corrupt length in a few bytes of a RESULT frame
     * made the parent allocate gigabytes (CodecFuzzTest).
     */
    private static ObjectInputFilter arrayBound(int streamBytes, long[] refused) {
        long most = 2L * streamBytes + 64;
        return info -> {
            if (info.arrayLength() > most) {
                refused[0] = info.arrayLength();
                return ObjectInputFilter.Status.REJECTED;
            }
            return ObjectInputFilter.Status.UNDECIDED;
        };
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
