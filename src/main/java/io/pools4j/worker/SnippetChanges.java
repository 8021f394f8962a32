package io.pools4j.worker;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A count of the times a JShell engine that reports them has installed snippet classes, so that the
 * parent can keep what it derived from a snippet class's bytes (the packed form of a stateless
 * notebook function, the knowledge that a worker's copy of a class is current) until the next
 * install, instead of reading the bytes again at every submit.
 *
 * <p><b>CPython:</b> none needed: pickle names a {@code __main__} function by reference and cloudpickle
 * pickles its code object afresh every time. Here reading a snippet class's bytes from JShell's
 * loader costs tens of microseconds (a lookup through every jar of the class path, then a URL and a
 * formatted date per read), which a submit of a short task cannot afford.
 *
 * <p>Why only a reporting engine: JShell changes a snippet class's bytes only when it installs
 * classes (its engine's {@code load}, or {@code redefine}, which the remote engine of plain
 * {@code jshell} does in place under the same name). The pools4j kernel's engine calls
 * {@link #installed} after each; a loader no engine reports for (plain {@code jshell}, a JShell
 * built by hand) is never trusted, and its classes are read again at every submit as before.
 *
 * <p>Memory consistency: a reader takes {@link #version()} before it reads the bytes it derives
 * from; an engine calls {@link #installed} after the new bytes are in its loader. So anything
 * derived from old bytes carries an older version than the one a later reader sees.
 */
public final class SnippetChanges {

    /** Loaders whose every class install is reported; weak, so a closed JShell's loader can go. */
    private static final Set<ClassLoader> REPORTED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static final AtomicLong VERSION = new AtomicLong();

    private SnippetChanges() {}

    /**
     * Called by a JShell execution engine after it has installed (loaded, redefined) snippet classes
     * in {@code loader}, or changed what the loader can resolve (a jar added to its class path):
     * everything derived from that loader's classes before is out of date. From the first call on,
     * the engine must call it after every such change of that loader.
     *
     * @param loader the loader snippet classes are defined in (JShell's; not null)
     */
    public static void installed(ClassLoader loader) {
        REPORTED.add(loader);
        VERSION.incrementAndGet();
    }

    /** The count of installs so far; take it before reading the bytes it is to vouch for. */
    static long version() {
        return VERSION.get();
    }

    /**
     * True when {@code loader}'s classes have not been changed since {@code version} was taken:
     * its engine reports every change, and none has been reported since.
     */
    static boolean unchangedSince(ClassLoader loader, long version) {
        return VERSION.get() == version && REPORTED.contains(loader);
    }
}
