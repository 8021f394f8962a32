package io.pools4j.futures;

/** Run in a child JVM by {@link ThreadPoolExecutorTest}: submits work, never shuts down, and returns from main. */
public final class SubmitThenExitMain {
    private SubmitThenExitMain() {}

    public static void main(String[] args) {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(2);
        for (int i = 0; i < 3; i++) {
            int n = i;
            ex.submit(() -> {
                Thread.sleep(200); // still running when main returns: the exit must wait for it
                System.out.println("task " + n + " done");
                return null;
            });
        }
        System.out.println("main returns");
    }
}
