package io.pools4j.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code %time}, {@code %%time}, {@code %timeit} and {@code %%timeit}.
 *
 * <p><b>IPython:</b> {@code ExecutionMagics.time} and {@code ExecutionMagics.timeit}.
 */
final class TimeMagics {

    /** Default repeats of %timeit, IPython's default. */
    static final int DEFAULT_REPEATS = 7;
    /** IPython prints compile time only when it exceeds this. */
    private static final long COMPILE_REPORT_NANOS = 100_000_000L;

    private final ReplEngine engine;

    TimeMagics(ReplEngine engine) {
        this.engine = engine;
    }

    /** Runs {@code code} once, prints CPU and wall time of its execution, returns its value. */
    ReplEngine.Value time(String code, String cellLabel) throws Exception {
        if (code.isBlank()) {
            throw new MagicException("%time needs code to time, e.g. %time fib(30); %%time times the whole cell");
        }
        KernelExecutionControl.ExecStats before = engine.control().totals();
        long start = System.nanoTime();
        ReplEngine.Value value = engine.eval(code, cellLabel);
        long elapsed = System.nanoTime() - start;
        KernelExecutionControl.ExecStats run = engine.control().totals().minus(before);
        System.out.println("CPU times: user " + TimeFormat.nanos(run.cpuTimes().userNanos())
                + ", sys " + TimeFormat.nanos(run.cpuTimes().systemNanos())
                + ", total " + TimeFormat.nanos(run.cpuNanos()));
        System.out.println("Wall time: " + TimeFormat.nanos(run.wallNanos()));
        if (elapsed - run.wallNanos() > COMPILE_REPORT_NANOS) {
            System.out.println("Compiler time: " + TimeFormat.nanos(elapsed - run.wallNanos()));
        }
        return value;
    }

    /**
     * Times {@code statement} (line magic) or {@code body} (cell magic, whose first-line text
     * after the options is setup code run once, as in IPython) and prints the report.
     */
    void timeit(String args, String body, String cellLabel) throws Exception {
        TimeitOptions options = TimeitOptions.parse(args);
        String timed = body == null ? options.rest() : body;
        if (body != null && !options.rest().isBlank()) {
            engine.eval(options.rest(), cellLabel);
        }
        if (timed.isBlank()) {
            throw new MagicException("%timeit needs code to time, e.g. %timeit -n 100 fib(20)");
        }
        String snippet = "io.pools4j.kernel.Timeit.measure(() -> {\n" + blockOf(timed) + "\n}, "
                + options.loops() + ", " + options.repeats() + ")";
        ReplEngine.Value value = engine.eval(snippet, cellLabel);
        if (value == null || !(value.object() instanceof Timeit.Result result)) {
            throw new IllegalStateException("%timeit got no timing result for: " + timed.strip());
        }
        System.out.println(result);
    }

    /** A statement stays as is; an expression is passed to Timeit.consume so it is evaluated. */
    private String blockOf(String code) {
        String stripped = code.strip();
        String expression = stripped.endsWith(";") ? stripped.substring(0, stripped.length() - 1) : stripped;
        String type = expression.contains("\n") ? null
                : engine.shell().sourceCodeAnalysis().analyzeType(expression, expression.length());
        if (type != null && !type.equals("void")) {
            return "io.pools4j.kernel.Timeit.consume(" + expression + ");";
        }
        return stripped.endsWith(";") || stripped.endsWith("}") ? stripped : stripped + ";";
    }

    /** {@code -n N}, {@code -r R}, then the rest. */
    record TimeitOptions(int loops, int repeats, String rest) {

        /** Leading "-n N" / "-r R" pairs, then everything else (the code). */
        private static final Pattern OPTIONS = Pattern.compile("^((?:-[nr](?:\\s+\\S+)?\\s*)*)(.*)$", Pattern.DOTALL);

        static TimeitOptions parse(String args) throws MagicException {
            Matcher matcher = OPTIONS.matcher(args.strip());
            if (!matcher.matches()) {
                throw new IllegalStateException("option pattern must match any text: " + args);
            }
            int loops = 0;
            int repeats = DEFAULT_REPEATS;
            String[] words = matcher.group(1).isBlank() ? new String[0] : matcher.group(1).strip().split("\\s+");
            for (int i = 0; i < words.length; i += 2) {
                if (i + 1 >= words.length) {
                    throw new MagicException("%timeit option " + words[i] + " needs a number, e.g. -n 100");
                }
                int value = positive(words[i], words[i + 1]);
                if (words[i].equals("-n")) {
                    loops = value;
                } else {
                    repeats = value;
                }
            }
            return new TimeitOptions(loops, repeats, matcher.group(2));
        }

        private static int positive(String option, String text) throws MagicException {
            try {
                int value = Integer.parseInt(text);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below, with the value
            }
            throw new MagicException("%timeit " + option + " needs a positive whole number, got '" + text + "'");
        }
    }
}
