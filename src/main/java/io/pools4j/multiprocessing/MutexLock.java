package io.pools4j.multiprocessing;

import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmMutex;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * What {@link Lock} and {@link RLock} share: a {@link ShmMutex} at an offset of a file, acquired
 * plainly or re-entrantly, reporting a dead holder with {@link LockOwnerDiedException}.
 */
abstract sealed class MutexLock implements SharedLock, Serializable permits Lock, RLock {

    @Serial
    private static final long serialVersionUID = 1L;

    final transient Segment segment;
    final transient int offset;
    final transient ShmMutex mutex;
    private final transient boolean reentrant;
    private final transient SharedForm.Kind kind;

    MutexLock(Segment segment, int offset, SharedForm.Kind kind) {
        this.segment = segment;
        this.offset = offset;
        this.mutex = new ShmMutex(segment, offset);
        this.kind = kind;
        this.reentrant = kind == SharedForm.Kind.RLOCK;
    }

    @Override
    public boolean acquire() {
        return acquire((Duration) null);
    }

    @Override
    public boolean acquire(Duration timeout) {
        return mutex.acquire(reentrant, Deadlines.of(timeout), pid -> new LockOwnerDiedException(toString(), pid),
                "acquire() of " + this);
    }

    @Override
    public boolean locked() {
        return mutex.ownerPid() != 0;
    }

    @Override
    public long ownerPid() {
        return mutex.ownerPid();
    }

    /** Package-private, not private, so that it applies to Lock and RLock. */
    @Serial
    final Object writeReplace() {
        return new SharedForm(kind, segment, offset);
    }

    @Override
    public String toString() {
        int owner = mutex.ownerPid();
        return "<" + getClass().getSimpleName() + " " + segment.path().getFileName() + "@" + offset
                + (owner == 0 ? " unlocked" : " held by pid " + owner) + ">";
    }
}
