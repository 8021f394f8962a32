package io.pools4j.kernel;

import io.pools4j.worker.SnippetChanges;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.execution.LocalExecutionControlProvider;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's local execution engine (snippets run in the kernel's own JVM) that also hands the
 * kernel the real objects behind values and measures how long snippets run.
 *
 * <p><b>IJava:</b> {@code IJavaExecutionControl}. <b>Python:</b> IPython runs cells in its own
 * interpreter, so it has the objects for free; JShell only reports values as strings.
 *
 * <p>Why a subclass and not {@code executionEngine("local")}:
 * <ul>
 *   <li>A cell waits for its own snippet thread only ({@link SnippetRun}): JShell's engine also
 *       joins every thread the snippet has started by the time it looks, which hangs a cell that
 *       starts a server, a timer or a pool now and then.
 *   <li>JShell asks the engine for a variable's value with {@link #varValue}; that is where the
 *       object is in reach, so it is kept for {@link #takeLastValue()}.
 *   <li>Every install of snippet classes ({@link #load}, {@link #redefine}, {@link #addToClasspath})
 *       is reported to {@link SnippetChanges}, so that process pools may keep what they derived
 *       from snippet classes' bytes until the next one instead of reading them at every submit.
 * </ul>
 * Stopping (the stop button) works as JShell's: the class loader weaves a check of the flag
 * {@code REPL.$Cancel$.allStop} into every method and loop of snippet code, and {@link #stop()}
 * sets it and interrupts the snippet's thread and the threads it started.
 */
final class KernelExecutionControl extends LocalExecutionControl {

    /** The object behind the last {@link #varValue} call; read and written on the shell thread. */
    private Object lastValue;
    /** Set when the running snippet was stopped; cleared by {@link #takeStopped()}. */
    private volatile boolean stopped;
    /** Totals over every snippet run so far; written on the shell thread, read by %time after. */
    private volatile ExecStats totals = new ExecStats(0, 0, new CpuClock.Times(0, 0));

    /** Guards {@link #running} and the stop flag's transitions, so that no stop is lost or undone. */
    private final Object stopLock = new Object();
    /** The snippet running now, or null between snippets; guarded by {@link #stopLock}. */
    private SnippetRun running;
    /**
     * Set by a stop that came while the cell was between snippets (compiling the next one, say),
     * so that the cell's next snippet does not start; cleared when a cell begins. Guarded by
     * {@link #stopLock}.
     */
    private boolean stopPending;
    /** {@code REPL.$Cancel$.allStop}, the flag JShell's stop checks read; shell thread only. */
    private Field stopFlag;
    /** The loader JShell defines snippet classes in, once a load has shown it; shell thread only. */
    private ClassLoader snippetLoader;
    /** Runs on the shell thread after a snippet thread starts, before the wait: a test's seam. */
    private final Runnable afterSnippetStart;

    /** Wall and CPU time spent running snippets (not compiling them), summed since start. */
    record ExecStats(long wallNanos, long cpuNanos, CpuClock.Times cpuTimes) {
        ExecStats minus(ExecStats earlier) {
            return new ExecStats(wallNanos - earlier.wallNanos, cpuNanos - earlier.cpuNanos,
                    cpuTimes.minus(earlier.cpuTimes));
        }
    }

    KernelExecutionControl() {
        this(() -> { });
    }

    /** @param afterSnippetStart run after each snippet thread starts, before the cell waits for it */
    KernelExecutionControl(Runnable afterSnippetStart) {
        // The system class loader is the kernel's own loader: snippets share its classes
        // (one io.pools4j.Interrupts for kernel and cells), and %jars adds to the child loader.
        super(ClassLoader.getSystemClassLoader());
        this.afterSnippetStart = afterSnippetStart;
    }

    /** Runs the snippet's code on its own thread and waits for that thread only. */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Field flag = stopFlag();
        SnippetRun run = new SnippetRun(doitMethod);
        synchronized (stopLock) {
            if (stopPending) {
                throw new StoppedException();
            }
            flag.setBoolean(null, false); // a stop of an earlier cell must not stop this one
            running = run;
        }
        try {
            run.start();
            afterSnippetStart.run();
            return valueString(run.await());
        } catch (SnippetRun.StoppedSignal e) {
            throw new StoppedException();
        } finally {
            synchronized (stopLock) {
                running = null;
            }
        }
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        try {
            super.load(cbcs);
        } finally {
            reportInstalled(cbcs); // also after a failed load: some classes may be in
        }
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        try {
            super.redefine(cbcs); // the local engine refuses (JShell then loads under new names)
        } finally {
            reportInstalled(cbcs);
        }
    }

    @Override
    public void addToClasspath(String cp) throws EngineTerminationException, InternalException {
        try {
            super.addToClasspath(cp);
        } finally {
            reportInstalled(new ClassBytecodes[0]); // names that did not resolve before may now
        }
    }

    /** Tells {@link SnippetChanges} that the snippet loader's classes changed (after the change). */
    private void reportInstalled(ClassBytecodes[] cbcs) {
        for (int i = 0; snippetLoader == null && i < cbcs.length; i++) {
            try {
                snippetLoader = findClass(cbcs[i].name()).getClassLoader();
            } catch (ClassNotFoundException e) {
                // not installed: try the next
            }
        }
        if (snippetLoader != null) {
            SnippetChanges.installed(snippetLoader);
        }
    }

    /** A new cell begins: a stop pressed before it (while idle, say) does not stop it. */
    void beginCell() {
        synchronized (stopLock) {
            stopPending = false;
        }
    }

    /**
     * Stops the cell: sets the flag the running snippet's stop checks read and interrupts its
     * thread and the threads it started; between two snippets of a cell, the next one does not
     * start.
     */
    @Override
    public void stop() throws InternalException {
        synchronized (stopLock) {
            stopPending = true;
            if (running == null) {
                return;
            }
            try {
                stopFlag.setBoolean(null, true);
            } catch (IllegalAccessException e) {
                throw new InternalException("cannot set JShell's stop flag: " + e);
            }
            running.interruptAll();
        }
    }

    /**
     * The stop flag, found once. JShell defines its class {@code REPL.$Cancel$} in its own
     * (private) {@code invoke(Method)} on first use, so the first snippet goes through it once
     * with a method that does nothing; the flag is a public static field of that class.
     */
    private Field stopFlag() throws Exception {
        if (stopFlag == null) {
            Method nothing = KernelExecutionControl.class.getDeclaredMethod("defineStopFlag");
            nothing.setAccessible(true);
            super.invoke(nothing);
            stopFlag = findClass("REPL.$Cancel$").getField("allStop");
        }
        return stopFlag;
    }

    /** Does nothing: run once through JShell's own invoke so that it defines its stop flag. */
    @SuppressWarnings("unused")
    private static void defineStopFlag() {
    }

    @Override
    public String invoke(String className, String methodName)
            throws RunException, InternalException, EngineTerminationException {
        long wall = System.nanoTime();
        long cpu = CpuClock.processCpuNanos();
        CpuClock.Times times = CpuClock.now();
        try {
            return super.invoke(className, methodName);
        } catch (StoppedException e) {
            stopped = true;
            throw e;
        } finally {
            ExecStats run = new ExecStats(System.nanoTime() - wall, CpuClock.processCpuNanos() - cpu,
                    CpuClock.now().minus(times));
            ExecStats before = totals;
            totals = new ExecStats(before.wallNanos + run.wallNanos, before.cpuNanos + run.cpuNanos,
                    new CpuClock.Times(before.cpuTimes.userNanos() + run.cpuTimes.userNanos(),
                            before.cpuTimes.systemNanos() + run.cpuTimes.systemNanos()));
        }
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        String text = super.varValue(className, varName);
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            lastValue = field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalException("cannot read variable " + varName + " of " + className + ": " + e);
        }
        return text;
    }

    /** The object read by the last {@link #varValue} call, then forgotten. */
    Object takeLastValue() {
        Object value = lastValue;
        lastValue = null;
        return value;
    }

    /** Whether a snippet was stopped since the last call; resets the flag. */
    boolean takeStopped() {
        boolean was = stopped;
        stopped = false;
        return was;
    }

    /** What running snippets has cost since the kernel started; subtract two readings. */
    ExecStats totals() {
        return totals;
    }

    /** Hands JShell a {@link KernelExecutionControl} and keeps it for the kernel. */
    static final class Provider extends LocalExecutionControlProvider {
        private final Runnable afterSnippetStart;
        private volatile KernelExecutionControl control;

        Provider() {
            this(() -> { });
        }

        /** @param afterSnippetStart see {@link KernelExecutionControl#KernelExecutionControl(Runnable)} */
        Provider(Runnable afterSnippetStart) {
            this.afterSnippetStart = afterSnippetStart;
        }

        @Override
        public String name() {
            return "pools4j-local";
        }

        @Override
        public ExecutionControl createExecutionControl(ExecutionEnv env, Map<String, String> parameters) {
            control = new KernelExecutionControl(afterSnippetStart);
            return control;
        }

        KernelExecutionControl control() {
            if (control == null) {
                throw new IllegalStateException("JShell has not created its execution engine yet");
            }
            return control;
        }
    }
}
