package io.pools4j.kernel;

import java.lang.reflect.Field;
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
 * <p>Why a subclass and not {@code executionEngine("local")}: JShell asks the engine for a
 * variable's value with {@link #varValue}; that is where the object is in reach, so it is kept
 * for {@link #takeLastValue()}. Stopping (the stop button) is inherited unchanged: JShell
 * weaves a stop check into every loop of snippet code and {@code stop()} interrupts the
 * snippet's threads.
 */
final class KernelExecutionControl extends LocalExecutionControl {

    /** The object behind the last {@link #varValue} call; read and written on the shell thread. */
    private Object lastValue;
    /** Set when the running snippet was stopped; cleared by {@link #takeStopped()}. */
    private volatile boolean stopped;
    /** Totals over every snippet run so far; written on the shell thread, read by %time after. */
    private volatile ExecStats totals = new ExecStats(0, 0, new CpuClock.Times(0, 0));

    /** Wall and CPU time spent running snippets (not compiling them), summed since start. */
    record ExecStats(long wallNanos, long cpuNanos, CpuClock.Times cpuTimes) {
        ExecStats minus(ExecStats earlier) {
            return new ExecStats(wallNanos - earlier.wallNanos, cpuNanos - earlier.cpuNanos,
                    cpuTimes.minus(earlier.cpuTimes));
        }
    }

    KernelExecutionControl() {
        // The system class loader is the kernel's own loader: snippets share its classes
        // (one io.pools4j.Interrupts for kernel and cells), and %jars adds to the child loader.
        super(ClassLoader.getSystemClassLoader());
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
        private volatile KernelExecutionControl control;

        @Override
        public String name() {
            return "pools4j-local";
        }

        @Override
        public ExecutionControl createExecutionControl(ExecutionEnv env, Map<String, String> parameters) {
            control = new KernelExecutionControl();
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
