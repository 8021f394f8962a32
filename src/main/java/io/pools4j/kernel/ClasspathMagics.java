package io.pools4j.kernel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %jars}, {@code %classpath} and {@code %maven}: add code to the running JShell, for
 * the compiler and for the snippets' class loader alike.
 *
 * <p><b>IJava:</b> {@code %jars}, {@code %classpath}, {@code %maven}. <b>Python:</b>
 * {@code sys.path.append} and {@code %pip install}.
 */
final class ClasspathMagics {

    private final ReplEngine engine;
    private final MavenResolver maven;

    ClasspathMagics(ReplEngine engine, MavenResolver maven) {
        this.engine = engine;
        this.maven = maven;
    }

    /** {@code %jars path...} (jars, directories of jars, globs) or {@code %classpath path...}. */
    void add(String magic, String args) throws MagicException {
        if (args.isBlank()) {
            throw new MagicException("%" + magic + " needs at least one path, e.g. %" + magic
                    + (magic.equals("jars") ? " lib/*.jar" : " target/classes"));
        }
        List<Path> paths = new ArrayList<>();
        for (String word : args.strip().split("\\s+")) {
            paths.addAll(expand(magic, word));
        }
        for (Path path : paths) {
            engine.addToClasspath(path.toString());
            System.out.println("added to the class path: " + path);
        }
    }

    /** {@code %maven group:artifact:version...}: resolve with dependencies, add every jar. */
    void maven(String args) throws MagicException {
        if (args.isBlank()) {
            throw new MagicException("%maven needs coordinates, e.g. %maven org.apache.commons:commons-lang3:3.17.0");
        }
        for (String coordinates : args.strip().split("\\s+")) {
            List<Path> jars = maven.resolve(coordinates);
            for (Path jar : jars) {
                engine.addToClasspath(jar.toString());
            }
            System.out.println("added " + coordinates + " to the class path (" + jars.size() + " jar"
                    + (jars.size() == 1 ? "" : "s") + " with dependencies, from " + maven.cache() + ")");
        }
    }

    private static List<Path> expand(String magic, String word) throws MagicException {
        Path cwd = Path.of("").toAbsolutePath();
        if (word.contains("*") || word.contains("?") || word.contains("[")) {
            return glob(magic, cwd, word);
        }
        Path path = cwd.resolve(word).normalize();
        if (!Files.exists(path)) {
            throw new MagicException("%" + magic + ": no such file or directory: " + path
                    + " (relative paths start from the kernel's working directory " + cwd + ")");
        }
        if (magic.equals("jars") && Files.isDirectory(path)) {
            return glob(magic, cwd, path.resolve("*.jar").toString());
        }
        return List.of(path);
    }

    private static List<Path> glob(String magic, Path cwd, String pattern) throws MagicException {
        Path full = cwd.resolve(pattern);
        Path dir = full.getParent();
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, full.getFileName().toString())) {
            entries.forEach(found::add);
        } catch (IOException e) {
            throw new MagicException("%" + magic + ": cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new MagicException("%" + magic + ": nothing matches " + full);
        }
        found.sort(null);
        return found;
    }
}
