package io.pools4j.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Runs the kernel's start-up script snippet by snippet, so that one failing import (say, a
 * package of the library that is not built yet) is reported and the others still apply.
 *
 * <p><b>IPython:</b> the {@code startup/} scripts of a profile. <b>IJava:</b>
 * {@code IJAVA_STARTUP_SCRIPTS_PATH}.
 */
final class StartupScript {

    private StartupScript() {}

    /** The first line of {@code source} that is not a comment, for messages. */
    private static String codeLine(String source) {
        return source.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("//"))
                .findFirst().orElse(source.strip());
    }

    /** Runs {@code script}; problems go to {@code log} (the kernel's stderr), never thrown. */
    static void run(ReplEngine engine, Path script, PrintStream log) {
        String code;
        try {
            code = Files.readString(script);
        } catch (IOException e) {
            log.println("pools4j kernel: cannot read start-up script " + script + ": " + e
                    + "; cells run without the course imports");
            return;
        }
        SourceCodeAnalysis analysis = engine.shell().sourceCodeAnalysis();
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            String source = info.completeness().isComplete() ? info.source() : remaining;
            try {
                engine.eval(source, "startup.jsh");
            } catch (Exception e) {
                String reason = e.getMessage().lines().findFirst().orElse("").replaceFirst("^line \\d+: ", "");
                log.println("pools4j kernel: " + script.getFileName() + ": " + codeLine(source)
                        + " failed (" + reason + "); the kernel starts without it");
            }
            remaining = info.completeness().isComplete() ? info.remaining() : "";
        }
    }
}
