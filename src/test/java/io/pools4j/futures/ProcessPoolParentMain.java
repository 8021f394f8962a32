package io.pools4j.futures;

import java.util.concurrent.CountDownLatch;

/**
 * A small parent JVM for {@link ProcessPoolFaultTest}: starts a process pool, runs a long task,
 * prints the pid of the worker running it, and waits to be killed. Its one argument is the path of
 * the gate the task opens once it runs (a {@link FileGate} of the test's JVM).
 */
public final class ProcessPoolParentMain {

    private ProcessPoolParentMain() {}

    public static void main(String[] args) throws Exception {
        ProcessPoolExecutor ex = new ProcessPoolExecutor(1);
        FileGate started = new FileGate(args[0]);
        ex.submit(() -> {
            System.out.println("worker pid " + ProcessHandle.current().pid());
            started.open();
            Thread.sleep(120_000);
            return null;
        });
        started.await();
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
