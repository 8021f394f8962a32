package io.pools4j.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The training run of the kernel JVM's AOT cache ({@code kernel/lib/kernel_aot.sh} runs it with
 * {@code -XX:AOTCacheOutput=}): the kernel's own start-up (JShell, the start-up script) and a few
 * cells as a learner's first minutes run them, through the kernel's engine but without Jupyter, so
 * that the cache holds the JDK compiler's classes, the library's and the charts', loaded and linked,
 * with their profiles (JEP 483, 515). Then it exits.
 *
 * <p><b>IPython:</b> none; the nearest is the {@code __pycache__} that the first import writes.
 *
 * <p>Usage: {@code java -XX:AOTCacheOutput=FILE -cp <the kernel's class path>
 * io.pools4j.kernel.KernelTraining <startup.jsh>}. Exits 1 if a cell fails, so that a broken
 * training never becomes a cache.
 */
public final class KernelTraining {

    /**
     * The cells, in order: values, a declaration, the thread pool, a chart rendered to PNG, a table,
     * a cell that throws (the stack-trace path) and a compile error. No process pool: it would start
     * worker JVMs (and their own cache's training) for classes that matter after the first result.
     */
    static final List<String> CELLS = List.of(
            "1+1",
            "long sq(long x) { return x * x; }",
            "String s = \"cells\"; s.length() + sq(3)",
            """
            int total;
            try (var executor = new ThreadPoolExecutor(2)) {
                Future<Long> f = executor.submit(x -> sq(x), 7L);
                total = (int) (long) f.result() + executor.map(x -> sq(x), List.of(1L, 2L, 3L)).toList().size();
            }
            System.out.println("total " + total);
            total
            """,
            """
            Map<String, Double> seconds = new LinkedHashMap<>();
            seconds.put("one after another", 1.0);
            seconds.put("2 threads", 0.5);
            Charts.compare("training", "seconds", seconds)
            """,
            "IntStream.range(0, 5).boxed().collect(Collectors.toList())",
            "Integer.parseInt(\"not a number\")",
            "int broken = \"text\";");

    private KernelTraining() {}

    public static void main(String[] args) throws Exception {
        Path startup = args.length > 0 ? Path.of(args[0]) : null;
        KernelSettings settings = new KernelSettings(startup, KernelSettings.fromEnvironment().mavenCache(),
                KernelSettings.MAVEN_CENTRAL, 0, Duration.ZERO);
        JavaKernel kernel = new JavaKernel(settings);
        int failed = 0;
        for (int i = 0; i < CELLS.size(); i++) {
            String cell = CELLS.get(i);
            boolean meantToFail = i >= CELLS.size() - 2;
            try {
                kernel.eval(cell);
                failed += meantToFail ? 1 : 0;
            } catch (Exception e) { // CompilationException, EvaluationException: the failing cells' path
                kernel.formatError(e);
                failed += meantToFail ? 0 : 1;
            }
        }
        kernel.complete("System.out.pri", 14);
        kernel.isComplete("for (int i = 0;");
        kernel.onShutdown(false);
        System.exit(failed == 0 ? 0 : 1);
    }
}
