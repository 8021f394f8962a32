package io.pools4j.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.List;

/**
 * Deserialization that finds classes through the given class loaders first, in order: a value's
 * classes may come from JShell's loader, a {@code %jars} jar or the classes a worker fetched from
 * its parent, none of which the default (the caller's loader) sees.
 *
 * <p><b>CPython:</b> {@code pickle.Unpickler.find_class}, which looks a class up by module.
 */
public final class LoaderObjectInputStream extends ObjectInputStream {
    private final List<ClassLoader> loaders;

    public LoaderObjectInputStream(InputStream in, List<ClassLoader> loaders) throws IOException {
        super(in);
        this.loaders = List.copyOf(loaders);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                // Try the next loader: a value's classes may come from several (JShell, jars).
            }
        }
        return super.resolveClass(desc);
    }
}
