package io.pools4j.worker;

import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Worker JVMs started ahead of need and shared by every FORKSERVER pool of this JVM: a pool that
 * needs a worker takes one that is already connected, and a replacement starts in the background.
 * The first FORKSERVER pool pays for start-up; the pools after it get their workers at once.
 *
 * <p><b>CPython:</b> {@code multiprocessing.forkserver.ForkServer}: one server process per parent,
 * started on first use and kept for the parent's life, from which each new worker is forked in
 * milliseconds. A JVM cannot fork, so the server here is a small stock of started workers.
 *
 * <p>The standbys belong to a group of their own ({@code pools4j-forkserver}), which lives as long
 * as the JVM; a standby that a pool took is that pool's to shut down. Idle standbys (about 50 MB
 * each) are retired once no pool has taken or asked for one for the {@linkplain #idleTimeout()
 * idle timeout}, 10 minutes unless set ({@value #IDLE_TIMEOUT_PROPERTY} or
 * {@value #IDLE_TIMEOUT_VARIABLE}, in seconds; 0 keeps them for the JVM's life); the next
 * FORKSERVER pool starts new ones. CPython's server lives as long as its parent.
 * Thread-safe: every static field is guarded by {@link #LOCK}.
 */
public final class Forkserver {

    private static final Logger LOG = Logger.getLogger(Forkserver.class.getName());
    private static final Object LOCK = new Object();
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** How long after a take its replacement starts. */
    private static final long REFILL_DELAY_MS = 250;

    /** The system property that sets the idle timeout, in seconds (for plain jshell: {@code -R-Dpools4j.standby.idle=60}). */
    public static final String IDLE_TIMEOUT_PROPERTY = "pools4j.standby.idle";
    /** The environment variable that sets it when the property does not. */
    public static final String IDLE_TIMEOUT_VARIABLE = "POOLS4J_STANDBY_IDLE";
    /**
     * Long enough that a learner who reads a few cells between two pools still gets warm workers,
     * short enough that a kernel left open does not hold a JVM per core for the afternoon.
     */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    // Guarded by LOCK.
    private static WorkerGroup group;
    /** How long standbys wait unused before they are retired; zero for never. Read from the settings on first use. */
    private static Duration idleTimeout;
    /** When a pool last took or asked for standbys (System.nanoTime): the start of the idle period. */
    private static long lastUse = System.nanoTime();
    /** Standbys in the order they were started: connected, or still starting. */
    private static final Deque<CompletableFuture<WorkerHandle>> STANDBYS = new ArrayDeque<>();
    /** How many standbys to keep: the most any FORKSERVER pool asked for. */
    private static int wanted;
    /** Where the replacement of a taken standby starts: a moment later, unless set ({@link #setRefillGate}). */
    private static Executor refillGate = CompletableFuture.delayedExecutor(REFILL_DELAY_MS, TimeUnit.MILLISECONDS);

    private Forkserver() {}

    /**
     * Keeps {@code count} standbys started (at most the number of processors), starting what is
     * missing now: called when a FORKSERVER pool is created, as CPython starts its server then.
     */
    public static void reserve(int count) {
        synchronized (LOCK) {
            used();
            wanted = Math.max(wanted, Math.max(1, Math.min(count, Runtime.getRuntime().availableProcessors())));
            refill();
        }
    }

    /**
     * A worker for a pool: the oldest standby, connected or still starting, or a new launch when
     * there is none; a replacement starts at once. The caller owns the worker from here on and
     * shuts it down; the future fails when the JVM could not be started.
     */
    public static CompletableFuture<WorkerHandle> take() {
        synchronized (LOCK) {
            used();
            CompletableFuture<WorkerHandle> taken;
            do {
                taken = STANDBYS.poll();
            } while (taken != null && taken.isDone() && !taken.isCompletedExceptionally() && !taken.join().isAlive());
            if (taken == null) {
                taken = launch();
            }
            // The replacement starts a moment later: a JVM's start takes both cores for a while,
            // which the first tasks of the pool that took this standby should not pay for.
            refillGate.execute(() -> {
                synchronized (LOCK) {
                    refill();
                }
            });
            return taken;
        }
    }

    /**
     * Where the replacements of taken standbys start from now on: {@code gate} runs the start when
     * it sees fit. The kernel passes one that waits until no cell has run for a moment, so that a
     * replacement's JVM start never competes with a running cell for the cores (a learner timing
     * work on two cores would time the start too). The default starts them 250 ms after the take.
     * A pool's own {@link #reserve} and a take that finds no standby start JVMs at once, as before.
     */
    public static void setRefillGate(Executor gate) {
        java.util.Objects.requireNonNull(gate, "gate must not be null: it runs the start of each replacement standby");
        synchronized (LOCK) {
            refillGate = gate;
        }
    }

    /** The gate {@link #setRefillGate} set last, for tests that put it back. */
    static Executor refillGate() {
        synchronized (LOCK) {
            return refillGate;
        }
    }

    /** The pids of the standbys that are up and idle, for tests that check no JVM is left behind. */
    public static Set<Long> standbyPids() {
        synchronized (LOCK) {
            return STANDBYS.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally())
                    .map(f -> f.join().pid()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
    }

    /** How many standbys are kept, up or still starting: what {@link #reserve} asked for, for tests. */
    static int standbysKept() {
        synchronized (LOCK) {
            return STANDBYS.size();
        }
    }

    /**
     * Ends the idle standbys now (workers that pools took are theirs to end); the next FORKSERVER
     * pool starts new ones. They also end with this JVM, and after the idle timeout, so a program
     * need not call it. Public as {@code Multiprocessing.stopForkserver()}.
     */
    public static void stop() {
        List<CompletableFuture<WorkerHandle>> idle;
        synchronized (LOCK) {
            idle = drain();
        }
        shutDown(idle);
    }

    /** Under LOCK: wants no more standbys and hands over the idle ones, to be shut down outside the lock. */
    private static List<CompletableFuture<WorkerHandle>> drain() {
        wanted = 0;
        List<CompletableFuture<WorkerHandle>> idle = new ArrayList<>(STANDBYS);
        STANDBYS.clear();
        return idle;
    }

    /** Shuts down the standbys {@link #drain()} handed over, waiting for those still starting. */
    private static void shutDown(List<CompletableFuture<WorkerHandle>> idle) {
        List<WorkerHandle> started = new ArrayList<>();
        for (CompletableFuture<WorkerHandle> f : idle) {
            try {
                started.add(f.join()); // a standby still starting is waited for, then ended
            } catch (CompletionException e) {
                // it never started: nothing to end
            }
        }
        WorkerHandle.shutdownAll(started, GRACE);
    }

    /**
     * How long idle standbys are kept: set by {@link #setIdleTimeout}, else read from
     * {@value #IDLE_TIMEOUT_PROPERTY} or {@value #IDLE_TIMEOUT_VARIABLE}, else 10 minutes.
     *
     * @throws IllegalArgumentException if the setting is not a whole number of seconds >= 0
     */
    public static Duration idleTimeout() {
        synchronized (LOCK) {
            if (idleTimeout == null) {
                idleTimeout = configuredIdleTimeout();
            }
            return idleTimeout;
        }
    }

    /**
     * Retires idle standbys once no pool has taken or asked for one for {@code timeout}, counted
     * from the last use; {@link Duration#ZERO} keeps them for the JVM's life. A shorter timeout
     * applies to the idle period already running.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static void setIdleTimeout(Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "timeout must not be null: use Duration.ZERO to keep standbys for ever");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("the standbys' idle timeout must be >= 0, timeout=" + timeout
                    + "; use Duration.ZERO to keep them for the JVM's life");
        }
        synchronized (LOCK) {
            idleTimeout = timeout;
            scheduleRetirement();
        }
    }

    /**
     * The idle timeout that {@value #IDLE_TIMEOUT_PROPERTY} or else {@value #IDLE_TIMEOUT_VARIABLE}
     * sets, or the default when neither is set; for the kernel, which checks its settings at start.
     *
     * @throws IllegalArgumentException if the setting is not a whole number of seconds >= 0
     */
    public static Duration configuredIdleTimeout() {
        String value = System.getProperty(IDLE_TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(IDLE_TIMEOUT_VARIABLE);
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_IDLE_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(IDLE_TIMEOUT_VARIABLE + " (or -D" + IDLE_TIMEOUT_PROPERTY + ") must be a whole "
                + "number of seconds >= 0, got '" + value + "'; 0 keeps the forkserver's standbys for the JVM's life");
    }

    /** Under LOCK: a pool took or asked for standbys now, which starts a new idle period. */
    private static void used() {
        lastUse = System.nanoTime();
        scheduleRetirement();
    }

    /**
     * Under LOCK: a check when the current idle period would end. Every use schedules one, so the
     * last use always has its check; the earlier ones find a later use and do nothing.
     */
    private static void scheduleRetirement() {
        Duration timeout = idleTimeout();
        if (timeout.isZero()) {
            return;
        }
        long left = Math.max(0, lastUse + timeout.toNanos() - System.nanoTime());
        CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS).execute(Forkserver::retireIfIdle);
    }

    /** Stops the standbys if none was used for the idle timeout (a later use leaves them, and has its own check). */
    private static void retireIfIdle() {
        List<CompletableFuture<WorkerHandle>> idle;
        synchronized (LOCK) {
            Duration timeout = idleTimeout();
            if (timeout.isZero() || System.nanoTime() - lastUse < timeout.toNanos()
                    || (STANDBYS.isEmpty() && wanted == 0)) {
                return;
            }
            idle = drain(); // in the same hold of the lock as the check, so that no pool takes one meanwhile
        }
        LOG.fine("retiring the forkserver's " + idle.size() + " idle standby worker JVMs after " + idleTimeout());
        shutDown(idle);
    }

    /** Under LOCK: starts standbys until {@link #wanted} are started or starting. */
    private static void refill() {
        while (STANDBYS.size() < wanted) {
            STANDBYS.add(launch());
        }
    }

    /** Under LOCK: one worker JVM of the server's group, started on a thread of its own. */
    private static CompletableFuture<WorkerHandle> launch() {
        WorkerGroup g = group();
        CompletableFuture<WorkerHandle> started = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("pools4j-forkserver-launcher").start(() -> {
            try {
                WorkerHandle handle = g.launch();
                warmUp(handle);
                started.complete(handle);
                // An idle standby that dies is dropped, so that no pool is handed a dead worker.
                handle.onExit().thenRun(() -> {
                    synchronized (LOCK) {
                        STANDBYS.remove(started);
                    }
                });
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "a forkserver standby worker JVM could not be started", e);
                synchronized (LOCK) {
                    STANDBYS.remove(started);
                }
                started.completeExceptionally(e);
            }
        });
        return started;
    }

    /** Rounds of the task path a standby runs before it is handed out: one (three left its JIT busy after hand-out). */
    private static final int WARM_UP_ROUNDS = 1;

    /**
     * Runs a standby's task path once it is connected (a call, a map chunk, a lambda; their
     * results back), so that its first real task does not pay for that code's first run, as
     * CPython's {@code set_forkserver_preload} imports modules into the server ahead of need.
     * The parent's side of the path is warmed too. A failure leaves the standby as it is.
     */
    private static void warmUp(WorkerHandle handle) {
        Fn1<Long, Long> square = Forkserver::square;
        long id = Long.MIN_VALUE;
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            List<CompletableFuture<Object>> answers = new ArrayList<>();
            List<WorkerHandle.Outgoing> tasks = new ArrayList<>();
            for (Fn0<?> task : List.<Fn0<?>>of(Call.of(square, 3L), Chunk.of(square, List.of(1L, 2L)),
                    Warmup.sample())) {
                CompletableFuture<Object> answer = new CompletableFuture<>();
                answers.add(answer);
                tasks.add(new WorkerHandle.Outgoing(id++, task, TaskCallback.into(answer)));
            }
            handle.submitAll(tasks);
            for (CompletableFuture<Object> answer : answers) {
                try {
                    answer.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    LOG.log(Level.FINE, "a forkserver standby's warm-up task failed", e);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static long square(long x) {
        return x * x;
    }

    /** Under LOCK: the server's group, opened on first use. */
    private static WorkerGroup group() {
        if (group == null) {
            try {
                group = WorkerGroup.open(WorkerOptions.defaults().withNamePrefix("pools4j-forkserver"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a session for the forkserver's worker JVMs (" + e.getMessage()
                        + "); check that the temporary directory is writable", e);
            }
        }
        return group;
    }
}
