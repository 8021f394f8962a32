package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classes the worker's class path does not have are fetched from the parent's loaders, keyed by
 * their bytes; notebook variables (static fields of snippet classes) travel with the task.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClassShippingTest {

    private static WorkerGroup group;
    private static WorkerHandle worker;
    private static long nextId;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        group = WorkerGroup.open(WorkerOptions.defaults());
        worker = group.launch();
    }

    @AfterAll
    static void stop() {
        group.close();
        Children.assertNoneLeft();
    }

    private static Object run(Fn0<?> task) throws Exception {
        Outcome outcome = new Outcome();
        worker.submit(++nextId, task, outcome);
        return outcome.get();
    }

    /** Compiles {@code sources} (file name, text) into a fresh directory and loads them with a new loader. */
    private URLClassLoader compile(String dirName, String... sources) throws IOException {
        Path src = Files.createDirectories(tmp.resolve(dirName + "-src"));
        Path out = Files.createDirectories(tmp.resolve(dirName));
        List<String> args = new java.util.ArrayList<>(List.of("-d", out.toString(), "-cp",
                System.getProperty("java.class.path"), "-proc:none"));
        for (int i = 0; i < sources.length; i += 2) {
            Path file = src.resolve(sources[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, sources[i + 1]);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "test sources compile");
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
    }

    @SuppressWarnings("unchecked")
    private static Fn0<Object> instance(ClassLoader loader, String name) throws Exception {
        return (Fn0<Object>) loader.loadClass(name).getDeclaredConstructor().newInstance();
    }

    @Test
    void aClassOnlyTheParentsCustomLoaderHasRunsInTheWorker() throws Exception {
        try (URLClassLoader loader = compile("custom",
                "demo/Helper.java", "package demo; public class Helper { public static String hi() { return \"hi from \" + Helper.class.getClassLoader().getName(); } }",
                "demo/Task.java", "package demo; public class Task implements io.pools4j.fn.Fn0<String> { public String call() { return Helper.hi(); } }")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("demo.Task"));
            Object result = run(instance(loader, "demo.Task"));
            assertTrue(((String) result).startsWith("hi from pools4j-shipped-"), result.toString());
        }
    }

    @Test
    void twoLoadersWithDifferentBytesUnderOneNameGiveTheirOwnResults() throws Exception {
        try (URLClassLoader one = compile("one", "redef/Answer.java",
                     "package redef; public class Answer implements io.pools4j.fn.Fn0<Integer> { public Integer call() { return Part.value(); } }",
                     "redef/Part.java", "package redef; class Part { static int value() { return 1; } }");
             URLClassLoader two = compile("two", "redef/Answer.java",
                     "package redef; public class Answer implements io.pools4j.fn.Fn0<Integer> { public Integer call() { return Part.value(); } }",
                     "redef/Part.java", "package redef; class Part { static int value() { return 2; } }")) {
            assertEquals(1, run(instance(one, "redef.Answer")));
            assertEquals(2, run(instance(two, "redef.Answer")));
            assertEquals(1, run(instance(one, "redef.Answer")), "no stale code after switching back");
        }
    }

    @Test
    void statelessFunctionsOfTwoLoadersUnderOneNameGiveTheirOwnResultsAcrossGenerations() throws Exception {
        try (URLClassLoader one = compile("plus-one", "redef2/Plus.java",
                     "package redef2; public class Plus implements io.pools4j.fn.Fn1<Integer, Integer> { public Integer apply(Integer x) { return x + 1; } }");
             URLClassLoader two = compile("plus-two", "redef2/Plus.java",
                     "package redef2; public class Plus implements io.pools4j.fn.Fn1<Integer, Integer> { public Integer apply(Integer x) { return x + 2; } }")) {
            Fn1<Integer, Integer> plusOne = function(one, "redef2.Plus");
            Fn1<Integer, Integer> plusTwo = function(two, "redef2.Plus");
            assertEquals(11, run(Call.of(plusOne, 10)));
            assertEquals(12, run(Call.of(plusTwo, 10)));
            assertEquals(11, run(Call.of(plusOne, 10)), "no stale function after switching back");
            assertEquals(21, run(Call.of(plusOne, 20)), "the function kept by the worker in the new generation");
        }
    }

    /** A stateless snippet function {@code REPL.$JShell$<n>} whose apply returns {@code x + plus}. */
    private static String[] plusSnippet(int n, int plus) {
        return new String[] {"REPL/$JShell$" + n + ".java", "package REPL; public class $JShell$" + n
                + " implements io.pools4j.fn.Fn1<Integer, Integer> { public Integer apply(Integer x) { return x + " + plus + "; } }"};
    }

    /** Puts {@code from}'s class file of {@code REPL.$JShell$<n>} in place of {@code into}'s: a redefinition in place. */
    private void redefineInPlace(String from, String into, int n) throws IOException {
        String file = "REPL/$JShell$" + n + ".class";
        Files.copy(tmp.resolve(from).resolve(file), tmp.resolve(into).resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aSnippetFunctionsPackedFormIsKeptUntilItsEngineReportsAnInstall() throws Exception {
        compile("plus-two-97", plusSnippet(97, 2)).close();
        try (URLClassLoader loader = compile("plus-one-97", plusSnippet(97, 1))) {
            Fn1<Integer, Integer> plus = function(loader, "REPL.$JShell$97");
            SnippetChanges.installed(loader); // the loader's engine reports every install from now on
            assertEquals(11, run(Call.of(plus, 10)));
            redefineInPlace("plus-two-97", "plus-one-97", 97);
            assertEquals(21, run(Call.of(plus, 20)), "no install reported: the packed form is kept, bytes not read again");
            SnippetChanges.installed(loader);
            assertEquals(12, run(Call.of(plus, 10)), "after a reported install the new code runs, not the kept one");
            assertEquals(22, run(Call.of(plus, 20)));
        }
    }

    @Test
    void aSnippetFunctionOfALoaderNoEngineReportsForIsReadAgainAtEverySubmit() throws Exception {
        compile("plus-two-98", plusSnippet(98, 2)).close();
        try (URLClassLoader loader = compile("plus-one-98", plusSnippet(98, 1))) {
            Fn1<Integer, Integer> plus = function(loader, "REPL.$JShell$98");
            assertEquals(11, run(Call.of(plus, 10)));
            redefineInPlace("plus-two-98", "plus-one-98", 98);
            assertEquals(12, run(Call.of(plus, 10)), "redefined in place (plain jshell's engine): the new code at once");
        }
    }

    @SuppressWarnings("unchecked")
    private static Fn1<Integer, Integer> function(ClassLoader loader, String name) throws Exception {
        return (Fn1<Integer, Integer>) loader.loadClass(name).getDeclaredConstructor().newInstance();
    }

    @Test
    void staticFieldsOfSnippetClassesTravelWithTheTask() throws Exception {
        try (URLClassLoader loader = compile("snippet",
                "REPL/$JShell$91.java", "package REPL; public class $JShell$91 { public static int base; }",
                "REPL/$JShell$92.java", "package REPL; public class $JShell$92 { public static String label; }",
                "REPL/$JShell$93.java", "package REPL; public class $JShell$93 implements io.pools4j.fn.Fn0<String> {"
                        + " public String call() { return $JShell$92.label + \"=\" + ($JShell$91.base * 2); } }")) {
            Class<?> base = loader.loadClass("REPL.$JShell$91");
            Class<?> label = loader.loadClass("REPL.$JShell$92");
            base.getField("base").set(null, 21);
            label.getField("label").set(null, "answer");
            assertEquals("answer=42", run(instance(loader, "REPL.$JShell$93")));
            base.getField("base").set(null, 50);
            assertEquals("answer=100", run(instance(loader, "REPL.$JShell$93")), "the value at submit time, not the first one");
        }
    }

    @Test
    void aNotebookVariableThatCannotBeSentIsNamedWithItsType() throws Exception {
        try (URLClassLoader loader = compile("badvar",
                "REPL/$JShell$95.java", "package REPL; public class $JShell$95 { public static java.net.Socket conn; }",
                "REPL/$JShell$96.java", "package REPL; public class $JShell$96 implements io.pools4j.fn.Fn0<Boolean> {"
                        + " public Boolean call() { return $JShell$95.conn.isClosed(); } }")) {
            loader.loadClass("REPL.$JShell$95").getField("conn").set(null, new java.net.Socket());
            Outcome outcome = new Outcome();
            worker.submit(++nextId, instance(loader, "REPL.$JShell$96"), outcome);
            NotSendableException e = assertInstanceOf(NotSendableException.class, outcome.failure());
            assertTrue(e.getMessage().startsWith("task reads notebook variable 'conn' of type java.net.Socket, "
                    + "which cannot be sent to a worker JVM"), e.getMessage());
            assertTrue(e.getMessage().endsWith("pass the data it needs instead"), e.getMessage());
        }
    }
}
