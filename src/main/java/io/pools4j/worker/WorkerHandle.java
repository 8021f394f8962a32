package io.pools4j.worker;

import io.pools4j.fn.Fn0;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The parent's end of one worker JVM: sends tasks, serves the classes the worker asks for,
 * prints what tasks print, and turns results, exceptions and the worker's death into
 * {@link TaskCallback} calls. Scheduling (which task goes to which worker, how many in flight)
 * is the owner's business.
 *
 * <p><b>CPython:</b> one worker's share of {@code process.py}'s call queue, result queue and
 * {@code _ExecutorManagerThread} (which reads results and notices dead processes through their
 * sentinels); here each worker has its own socket and reader thread.
 *
 * <p>Threads: any thread may {@link #submit}; one reader thread per worker ({@code <name>-reader})
 * reads every frame and calls the callbacks; one thread drains the JVM's own stderr.
 *
 * <p>Its table of tasks in flight is the only one a pool keeps: whoever removes a task from it
 * answers that task, so each callback is called exactly once, by its answer, by a CANCEL the
 * worker obeyed, or by the worker's death (a pool only counts its tasks per worker). The table is
 * in the order the tasks were sent, which is the order the worker runs them: its first task has
 * started ({@link TaskCallback#onStart}), the others were sent ahead and {@link #cancel} can still
 * stop them (the exchange is drawn in {@link WireDescriptor}).
 *
 * <p>State: RUNNING, then SHUTTING_DOWN (after {@link #shutdown}) or straight to DEAD.
 * {@link #death} is written once, by the reader thread, before the in-flight tasks are failed;
 * {@link #submit} checks it after registering a task, so no task is ever left without an answer.
 */
public final class WorkerHandle {

    private static final Logger LOG = Logger.getLogger(WorkerHandle.class.getName());

    /** What a cancel asked of the worker came to. */
    public enum CancelOutcome {
        /** The worker dropped the task before it started: it will never run ({@link TaskCallback#onDropped} was called). */
        DROPPED,
        /** The task had started, or has been answered: it runs to its answer. */
        STARTED,
        /** The worker died first; the task's callback has had {@link TaskCallback#onWorkerDeath} or its unstarted twin. */
        WORKER_DIED
    }

    /** Set on every reader thread, which must never wait for a CANCEL's verdict: it is the one that reads them. */
    private static final ThreadLocal<Boolean> READER = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** A task sent and not yet answered. Its mutable fields are guarded by the table ({@link #inFlight}). */
    private static final class InFlight {
        final TaskCallback callback;
        final List<ClassLoader> loaders;
        /** The worker has started it (it reached the head of the table, or the worker said so). */
        boolean started;
        /** The verdict of the CANCEL asked for it; null until one is asked. */
        CompletableFuture<CancelOutcome> verdict;

        InFlight(TaskCallback callback, List<ClassLoader> loaders) {
            this.callback = callback;
            this.loaders = loaders;
        }

        void settle(CancelOutcome outcome) {
            if (verdict != null) {
                verdict.complete(outcome);
            }
        }
    }

    private final String name;
    private final Process process;
    private final FrameChannel channel;
    private final StderrTail tail;
    private final Consumer<WorkerHandle> onGone;
    private final ClassServer classes = new ClassServer();
    /** Tasks sent and not yet answered, in the order sent; guarded by itself. */
    private final LinkedHashMap<Long, InFlight> inFlight = new LinkedHashMap<>();
    /** Every loader tasks came from: the fallback for a class request of no known task. */
    private final Set<ClassLoader> knownLoaders = ConcurrentHashMap.newKeySet();
    /** Held while tasks are registered and their CLASS_BYTES and TASK frames written, and while a CANCEL is written. */
    private final Object submitLock = new Object();
    private final CompletableFuture<WorkerHandle> gone = new CompletableFuture<>();
    private volatile boolean shuttingDown;
    private volatile WorkerDiedException death;

    WorkerHandle(String name, Process process, FrameChannel channel, StderrTail tail, Consumer<WorkerHandle> onGone) {
        this.name = name;
        this.process = process;
        this.channel = channel;
        this.tail = tail;
        this.onGone = onGone;
        knownLoaders.add(ClassLoader.getSystemClassLoader());
        Thread.ofPlatform().daemon().name(name + "-reader").start(this::readLoop);
        // EOF on the socket is the fast signal; the exit of the process is the sure one (a stuck
        // socket cannot hide a dead worker).
        process.onExit().thenRun(channel::close);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return death == null && process.isAlive();
    }

    /** Tasks sent and not yet answered. */
    public int inFlight() {
        synchronized (inFlight) {
            return inFlight.size();
        }
    }

    /** Completes when the worker is gone and every task it held has been answered. */
    public CompletableFuture<WorkerHandle> onExit() {
        return gone.copy();
    }

    /** The JVM's process, for tests in this package. */
    Process process() {
        return process;
    }

    /** A task for {@link #submitAll}: the owner's id, the task, and the callback it answers through. */
    public record Outgoing(long taskId, Fn0<?> task, TaskCallback callback) {}

    /**
     * Sends {@code task} to this worker; the callback is called once when it ends. A task whose
     * captured values cannot be serialized is failed at once with a {@link NotSendableException}.
     *
     * @param taskId the owner's id for the task, unique among this worker's tasks in flight
     * @throws IllegalStateException when the worker has been shut down or has died
     */
    public void submit(long taskId, Fn0<?> task, TaskCallback callback) {
        submitAll(List.of(new Outgoing(taskId, task, callback)));
    }

    /**
     * Sends several tasks in order, in one write: the way a busy pool keeps a worker fed with
     * short tasks without a system call per task. Each behaves as if sent by {@link #submit}.
     *
     * @throws IllegalStateException when the worker has been shut down or has died (none is sent)
     */
    public void submitAll(List<Outgoing> tasks) {
        if (shuttingDown || death != null) {
            throw new IllegalStateException("worker " + name + " (pid " + pid() + ") is "
                    + (death != null ? "dead" : "shutting down") + "; submit to another worker");
        }
        List<Outgoing> packedOk = new ArrayList<>(tasks.size());
        List<TaskPacker.Packed> packs = new ArrayList<>(tasks.size());
        for (Outgoing t : tasks) {
            try {
                packs.add(TaskPacker.pack(t.task()));
                packedOk.add(t);
            } catch (NotSendableException e) {
                t.callback().onException(e);
            }
        }
        List<Outgoing> sent = new ArrayList<>(packedOk.size());
        List<Outgoing> duplicates = new ArrayList<>();
        try {
            // Registered and written under one lock, which cancel() takes to write its CANCEL: a
            // CANCEL for a task in the table never reaches the worker before the task's TASK frame.
            synchronized (submitLock) {
                for (int i = 0; i < packedOk.size(); i++) {
                    Outgoing t = packedOk.get(i);
                    TaskPacker.Packed packed = packs.get(i);
                    knownLoaders.addAll(packed.loaders());
                    if (!register(t.taskId(), t.callback(), packed.loaders())) {
                        duplicates.add(t);
                        continue;
                    }
                    sent.add(t);
                    for (byte[] ahead : classes.prepare(packed)) {
                        channel.queue(new Frame(FrameType.CLASS_BYTES, t.taskId(), ahead));
                    }
                    byte[] payload = Payloads.task(classes.payload(packed));
                    channel.queue(new Frame(FrameType.TASK, t.taskId(), payload));
                }
                channel.flush();
            }
        } catch (IOException | RuntimeException e) {
            // The worker is going away; the reader reports its death to every task in flight.
            LOG.log(Level.FINE, "sending " + sent.size() + " task(s) to " + name + " failed", e);
        }
        for (Outgoing t : duplicates) {
            t.callback().onException(new IllegalArgumentException("task id " + t.taskId() + " is already in flight on " + name));
        }
        WorkerDiedException dead = death;
        if (dead != null) {
            for (Outgoing t : sent.reversed()) {
                InFlight f = remove(t.taskId());
                if (f != null) {
                    diedHolding(f, dead);
                }
            }
        }
    }

    /**
     * Adds a task to the table; a task that lands at its head has started. Returns false if the
     * id is already in flight.
     */
    private boolean register(long taskId, TaskCallback callback, List<ClassLoader> loaders) {
        synchronized (inFlight) {
            if (inFlight.putIfAbsent(taskId, new InFlight(callback, loaders)) != null) {
                return false;
            }
            startHead();
            return true;
        }
    }

    /** Removes a task from the table, or returns null if it is not there; the next one may now be the head. */
    private InFlight remove(long taskId) {
        synchronized (inFlight) {
            InFlight f = inFlight.remove(taskId);
            startHead();
            return f;
        }
    }

    /**
     * Under the table's lock: the head of the table has started, since the worker runs its tasks in
     * order and has let go of every earlier one. Its callback hears it here, under the lock, so
     * that onStart comes before the task's answer.
     */
    private void startHead() {
        Map.Entry<Long, InFlight> head = inFlight.firstEntry();
        if (head != null) {
            markStarted(head.getValue());
        }
    }

    /** Under the table's lock. */
    private static void markStarted(InFlight f) {
        if (!f.started) {
            f.started = true;
            f.callback.onStart();
        }
        f.settle(CancelOutcome.STARTED);
    }

    /**
     * Sends the {@code ahead} frames as they are, then a TASK frame with {@code payload} as it is:
     * for tests of what a worker does with a corrupt frame.
     */
    void submitPayload(long taskId, byte[] payload, TaskCallback callback, Frame... ahead) throws IOException {
        register(taskId, callback, List.of(ClassLoader.getSystemClassLoader()));
        for (Frame f : ahead) {
            channel.queue(f);
        }
        channel.send(FrameType.TASK, taskId, payload);
    }

    /**
     * Asks the worker to drop {@code taskId} if it has not started; a task not in flight (not yet
     * sent, or answered) counts as started. The verdict completes when the
     * worker replies, at once for a task that has started here or is not in flight, and with
     * {@link CancelOutcome#WORKER_DIED} if the worker dies first; two cancels of one task share
     * one verdict. On {@link CancelOutcome#DROPPED} the task's callback has had
     * {@link TaskCallback#onDropped} before the verdict completes.
     *
     * <p>Do not wait for the verdict on a worker's reader thread ({@link #isReaderThread()}): the
     * reader of this worker is what completes it.
     */
    public CompletableFuture<CancelOutcome> cancel(long taskId) {
        CompletableFuture<CancelOutcome> verdict;
        synchronized (inFlight) {
            InFlight f = inFlight.get(taskId);
            if (f == null || f.started) {
                return CompletableFuture.completedFuture(CancelOutcome.STARTED);
            }
            if (f.verdict != null) {
                return f.verdict;
            }
            verdict = f.verdict = new CompletableFuture<>();
        }
        try {
            synchronized (submitLock) { // after the task's TASK frame: see submitAll
                channel.send(FrameType.CANCEL, taskId, Frame.EMPTY);
            }
        } catch (IOException e) {
            // dead worker: its death settles the verdict
        }
        return verdict;
    }

    /**
     * Asks the worker to drop every task it holds that has not started, without waiting: those it
     * drops are answered by {@link TaskCallback#onDropped}. Returns how many were asked.
     */
    public int cancelUnstarted() {
        List<Long> ids = new ArrayList<>();
        synchronized (inFlight) {
            inFlight.forEach((id, f) -> {
                if (!f.started) {
                    ids.add(id);
                }
            });
        }
        ids.forEach(this::cancel);
        return ids.size();
    }

    /** Whether the current thread is a worker's reader thread, the one that runs TaskCallbacks. */
    public static boolean isReaderThread() {
        return READER.get();
    }

    /**
     * Ends the worker: SHUTDOWN (it finishes the tasks it holds), then after {@code grace}
     * SIGTERM, then after another {@code grace} SIGKILL. Returns once the process has exited.
     */
    public void shutdown(Duration grace) {
        shuttingDown = true;
        try {
            channel.send(FrameType.SHUTDOWN, 0, Frame.EMPTY);
        } catch (IOException e) {
            // already gone or going: the steps below make sure
        }
        if (!exited(grace)) {
            process.destroy();
            if (!exited(grace)) {
                process.destroyForcibly();
                exited(grace);
            }
        }
        gone.orTimeout(grace.toMillis() + 1000, TimeUnit.MILLISECONDS).exceptionally(t -> this).join();
    }

    /** {@link #shutdown} of every worker given, in parallel, so that N workers take one grace period, not N. */
    public static void shutdownAll(Collection<WorkerHandle> workers, Duration grace) {
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        for (WorkerHandle w : workers) {
            ends.add(CompletableFuture.runAsync(() -> w.shutdown(grace), r -> Thread.ofVirtual().start(r)));
        }
        ends.forEach(CompletableFuture::join);
    }

    /**
     * Asks the worker JVM to end (SIGTERM) and returns at once; the tasks it held get
     * {@link TaskCallback#onWorkerDeath} once it has ended, and {@link #onExit()} completes after.
     *
     * <p><b>Python:</b> {@code multiprocessing.Process.terminate()}.
     */
    public void terminate() {
        // Through the process handle: Process.destroy() also closes the child's stdin, whose end
        // the worker takes for its parent's death (exit code 1 instead of SIGTERM's 143), and its
        // stdout, which would cut the stderr tail the death report quotes.
        process.toHandle().destroy();
    }

    /**
     * Sends the worker JVM SIGINT and returns at once: the JVM runs its shutdown hooks and exits
     * with 130 (128 + SIGINT), as it does on Ctrl-C.
     *
     * <p><b>Python:</b> {@code multiprocessing.Process.interrupt()} (3.14).
     *
     * @throws UnsupportedOperationException where signals cannot be sent (not POSIX)
     */
    public void interrupt() {
        if (process.isAlive()) {
            Signals.send(process.pid(), Signals.SIGINT);
        }
    }

    /**
     * Kills the worker JVM (SIGKILL) and returns at once; as {@link #terminate()} otherwise.
     *
     * <p><b>Python:</b> {@code multiprocessing.Process.kill()}.
     */
    public void kill() {
        process.toHandle().destroyForcibly(); // the process handle, for the reasons in terminate()
    }

    /**
     * The worker JVM's exit code once it has ended (128 + n after signal n); empty while it runs.
     *
     * <p><b>Python:</b> {@code multiprocessing.Process.exitcode} (None while running, -n after signal n).
     */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    private boolean exited(Duration max) {
        try {
            return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void readLoop() {
        READER.set(Boolean.TRUE);
        try {
            while (true) {
                dispatch(channel.receive());
            }
        } catch (IOException e) {
            reportDeath(e);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "reader of " + name + " failed; treating the worker as dead", e);
            process.destroyForcibly();
            reportDeath(e);
        }
    }

    private void dispatch(Frame frame) throws IOException {
        long id = frame.taskId();
        if (frame.type() == null) {
            fail(id, new IOException("undecodable frame from " + name + ": unknown frame type " + frame.rawType()
                    + " for task " + id + "; the task is failed, the worker goes on"));
            return;
        }
        switch (frame.type()) {
            case RESULT -> {
                InFlight f = remove(id);
                if (f != null) {
                    deliverResult(id, frame.payload(), f);
                }
            }
            case ERROR -> {
                InFlight f = remove(id);
                if (f != null) {
                    f.callback.onException(RemoteErrors.rebuild(frame.payload(), pid(), f.loaders));
                }
            }
            case CANCELLED -> dropped(id);
            case STARTED -> {
                synchronized (inFlight) {
                    InFlight f = inFlight.get(id);
                    if (f != null) {
                        markStarted(f);
                    }
                }
            }
            case CLASS_REQUEST -> serveClass(id, frame.payload());
            case OUTPUT -> printOutput(frame.payload());
            default -> fail(id, new IOException("unexpected " + frame.type() + " frame from worker " + name
                    + " for task " + id + "; the task is failed, the worker goes on"));
        }
    }

    /** CANCELLED: the worker dropped the task; it will never run. */
    private void dropped(long id) {
        InFlight f;
        synchronized (inFlight) {
            f = inFlight.get(id);
            if (f == null || f.started) {
                // Never the case while both ends keep the protocol: the worker drops only what it has not started.
                LOG.severe("worker " + name + " dropped task " + id + ", which "
                        + (f == null ? "is not in flight" : "had started") + "; ignored");
                return;
            }
            inFlight.remove(id);
        }
        f.callback.onDropped();
        f.settle(CancelOutcome.DROPPED);
    }

    private void deliverResult(long id, byte[] payload, InFlight f) {
        Object value;
        try {
            value = Values.decode(payload, f.loaders);
        } catch (Exception | Error e) {
            // An Error too (a readObject may throw anything): the task is out of the table, so
            // unless it is answered here, nobody answers it and its caller waits for ever.
            f.callback.onException(new NotSendableException("result of task " + id + " from worker " + name,
                    Values.typeOf(payload), NotSendableException.Direction.FROM_WORKER,
                    "it could not be rebuilt in this JVM; return plain data (or make its readObject work here)", e));
            return;
        }
        f.callback.onResult(value);
    }

    private void serveClass(long id, byte[] payload) throws IOException {
        Payloads.ClassRequest request;
        try {
            request = Payloads.classRequest(payload);
        } catch (IOException e) {
            fail(id, new IOException("undecodable class request from " + name + " for task " + id + ": " + e, e));
            return;
        }
        List<ClassLoader> loaders;
        synchronized (inFlight) {
            InFlight f = inFlight.get(id);
            loaders = f != null ? f.loaders : List.copyOf(knownLoaders);
        }
        channel.send(FrameType.CLASS_BYTES, id, classes.serve(request, loaders));
    }

    private void printOutput(byte[] payload) {
        try {
            Payloads.Output out = Payloads.output(payload);
            // Looked up at every line: a notebook kernel swaps System.out for each running cell.
            PrintStream target = out.stream() == Payloads.STDERR ? System.err : System.out;
            target.println(out.line());
        } catch (IOException e) {
            LOG.warning("dropped an undecodable output line from " + name + ": " + e.getMessage());
        }
    }

    private void fail(long id, Throwable error) {
        InFlight f = remove(id);
        if (f != null) {
            f.callback.onException(error);
        } else {
            LOG.warning(error.getMessage());
        }
    }

    private void reportDeath(Throwable why) {
        channel.close();
        if (!exited(Duration.ofSeconds(2))) {
            // The stream broke but the process lives (a corrupt frame): it cannot be trusted any more.
            process.destroyForcibly();
            exited(Duration.ofSeconds(2));
        }
        tail.awaitEnd(Duration.ofSeconds(1));
        OptionalInt exit = exitCode();
        Integer code = exit.isPresent() ? exit.getAsInt() : null;
        WorkerDiedException dead = new WorkerDiedException(name, pid(), code, tail.lines());
        if (!(why instanceof java.io.EOFException || why instanceof java.nio.channels.ClosedChannelException)) {
            dead.addSuppressed(why);
        }
        death = dead;
        List<Map.Entry<Long, InFlight>> held;
        synchronized (inFlight) {
            held = new ArrayList<>(inFlight.entrySet());
            inFlight.clear();
        }
        // Last sent first: an owner that queues the unstarted ones again at the front keeps their order.
        for (Map.Entry<Long, InFlight> e : held.reversed()) {
            InFlight f = e.getValue();
            if (shuttingDown && code != null && code == 0) {
                f.callback.onException(new CancellationException("worker " + name + " was shut down before task "
                        + e.getKey() + " ran"));
            } else {
                diedHolding(f, dead);
            }
        }
        onGone.accept(this);
        gone.complete(this);
    }

    /** Answers a task taken out of the table by the worker's death. */
    private static void diedHolding(InFlight f, WorkerDiedException dead) {
        if (f.started) {
            f.callback.onWorkerDeath(dead);
        } else {
            f.callback.onWorkerDeathBeforeStart(dead);
        }
        f.settle(CancelOutcome.WORKER_DIED);
    }

    /** The report of this worker's death, or null while it lives. */
    public WorkerDiedException death() {
        return death;
    }

    @Override
    public String toString() {
        return "WorkerHandle[" + name + ", pid " + pid() + (isAlive() ? ", alive" : ", dead") + ", in flight "
                + inFlight() + "]";
    }
}
