package io.pools4j.shm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Linux futexes on a 32-bit word of a shared mapping, through FFM's {@code syscall(2)}: a waiter
 * sleeps in the kernel until another process changes the word and wakes it. Shared (not
 * {@code FUTEX_PRIVATE_FLAG}) because waiter and waker are different processes: the kernel keys a
 * shared futex on the page's inode and offset, so each process may map the file anywhere.
 *
 * <p>Where there is no futex (not Linux, or an architecture without a known syscall number) waits
 * park for a short, growing time instead: slower to wake, still not spinning.
 */
public final class Futex {

    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    /** Longest park of the fallback: the worst added wake-up latency where there is no futex. */
    private static final long FALLBACK_MAX_PARK_NANOS = 1_000_000;

    private static final MethodHandle SYSCALL = lookup();
    private static final long SYS_FUTEX = sysFutex();

    private Futex() {}

    /** Whether waits sleep on a real futex (Linux x86_64 or aarch64) rather than parking. */
    public static boolean available() {
        return SYSCALL != null && SYS_FUTEX > 0;
    }

    private static long sysFutex() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return -1;
        }
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> 202;
            case "aarch64" -> 98;
            default -> -1;
        };
    }

    private static MethodHandle lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            // long syscall(long number, ...): the futex arguments are variadic.
            return linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
                    Linker.Option.firstVariadicArg(1));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Sleeps while the int at {@code address} equals {@code expected}, at most {@code nanos}; may
     * return early (a wake, a signal, the value already differs). The caller re-checks its condition.
     *
     * @param round how many times the caller has waited already (the fallback's back-off)
     */
    public static void await(long address, int expected, long nanos, int round) {
        if (nanos <= 0) {
            return;
        }
        if (!available()) {
            LockSupport.parkNanos(Math.min(nanos, Math.min(FALLBACK_MAX_PARK_NANOS, 10_000L << Math.min(round, 10))));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(16, 8);
            timespec.set(JAVA_LONG, 0, nanos / 1_000_000_000L);
            timespec.set(JAVA_LONG, 8, nanos % 1_000_000_000L);
            long unused = (long) SYSCALL.invokeExact(SYS_FUTEX, MemorySegment.ofAddress(address), FUTEX_WAIT, expected,
                    timespec, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed at address " + Long.toHexString(address), t);
        }
    }

    /** Wakes up to {@code count} processes sleeping on the int at {@code address}. */
    public static void wake(long address, int count) {
        if (!available()) {
            return;
        }
        try {
            long unused = (long) SYSCALL.invokeExact(SYS_FUTEX, MemorySegment.ofAddress(address), FUTEX_WAKE, count,
                    MemorySegment.NULL, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed at address " + Long.toHexString(address), t);
        }
    }
}
