/**
 * Python's {@code multiprocessing} for Java: the start methods
 * ({@link io.pools4j.multiprocessing.StartMethod}), which {@code concurrent.futures}'
 * {@code ProcessPoolExecutor} takes from here as Python's takes its {@code mp_context};
 * {@link io.pools4j.multiprocessing.Process} (a function in a child JVM of its own; import it by
 * name, since {@code java.lang.Process} is imported everywhere) and
 * {@link io.pools4j.multiprocessing.Pool}; and the shared objects: {@link io.pools4j.multiprocessing.Queue},
 * {@link io.pools4j.multiprocessing.JoinableQueue}, {@link io.pools4j.multiprocessing.SimpleQueue},
 * {@link io.pools4j.multiprocessing.Pipe} and {@link io.pools4j.multiprocessing.Connection},
 * {@link io.pools4j.multiprocessing.Lock}, {@link io.pools4j.multiprocessing.RLock},
 * {@link io.pools4j.multiprocessing.Semaphore}, {@link io.pools4j.multiprocessing.BoundedSemaphore},
 * {@link io.pools4j.multiprocessing.Event}, {@link io.pools4j.multiprocessing.Condition},
 * {@link io.pools4j.multiprocessing.Barrier}, {@link io.pools4j.multiprocessing.Value},
 * {@link io.pools4j.multiprocessing.Array}, {@link io.pools4j.multiprocessing.RawValue},
 * {@link io.pools4j.multiprocessing.RawArray}, {@link io.pools4j.multiprocessing.SharedMemory} and
 * {@link io.pools4j.multiprocessing.ShareableList}.
 *
 * <p>Each lives in a file of shared memory (this JVM's session directory under /dev/shm, see
 * {@link io.pools4j.shm.ShmSession}) mapped by every process that holds it. Handing one to a task of a
 * process pool (captured by the lambda, passed as an argument, or held in a notebook variable the
 * task reads), or sending it through a Queue or Pipe, sends only where it lives (file, offset, kind):
 * the receiving JVM maps the same file, so both see one object. Objects of any serializable class,
 * notebook cells' included, travel through Queue and Connection; they are copied when sent.
 *
 * <p><b>Memory consistency:</b> actions in a process before it puts an item, sends a message,
 * releases a lock or semaphore, sets an event, signals a condition or arrives at a barrier
 * <i>happen-before</i> the actions after the matching get, recv, acquire, await or barrier exit in
 * any process (each is a volatile or atomic access of the shared word, followed where needed by a
 * futex wake). Value and Array reads and writes are volatile.
 *
 * <p>Waiting never burns a core: a waiter re-checks for a few tens of microseconds, then sleeps on
 * a futex of the shared word (Linux), waking every 50 ms to notice an interrupt or a dead lock
 * holder. A thread interrupted while waiting gets a {@link java.util.concurrent.CancellationException}
 * and keeps its interrupt flag, as {@code Future.result()} does.
 *
 * <p>The JVM needs {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona 2.x, the
 * ring buffers) and {@code --enable-native-access=ALL-UNNAMED} (the futex call): the pools4j kernel,
 * the tests and the worker JVMs pass them; in plain jshell give them with {@code -J} and {@code -R}.
 *
 * <p><b>Python:</b> {@code multiprocessing} (queues, connection, synchronize, sharedctypes) and
 * {@code multiprocessing.shared_memory}; {@code queue.Full}/{@code queue.Empty} are
 * {@link io.pools4j.multiprocessing.QueueFullException}/{@link io.pools4j.multiprocessing.QueueEmptyException},
 * {@code EOFError} from recv is {@link io.pools4j.multiprocessing.EndOfPipeException}.
 */
package io.pools4j.multiprocessing;
