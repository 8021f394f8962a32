package io.pools4j.multiprocessing;

import io.pools4j.fn.Action;
import io.pools4j.fn.Action1;
import io.pools4j.fn.Action2;
import io.pools4j.fn.Action3;
import io.pools4j.worker.WorkerHandle;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function run in a child JVM of its own: started with {@link #start()}, waited for with
 * {@link #join()}, ended early with {@link #terminate()} or {@link #kill()}. What the child prints
 * appears in this JVM's System.out and System.err (in a notebook, in the running cell); functions,
 * records and variables written in a notebook cell run in the child as they are.
 *
 * <pre>{@code
 * var p = new Process(name -> System.out.println("hello " + name), "bob");  // p = Process(target=f, args=('bob',))
 * p.start();                                                                 // p.start()
 * p.join();                                                                  // p.join()
 * System.out.println(p.exitcode());                                          // print(p.exitcode)  -> 0
 * }</pre>
 *
 * <p>Or, as in Python, a subclass that overrides {@link #run()}:
 * {@code class Worker extends Process { public void run() { ... } }}. The process object itself is
 * sent to the child, which calls {@code run()} on its copy: a subclass's fields must be
 * {@link Serializable} (or {@code transient}), or {@link #start()} fails saying which one is not.
 *
 * <p><b>Python:</b> {@code multiprocessing.Process(group=None, target=None, name=None, args=(),
 * kwargs={}, *, daemon=None)}: {@code start}, {@code run}, {@code join(timeout)},
 * {@code is_alive}, {@code name}, {@code daemon}, {@code pid}, {@code exitcode}, {@code authkey},
 * {@code sentinel}, {@code interrupt}, {@code terminate}, {@code kill}, {@code close}.
 *
 * <p><b>Differences from Python:</b>
 * <ul>
 *   <li>The name clashes with {@code java.lang.Process}, which every Java file imports: import this
 *       one by name ({@code import io.pools4j.multiprocessing.Process;}), which wins over
 *       {@code java.lang}'s; the pools4j kernel's start-up does so.</li>
 *   <li>{@code args} are the constructor's arguments after the target (one to three; capture more in
 *       a lambda); there are no {@code kwargs}. The target's result, if any, is dropped, as Python's
 *       is: the targets are {@code io.pools4j.fn}'s {@code Action} types, which a method returning
 *       {@code void} fits. {@code daemon=True} is
 *       {@link #setDaemon(Daemon) setDaemon(Daemon.DAEMON)}, {@code p.name = 'x'} is
 *       {@link #setName}; {@code ctx.Process(...)} is {@link #setContext}.</li>
 *   <li>Python's {@code AssertionError} and {@code ValueError} for misuse are
 *       {@link IllegalStateException}s with Python's message.</li>
 *   <li>A child killed by signal n has exit code {@code -n}, as in Python; but a JVM's parent sees
 *       {@code 128 + n} for both, so a child's {@code System.exit(n)} with {@code 128 < n < 160}
 *       also reads as {@code -(n - 128)}.</li>
 *   <li>{@link #sentinel()} is a future of the exit code, not a file descriptor; {@link #interrupt()}
 *       ends the child with {@code -2} (a JVM has no KeyboardInterrupt to catch).</li>
 * </ul>
 *
 * <p>Thread-safe: the state below is guarded by {@code this}.
 */
public class Process implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Numbers processes for their default names, from 1 as Python's {@code _process_counter}. */
    private static final AtomicInteger COUNTER = new AtomicInteger(1);
    /** Python's {@code _exitcode_to_name}, for {@link #toString()}. */
    private static final Map<Integer, String> SIGNALS = Map.of(-1, "-SIGHUP", -2, "-SIGINT", -6, "-SIGABRT",
            -9, "-SIGKILL", -15, "-SIGTERM");

    /** Python's {@code daemon=True} / {@code daemon=False}. */
    public enum Daemon {
        /** Terminated when this JVM exits (and by its death); cannot start processes of its own. */
        DAEMON,
        /** Joined when this JVM exits (Python's default). */
        NOT_DAEMON
    }

    // Sent to the child with the process (see ProcessBootstrap). Target and args are dropped here
    // once the child has them, as Python drops them after start(): the parent keeps nothing alive.
    private String name;
    private boolean daemon;
    private Serializable target;
    private Object[] args;
    /** Sent in the ProcessBootstrap, not with the process: only spawning sends a key, as in Python. */
    private transient byte[] authkey = AuthKeys.current();

    // This JVM's view of the child; none of it crosses. Possible state transitions:
    // INITIAL (handle == null) -> STARTED (handle set; ended not done) -> STOPPED (ended done);
    // any of them but STARTED -> CLOSED (closed). Guarded by this.
    private transient Context context;
    private transient WorkerHandle handle;
    /** Completes when the child JVM has ended and everything it printed has been printed here. */
    private transient CompletableFuture<WorkerHandle> ended;
    /** The exit code when the child could not run {@code run()} at all (it was killed for that), else null. */
    private transient Integer failedToRun;
    private transient boolean closed;
    /** Set on the child's copy by its bootstrap: there pid() and isAlive() describe the child itself, as in Python. */
    private transient boolean current;
    private final transient long parentPid = ProcessHandle.current().pid();

    /**
     * A process that runs {@code target}. <b>Python:</b> {@code Process(target=f)}.
     */
    public Process(Action target) {
        this((Serializable) Objects.requireNonNull(target, "target"), new Object[0]);
    }

    /** A process that runs {@code target(a)}. <b>Python:</b> {@code Process(target=f, args=(a,))}. */
    public <A> Process(Action1<? super A> target, A a) {
        this((Serializable) Objects.requireNonNull(target, "target"), new Object[] {a});
    }

    /** A process that runs {@code target(a, b)}. <b>Python:</b> {@code Process(target=f, args=(a, b))}. */
    public <A, B> Process(Action2<? super A, ? super B> target, A a, B b) {
        this((Serializable) Objects.requireNonNull(target, "target"), new Object[] {a, b});
    }

    /** A process that runs {@code target(a, b, c)}. <b>Python:</b> {@code Process(target=f, args=(a, b, c))}. */
    public <A, B, C> Process(Action3<? super A, ? super B, ? super C> target, A a, B b, C c) {
        this((Serializable) Objects.requireNonNull(target, "target"), new Object[] {a, b, c});
    }

    /**
     * For a subclass that overrides {@link #run()}. <b>Python:</b> {@code Process.__init__(self)}
     * called from a subclass's {@code __init__}.
     */
    protected Process() {
        this((Serializable) null, new Object[0]);
    }

    private Process(Serializable target, Object[] args) {
        this.target = target;
        this.args = args;
        String type = getClass().getSimpleName();
        this.name = (type.isEmpty() ? "Process" : type) + "-" + COUNTER.getAndIncrement();
    }

    /**
     * What the child runs: the target with its arguments, or nothing without a target. Override it
     * in a subclass; it is called on the copy of this object that the child received.
     *
     * <p><b>Python:</b> {@code Process.run()}.
     *
     * @throws Exception whatever the target throws
     */
    @SuppressWarnings("unchecked")
    public void run() throws Exception {
        switch (target) {
            case null -> { }
            case Action a -> a.run();
            case Action1<?> a -> ((Action1<Object>) a).run(args[0]);
            case Action2<?, ?> a -> ((Action2<Object, Object>) a).run(args[0], args[1]);
            case Action3<?, ?, ?> a -> ((Action3<Object, Object, Object>) a).run(args[0], args[1], args[2]);
            default -> throw new IllegalStateException("not a Process target: " + target.getClass().getName());
        }
    }

    /**
     * Starts the child JVM and has it run {@link #run()}; returns once the child has it. Under
     * {@link StartMethod#SPAWN} a fresh JVM is launched (a few hundred milliseconds); under
     * {@link StartMethod#FORKSERVER} (the default) a warm standby takes it at once.
     *
     * <p><b>Python:</b> {@code Process.start()}.
     *
     * @throws IllegalStateException when started before ({@code "cannot start a process twice"}),
     *                               closed, or called in a daemonic process
     * @throws io.pools4j.worker.NotSendableException when the process (its target, arguments, or a subclass's fields)
     *                               cannot be serialized to the child
     * @throws java.io.UncheckedIOException when no child JVM could be started
     */
    public synchronized void start() {
        checkNotClosed();
        if (handle != null) {
            throw new IllegalStateException("cannot start a process twice");
        }
        if (Multiprocessing.currentProcess().daemon()) {
            throw new IllegalStateException("daemonic processes are not allowed to have children");
        }
        StartMethod method = (context != null ? context : Multiprocessing.getContext()).getStartMethod();
        WorkerHandle child = ProcessLaunch.start(this, method, this::markFailedToRun);
        handle = child;
        ended = child.onExit();
        target = null;
        args = null;
        ProcessTable.add(this);
    }

    /** The child could not run {@code run()} at all and was killed for it: its exit code reads 1, as after an exception. */
    private synchronized void markFailedToRun() {
        failedToRun = 1;
    }

    /** In the child, on the copy that arrived: this process is the one running, with the key it was sent. */
    synchronized void markCurrent(byte[] key) {
        current = true;
        authkey = key.clone();
    }

    /** Whether the child has been started and has not ended, for the table of active children (which holds no closed process). */
    synchronized boolean running() {
        return ended != null && !ended.isDone();
    }

    /**
     * Waits until the child has ended and everything it printed has been printed here. Returns
     * nothing: check {@link #exitcode()}. May be called many times.
     *
     * <p><b>Python:</b> {@code Process.join()}, which Ctrl-C interrupts with KeyboardInterrupt.
     *
     * @throws IllegalStateException when not started or closed
     * @throws CancellationException when the waiting thread is interrupted (a notebook's stop
     *                               button): the child runs on; the thread keeps its interrupt flag
     */
    public void join() {
        await(started("join"), Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code seconds} (none when {@code <= 0}) for the child to end; returns either
     * way: check {@link #exitcode()} or {@link #isAlive()}.
     *
     * <p><b>Python:</b> {@code Process.join(timeout)}.
     *
     * @throws IllegalStateException when not started or closed
     * @throws CancellationException when the waiting thread is interrupted (see {@link #join()})
     */
    public void join(double seconds) {
        CompletableFuture<WorkerHandle> end = started("join");
        if (seconds > 0) {
            await(end, seconds >= Long.MAX_VALUE / 1e9 ? Long.MAX_VALUE : (long) (seconds * 1e9));
        }
    }

    private void await(CompletableFuture<WorkerHandle> end, long nanos) {
        try {
            end.get(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // The stop button of a notebook interrupts the cell's thread: the wait ends, the child runs on.
            Thread.currentThread().interrupt();
            throw new CancellationException("the join of process " + name() + " was interrupted; the process still "
                    + "runs: join() it again, or terminate() it");
        } catch (ExecutionException | TimeoutException e) {
            // returns either way, as Python's
        }
    }

    /** {@link #join(double)} with a {@link Duration}. */
    public void join(Duration timeout) {
        join(timeout.toNanos() / 1e9);
    }

    /**
     * Whether the child has been started and has not yet ended (false once {@link #join()} would
     * return at once). <b>Python:</b> {@code Process.is_alive()}.
     *
     * @throws IllegalStateException when closed
     */
    public synchronized boolean isAlive() {
        checkNotClosed();
        return current || ended != null && !ended.isDone();
    }

    /**
     * The child JVM's process id, or null before {@link #start()} (in the child, its own pid).
     * <b>Python:</b> {@code Process.pid}.
     *
     * @throws IllegalStateException when closed
     */
    public synchronized Long pid() {
        checkNotClosed();
        return current ? Long.valueOf(ProcessHandle.current().pid()) : handle == null ? null : handle.pid();
    }

    /**
     * How the child ended: null before it has; 0 after {@link #run()} returned; 1 after it threw
     * (its stack trace was printed on System.err after {@code Process <name>:}); {@code n} after
     * {@code System.exit(n)}; {@code -n} after signal n ({@code -15} after {@link #terminate()},
     * {@code -9} after {@link #kill()}).
     *
     * <p><b>Python:</b> {@code Process.exitcode}.
     *
     * @throws IllegalStateException when closed
     */
    public synchronized Integer exitcode() {
        checkNotClosed();
        if (ended == null || !ended.isDone()) {
            return null;
        }
        return endedWith();
    }

    /** The exit code of a child that has ended, as {@link #exitcode()} reads it. */
    private synchronized Integer endedWith() {
        if (failedToRun != null) {
            return failedToRun;
        }
        OptionalInt code = handle.exitCode();
        if (code.isEmpty()) {
            return null;
        }
        int c = code.getAsInt();
        return c > 128 && c < 160 ? -(c - 128) : c; // a JVM's parent sees 128 + n after signal n
    }

    /**
     * Asks the child to end (SIGTERM) and returns at once; its exit code becomes {@code -15}. A
     * child that has ended is left as it is. As in Python, what the child held (a lock, a queue's
     * half-written item) may be left broken.
     *
     * <p><b>Python:</b> {@code Process.terminate()}.
     *
     * @throws IllegalStateException when not started or closed
     */
    public void terminate() {
        started("terminate");
        handle.terminate();
    }

    /**
     * Sends the child SIGINT, as Ctrl-C in its terminal would, and returns at once. The child JVM
     * runs its shutdown hooks and exits; its exit code becomes {@code -2}. A child that has ended is
     * left as it is.
     *
     * <p><b>Python:</b> {@code Process.interrupt()} (3.14).
     * <b>Differences from Python:</b> a Python child gets {@code KeyboardInterrupt}, which ends it
     * with exit code 1 unless caught, or {@code -SIGINT} if it had restored the default handler. A
     * JVM has no exception for it: SIGINT starts its shutdown (exit status 130, 128 + SIGINT), which
     * reads {@code -2} here, as any death by signal does; Python's {@code -SIGINT} case is the
     * faithful match, since {@code run()} cannot catch it. A child that installed its own handler
     * ({@code sun.misc.Signal}) decides for itself; one that inherited SIGINT ignored (this program
     * was started in the background by a shell without job control) ignores it, as Python's does.
     *
     * @throws IllegalStateException         when not started or closed
     * @throws UnsupportedOperationException where signals cannot be sent (not POSIX)
     */
    public void interrupt() {
        started("interrupt");
        handle.interrupt();
    }

    /**
     * Kills the child (SIGKILL) and returns at once; its exit code becomes {@code -9}.
     *
     * <p><b>Python:</b> {@code Process.kill()}.
     *
     * @throws IllegalStateException when not started or closed
     */
    public void kill() {
        started("kill");
        handle.kill();
    }

    /**
     * Releases this object; afterwards every method but {@link #close()} and {@link #toString()}
     * throws. A process that was never started may be closed too. Calling it again does nothing.
     *
     * <p><b>Python:</b> {@code Process.close()}.
     *
     * @throws IllegalStateException while the child runs: {@link #join()} or {@link #terminate()} first
     */
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (ended != null && !ended.isDone()) {
            throw new IllegalStateException("Cannot close a process while it is still running (" + this
                    + "); call join() or terminate() first");
        }
        closed = true;
        ProcessTable.remove(this);
    }

    /**
     * Completes with the child's exit code when the child has ended (and what it printed has been
     * printed here). Wait for it together with pipes with {@link Connection#await(java.util.List)},
     * for several processes with {@code CompletableFuture.anyOf(p.sentinel(), q.sentinel())}, or poll
     * it with {@code isDone()}.
     * Each call returns a new future: completing or cancelling it changes nothing here.
     *
     * <p><b>Python:</b> {@code Process.sentinel}, waited for with
     * {@code multiprocessing.connection.wait([p.sentinel, ...], timeout)}.
     * <b>Differences from Python:</b> a future rather than a file descriptor, since a JVM waits on
     * futures, not on descriptors; it carries the exit code.
     *
     * @throws IllegalStateException before {@link #start()} ({@code "process not started"}, Python's
     *                               ValueError) and when closed
     */
    public synchronized CompletableFuture<Integer> sentinel() {
        checkNotClosed();
        if (ended == null) {
            throw new IllegalStateException("process not started; call start() first");
        }
        return ended.thenApply(h -> endedWith());
    }

    /**
     * A copy of the key the child gets as its {@code currentProcess().authkey()}: by default the
     * creating process's key when this object was created.
     *
     * <p><b>Python:</b> {@code Process.authkey}.
     *
     * @throws IllegalStateException when closed, or on a copy of the object that was sent through a
     *                               Queue or Pipe (a key travels only to the process's own child;
     *                               Python refuses to pickle it)
     */
    public synchronized byte[] authkey() {
        checkNotClosed();
        if (authkey == null) {
            throw new IllegalStateException("this copy of process " + name + " was sent without its authkey, which "
                    + "travels only to the process's own child; ask currentProcess().authkey() there");
        }
        return authkey.clone();
    }

    /**
     * Sets the key the child gets (a copy of {@code key}); it is sent to the child over its
     * authenticated socket at {@link #start()}, never on its command line or in its environment.
     *
     * <p><b>Python:</b> {@code p.authkey = key}.
     *
     * @return this process, for chaining
     * @throws IllegalStateException after {@link #start()} or when closed
     */
    public synchronized Process setAuthkey(byte[] key) {
        checkNotClosed();
        if (handle != null) {
            throw new IllegalStateException("process has already started; set its authkey before start()");
        }
        this.authkey = Objects.requireNonNull(key, "authkey").clone();
        return this;
    }

    /** The process's name, {@code Process-N} unless set. <b>Python:</b> {@code Process.name}. */
    public synchronized String name() {
        return name;
    }

    /**
     * Renames the process; the child sees the name it had when started. <b>Python:</b>
     * {@code p.name = 'worker'}.
     *
     * @return this process, for chaining
     */
    public synchronized Process setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Whether the process is daemonic. <b>Python:</b> {@code Process.daemon}. */
    public synchronized boolean daemon() {
        return daemon;
    }

    /**
     * Makes the process daemonic or not (before {@link #start()}): a daemonic child is terminated
     * when this JVM exits, a non-daemonic one is waited for. <b>Python:</b> {@code p.daemon = True}
     * or {@code Process(..., daemon=True)}.
     *
     * @return this process, for chaining
     * @throws IllegalStateException after {@link #start()}
     */
    public synchronized Process setDaemon(Daemon daemon) {
        checkNotClosed();
        if (handle != null) {
            throw new IllegalStateException("process has already started; set daemon before start()");
        }
        this.daemon = Objects.requireNonNull(daemon, "daemon") == Daemon.DAEMON;
        return this;
    }

    /**
     * Starts this process with {@code context}'s start method instead of the program-wide one.
     * <b>Python:</b> {@code ctx.Process(...)}.
     *
     * @return this process, for chaining
     * @throws IllegalStateException after {@link #start()}
     */
    public synchronized Process setContext(Context context) {
        checkNotClosed();
        if (handle != null) {
            throw new IllegalStateException("process has already started; set its context before start()");
        }
        this.context = Objects.requireNonNull(context, "context");
        return this;
    }

    /**
     * As Python prints one: {@code <Process name='Process-1' pid=123 parent=100 started daemon>},
     * {@code ... stopped exitcode=-SIGTERM>}, {@code ... initial>}, {@code ... closed>}.
     */
    @Override
    public synchronized String toString() {
        String type = getClass().getSimpleName().isEmpty() ? "Process" : getClass().getSimpleName();
        StringBuilder s = new StringBuilder("<").append(type).append(" name='").append(name).append('\'');
        if (handle != null) {
            s.append(" pid=").append(handle.pid());
        }
        s.append(" parent=").append(parentPid);
        Integer code = closed ? null : exitcode();
        s.append(closed ? " closed" : handle == null ? " initial" : code == null ? " started" : " stopped");
        if (code != null) {
            s.append(" exitcode=").append(SIGNALS.getOrDefault(code, Integer.toString(code)));
        }
        return s.append(daemon ? " daemon>" : ">").toString();
    }

    private synchronized CompletableFuture<WorkerHandle> started(String what) {
        checkNotClosed();
        if (ended == null) {
            throw new IllegalStateException("can only " + what + " a started process; call start() first");
        }
        return ended;
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("process object is closed");
        }
    }
}
