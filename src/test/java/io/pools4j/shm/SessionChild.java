package io.pools4j.shm;

/** A JVM that maps one segment, prints its session directory and exits (ShmSessionTest). */
public final class SessionChild {

    private SessionChild() {}

    public static void main(String[] args) {
        Segment s = Segment.create(ShmSession.newFile("child"), 4096);
        s.buffer().putInt(0, 1);
        System.out.println(ShmSession.dir());
    }
}
