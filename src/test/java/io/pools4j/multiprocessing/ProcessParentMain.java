package io.pools4j.multiprocessing;

import io.pools4j.futures.FileGate;
import java.util.concurrent.CountDownLatch;

/**
 * A small parent JVM for {@link ProcessFaultTest}: {@code ProcessParentMain wait} starts a daemonic
 * and a non-daemonic child that run for two minutes, prints their pids, and waits to be killed;
 * {@code ProcessParentMain exit <gate>} starts a non-daemonic child that prints once the gate file
 * exists and a daemonic one that runs for two minutes, prints their pids, and returns from main.
 */
public final class ProcessParentMain {

    private ProcessParentMain() {}

    public static void main(String[] args) throws Exception {
        Process daemonic = new Process(() -> Thread.sleep(120_000)).setDaemon(Process.Daemon.DAEMON);
        Process other = args[0].equals("wait") ? new Process(() -> Thread.sleep(120_000))
                : new Process((FileGate gate) -> {
                    gate.await();
                    System.out.println("child done");
                }, new FileGate(args[1]));
        daemonic.start();
        other.start();
        System.out.println("pids " + daemonic.pid() + " " + other.pid());
        System.out.flush();
        if (args[0].equals("wait")) {
            new CountDownLatch(1).await();
        }
        System.out.println("main returns");
    }
}
