package io.pools4j.kernel;

/**
 * The kernel's magics, by name: {@code %time}/{@code %%time}, {@code %timeit}/{@code %%timeit},
 * {@code %jars}, {@code %classpath}, {@code %maven}, {@code %help}.
 *
 * <p><b>IPython:</b> {@code IPython.core.magics} ({@code %time}, {@code %timeit}, {@code %lsmagic}).
 * <b>IJava:</b> {@code %jars}, {@code %classpath}, {@code %maven}.
 */
final class Magics {

    static final String HELP = """
            pools4j kernel: Java %s with JShell (local execution), plus these magics:

              %%time <statement>       run it once; print CPU times (user, sys, total) and wall time
              %%%%time                  first line of a cell: the same for the whole cell
              %%timeit [-n N] [-r R] <statement>
                                      run it N times per repeat, R repeats (default R=7, N chosen
                                      so a repeat takes >= 0.2 s); print mean ± std. dev. per loop
              %%%%timeit [-n N] [-r R]   first line of a cell: the same for the cell's body
              %%jars <path>...         add jars to the class path (globs like lib/*.jar work)
              %%classpath <path>...    add jars or class directories to the class path
              %%maven <group:artifact:version>...
                                      download from Maven Central (with dependencies) into
                                      %s and add them to the class path
              %%help                   this text

            Notes: %%time counts CPU of the whole kernel process, pool threads included; user and
            sys come in 10 ms ticks from /proc, total is exact. Compile time is left out and
            reported when it exceeds 0.1 s.

            In every cell (from kernel/startup.jsh): the JShell default imports (java.util.*,
            java.util.concurrent.*, java.io.*, java.util.stream.*, ...), io.pools4j.fn.*,
            io.pools4j.futures.* (its Future and Executor win over java.util.concurrent's),
            io.pools4j.multiprocessing.StartMethod,
            java.time.Duration, XChart and Tablesaw, and these helpers:
              display(obj)                           show obj (images, charts, tables as pictures/HTML)
              Display.register(Type.class, render)   choose how Type is shown (MIME type -> content)
              Interrupts.interruptAll()              what the stop button calls: cancels pools4j work
            The last expression of a cell is shown as its value; a public String toHtml() makes it HTML.
            """;

    private final KernelSettings settings;
    private final TimeMagics time;
    private final ClasspathMagics classpath;

    Magics(ReplEngine engine, KernelSettings settings) {
        this.settings = settings;
        this.time = new TimeMagics(engine);
        this.classpath = new ClasspathMagics(engine, new MavenResolver(settings.mavenCache(), settings.mavenRemote()));
    }

    /** Runs {@code %name args}; returns the value to show, if any. */
    ReplEngine.Value runLine(String name, String args, String cellLabel) throws Exception {
        switch (name) {
            case "time" -> {
                return time.time(args, cellLabel);
            }
            case "timeit" -> time.timeit(args, null, cellLabel);
            case "jars", "classpath" -> classpath.add(name, args);
            case "maven" -> classpath.maven(args);
            case "help", "lsmagic" -> System.out.print(help());
            default -> throw unknown("%" + name);
        }
        return null;
    }

    /** Runs {@code %%name args} with the rest of the cell as {@code body}. */
    ReplEngine.Value runCell(String name, String args, String body, String cellLabel) throws Exception {
        switch (name) {
            case "time" -> {
                if (!args.isBlank()) {
                    throw new MagicException("%%time takes no arguments, got '" + args
                            + "'; put the code on the lines below %%time");
                }
                return time.time(body, cellLabel);
            }
            case "timeit" -> {
                time.timeit(args, body, cellLabel);
                return null;
            }
            default -> throw unknown("%%" + name);
        }
    }

    String help() {
        return HELP.formatted(Runtime.version().feature(), settings.mavenCache());
    }

    private static MagicException unknown(String magic) {
        return new MagicException("unknown magic " + magic
                + "; this kernel has %time, %%time, %timeit, %%timeit, %jars, %classpath, %maven and %help"
                + " (run %help for details)");
    }
}
