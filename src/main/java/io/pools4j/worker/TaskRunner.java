package io.pools4j.worker;

import io.pools4j.fn.Fn0;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Child side: runs the tasks the parent sent, one at a time and in order, each in the class
 * loader of its generation, and sends back a RESULT or an ERROR frame.
 *
 * <p><b>CPython:</b> {@code concurrent.futures.process._process_worker}: take a call item, run
 * it, put a result item; a {@code None} item (here SHUTDOWN) ends the loop.
 *
 * <p>Tasks sent ahead wait in its queue and a CANCEL drops them, unless the task is at the head:
 * the one the runner holds, or, while it holds none, the first one queued. The runner lets go of
 * a task before it writes the task's answer, so once the parent can read an answer, the next
 * task has started here. The exchange is drawn in {@link WireDescriptor}.
 */
final class TaskRunner {

    private record Queued(long id, Payloads.Task task) {}

    /** Most answers held back for one write while more tasks wait. */
    private static final int HELD_ANSWERS = 64;
    /** Longest an answer is held back. */
    private static final long HOLD_NANOS = 200_000;

    private static final Queued SHUTDOWN = new Queued(0, null);

    private final FrameChannel channel;
    private final LineOutput out;
    private final LineOutput err;
    /** Guards {@link #queue} and {@link #busy}, and orders a CANCEL's verdict against the answers. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** Guarded by lock: tasks received and not yet taken by the runner, in order; SHUTDOWN last. */
    private final Deque<Queued> queue = new ArrayDeque<>();
    /** Guarded by lock: the runner holds a task (taken, not yet answered). */
    private boolean busy;
    /** Loaders by generation; older ones are dropped once a newer task starts (tasks run in order). */
    private final Map<Integer, ShippingClassLoader> loaders = new ConcurrentHashMap<>();
    /**
     * Stateless functions by generation, then id: their code as it arrived (put by the reader
     * thread), replaced by the decoded function at first use (by the runner thread).
     */
    private final Map<Integer, Map<Integer, Object>> functions = new ConcurrentHashMap<>();
    /** The generation of the task the runner ran last; older loaders and functions are dropped on a change. */
    private int runningGeneration = -1;
    /** Writes held answers in time; started at the first hold. */
    private Thread flusher;
    /** The task running now, named in the CLASS_REQUEST frames its loading makes. */
    private volatile long currentTask;

    TaskRunner(FrameChannel channel, LineOutput out, LineOutput err) {
        this.channel = channel;
        this.out = out;
        this.err = err;
    }

    // ---- called by the reader thread ----

    void enqueue(long id, Payloads.Task task) {
        if (Payloads.isStateless(task.form()) && task.task() != null) {
            // Registered as it arrives, so that it is there even if this task is cancelled.
            functions.computeIfAbsent(task.generation(), g -> new ConcurrentHashMap<>()).put(task.functionId(), task.task());
        }
        put(new Queued(id, task));
    }

    /**
     * A CANCEL: drops task {@code id} and answers CANCELLED if it waits behind the head, else
     * answers STARTED (it is at the head, ran already, or is unknown). The reply is written under
     * the lock, so that it reaches the parent before any answer the runner writes after it.
     */
    void cancel(long id) throws IOException {
        lock.lock();
        try {
            boolean dropped = false;
            Iterator<Queued> it = queue.iterator();
            // While the runner holds no task, the first queued one is the head: it has started.
            if (!busy && it.hasNext()) {
                it.next();
            }
            while (it.hasNext() && !dropped) {
                Queued q = it.next();
                if (q != SHUTDOWN && q.id() == id) {
                    it.remove();
                    dropped = true;
                }
            }
            channel.send(new Frame(dropped ? FrameType.CANCELLED : FrameType.STARTED, id, Frame.EMPTY));
        } finally {
            lock.unlock();
        }
    }

    void shutdown() {
        put(SHUTDOWN);
    }

