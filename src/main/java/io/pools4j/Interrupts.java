package io.pools4j;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a notebook's stop button reaches: every live pools4j executor and pool of this JVM
 * registers here, and {@link #interruptAll()} cancels their tasks that have not started,
 * interrupts the ones running on threads and ends the child JVMs running the others.
 *
 * <p><b>Python:</b> {@code KeyboardInterrupt} delivered by Jupyter's interrupt (SIGINT to the
 * kernel and, in Python, to every worker of a pool, which is why Ctrl-C in Python often leaves a
 * pool half alive). Here the kernel calls {@link #interruptAll()} once, and the pools stay
 * usable afterwards except where a child JVM had to be ended.
 *
 * <p>The pools4j kernel calls it on interrupt; another Java kernel (IJava, JJava, rapaio) or
 * a plain program can call it from its own interrupt handler. The library never depends on a
 * kernel: this class is the whole contract between the two.
 */
public final class Interrupts {

    /** Something that can be interrupted by the user: an executor or a pool. */
    @FunctionalInterface
    public interface Target {
        /**
         * Cancels work not yet started, interrupts work running on threads, ends child JVMs
         * running work. Must not block for long and must not throw.
         *
         * @return how many tasks were cancelled or stopped
         */
        int interruptFromUser();
    }

    private static final Logger LOG = Logger.getLogger(Interrupts.class.getName());

    /** Weak, so that an executor the user dropped without closing is not kept alive by us. */
    private static final List<WeakReference<Target>> TARGETS = new CopyOnWriteArrayList<>();

    private Interrupts() {}

    /** Registers {@code target}; executors and pools call this from their constructors. */
    public static void register(Target target) {
        if (target == null) {
            throw new NullPointerException("target must not be null");
        }
        TARGETS.removeIf(ref -> ref.get() == null);
        TARGETS.add(new WeakReference<>(target));
    }

    /** Removes {@code target}; executors and pools call this once they are shut down. */
    public static void unregister(Target target) {
        TARGETS.removeIf(ref -> ref.get() == null || ref.get() == target);
    }

    /**
     * Interrupts every registered executor and pool.
     *
     * @return the number of tasks cancelled or stopped, summed over all targets
     */
    public static int interruptAll() {
        int stopped = 0;
        List<Target> live = new ArrayList<>();
        for (WeakReference<Target> ref : TARGETS) {
            Target target = ref.get();
            if (target != null) {
                live.add(target);
            }
        }
        for (Target target : live) {
            try {
                stopped += target.interruptFromUser();
            } catch (RuntimeException e) {
                // One broken target must not keep the interrupt from reaching the others.
                LOG.log(Level.WARNING, "interrupting " + target + " failed", e);
            }
        }
        return stopped;
    }
}
