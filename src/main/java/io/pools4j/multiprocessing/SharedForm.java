package io.pools4j.multiprocessing;

import io.pools4j.shm.Segment;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * What a shared object is when it travels to another process: the file it lives in, where in the
 * file, and what it is; the receiving process maps the same file ({@link Segment#open}) and builds
 * the same object over it. Every size and type code is in the file itself, so nothing else is sent.
 * {@code lock} is a separate lock the object uses (a Condition's, a Value's given lock): it travels
 * as its own form and is resolved first.
 *
 * <p><b>Python:</b> what {@code multiprocessing.reduction} pickles for a lock or a Connection
 * under spawn (a handle duplicated into the child); here any pickling works, not only at spawn.
 */
record SharedForm(Kind kind, String path, int offset, SharedLock lock) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    enum Kind {
        CONNECTION_1, CONNECTION_2, QUEUE, JOINABLE_QUEUE, SIMPLE_QUEUE, LOCK, RLOCK, SEMAPHORE, BOUNDED_SEMAPHORE,
        EVENT, CONDITION, VALUE, ARRAY, SHARED_MEMORY
    }

    SharedForm(Kind kind, Segment segment, int offset) {
        this(kind, segment.path().toString(), offset, null);
    }

    Segment segment() {
        return Segment.open(Path.of(path));
    }

    @Serial
    private Object readResolve() {
        return switch (kind) {
            case CONNECTION_1, CONNECTION_2 -> Connection.attach(this);
            case QUEUE -> new Queue<>(this);
            case JOINABLE_QUEUE -> new JoinableQueue<>(this);
            case SIMPLE_QUEUE -> new SimpleQueue<>(this);
            case LOCK -> new Lock(this);
            case RLOCK -> new RLock(this);
            case SEMAPHORE -> new Semaphore(this);
            case BOUNDED_SEMAPHORE -> new BoundedSemaphore(this);
            case EVENT -> new Event(this);
            case VALUE -> Value.attach(this);
            case ARRAY -> Array.attach(this);
            case CONDITION -> new Condition(this);
            case SHARED_MEMORY -> SharedMemory.attach(this);
        };
    }
}