    private void put(Queued q) {
        lock.lock();
        try {
            queue.add(q);
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    void classBytes(Payloads.ClassBytes c) {
        loader(c.generation()).offer(c.name(), c.bytes());
    }

    /**
     * A CLASS_BYTES frame for task {@code id} did not decode: the task is answered with
     * {@code error} now, and a class load waiting for an answer fails at once rather than after
     * its timeout. If the task runs later, its own answer comes second and the parent ignores it
     * (task ids are not reused).
     */
    void classBytesLost(long id, IOException error) throws IOException {
        channel.send(FrameType.ERROR, id, RemoteErrors.encode(error));
        for (ShippingClassLoader loader : loaders.values()) {
            loader.failWaiting(error);
        }
    }

    // ---- the runner thread ----

    /**
     * Runs tasks until SHUTDOWN; returns so that the JVM can exit.
     *
     * @param afterFirstAnswer run once, after the first answer went out: start-up work that the
     *                         first result need not wait for
     */
    void runLoop(Runnable afterFirstAnswer) throws InterruptedException, IOException {
        Runnable pending = afterFirstAnswer;
        while (true) {
            Queued q = take();
            if (q == SHUTDOWN) {
                channel.flush();
                return;
            }
            currentTask = q.id();
            StartupTrace.mark("task-taken");
            byte[][] reply = run(q.task());
            out.finishLine();
            err.finishLine();
            answer(new Frame(reply[0] != null ? FrameType.RESULT : FrameType.ERROR, q.id(),
                    reply[0] != null ? reply[0] : reply[1]), letGo());
            if (pending != null) {
                StartupTrace.mark("answered");
                StartupTrace.flush();
                pending.run();
                pending = null;
            }
        }
    }

    /** Waits for the next task and holds it: from here on no CANCEL drops it. */
    private Queued take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                arrived.await();
            }
            busy = true;
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets go of the task just run, before its answer is written: the next queued task is now the
     * head. Returns whether more tasks wait.
     */
    private boolean letGo() {
        lock.lock();
        try {
            busy = false;
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends an answer; while more tasks wait in the queue ({@code more}), it is held (at most {@link #HELD_ANSWERS}
     * answers, at most {@link #HOLD_NANOS}) and goes out with the next ones in one write. The flusher
     * thread bounds the hold, so an answer never waits for a long task that follows it.
     */
    private void answer(Frame frame, boolean more) throws IOException {
        if (!more) {
            channel.send(frame); // after the held ones
            return;
        }
        if (channel.queue(frame) >= HELD_ANSWERS) {
            channel.flush();
            return;
        }
        if (flusher == null) {
            flusher = new Thread(new Flusher(channel), "pools4j-flusher");
            flusher.setDaemon(true);
            flusher.start();
        }
        LockSupport.unpark(flusher);
    }

    /** Writes held answers {@link #HOLD_NANOS} after it is woken. */
    private record Flusher(FrameChannel channel) implements Runnable {
        @Override
        public void run() {
            try {
                while (true) {
                    LockSupport.park(this);
                    if (channel.hasQueued()) {
                        LockSupport.parkNanos(this, HOLD_NANOS);
                        channel.flush();
                    }
                }
            } catch (IOException e) {
                // the parent is gone: the reader thread ends the JVM
            }
        }
    }

    /** {result payload, null} or {null, error payload}. */
    private byte[][] run(Payloads.Task task) {
        ShippingClassLoader loader = loader(task.generation());
        if (task.generation() != runningGeneration) {
            runningGeneration = task.generation();
            loaders.keySet().removeIf(g -> g < task.generation());
            functions.keySet().removeIf(g -> g < task.generation());
        }
        Thread.currentThread().setContextClassLoader(loader);
        Fn0<?> fn;
        try {
            fn = decode(task, loader);
            StartupTrace.mark("deserialized");
            for (Payloads.StaticValue s : task.statics()) {
                setStatic(loader, s);
            }
        } catch (Throwable t) {
            return new byte[][] {null, RemoteErrors.encode(new IllegalStateException(
                    "the task could not be decoded in the worker JVM: " + t, t))};
        }
        Object result;
        try {
            result = fn.call();
            StartupTrace.mark("called");
        } catch (Throwable t) {
            return new byte[][] {null, RemoteErrors.encode(t)};
        }
        try {
            return new byte[][] {Values.encode(result), null};
        } catch (NotSerializableException e) {
            return new byte[][] {null, RemoteErrors.encode(new NotSendableException("result", Values.typeName(result, e),
                    NotSendableException.Direction.FROM_WORKER, "return data that is Serializable instead", e))};
        } catch (IOException | RuntimeException e) {
            return new byte[][] {null, RemoteErrors.encode(new NotSendableException("result",
                    result.getClass().getName(), NotSendableException.Direction.FROM_WORKER,
                    "return data that is Serializable instead", e))};
        }
    }

    /** The task's function, from its TASK form (see {@link Payloads}). */
    private Fn0<?> decode(Payloads.Task task, ShippingClassLoader loader) throws Exception {
        if (task.form() == Payloads.SERIAL) {
            return (Fn0<?>) Serial.deserialize(task.task(), List.of(loader));
        }
        Serializable function;
        if (Payloads.isStateless(task.form())) {
            // Stateless: decoded once, then the same instance serves every task of its id.
            Map<Integer, Object> table = functions.getOrDefault(task.generation(), Map.of());
            Object entry = table.get(task.functionId());
            if (entry instanceof byte[] code) {
                entry = Serial.deserialize(code, List.of(loader));
                table.put(task.functionId(), entry);
            }
            if (entry == null) {
                throw new IllegalStateException("function " + task.functionId() + " of generation " + task.generation()
                        + " was never sent to this worker");
            }
            function = (Serializable) entry;
        } else {
            function = (Serializable) Serial.deserialize(task.task(), List.of(loader));
        }
        Object[] args = Values.decodeArgs(task.args());
        boolean chunk = task.form() == Payloads.CHUNK || task.form() == Payloads.CHUNK_STATELESS;
        return chunk ? Chunk.bind(function, args) : Call.bind(function, args);
    }

    /** A notebook variable: set after the class is defined, since JShell, not clinit, gave it its value. */
    private static void setStatic(ClassLoader loader, Payloads.StaticValue s) throws Exception {
        Class<?> owner = Class.forName(s.className(), true, loader);
        Field field = owner.getDeclaredField(s.field());
        field.setAccessible(true);
        field.set(null, Serial.deserialize(s.value(), List.of(loader)));
    }

    private ShippingClassLoader loader(int generation) {
        return loaders.computeIfAbsent(generation, g -> new ShippingClassLoader(g, (gen, name) ->
                channel.send(FrameType.CLASS_REQUEST, currentTask,
                        Payloads.classRequest(new Payloads.ClassRequest(gen, name)))));
    }
}
