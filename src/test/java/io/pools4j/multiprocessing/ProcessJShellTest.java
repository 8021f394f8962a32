package io.pools4j.multiprocessing;

import static io.pools4j.worker.Snippets.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pools4j.worker.Children;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The course source's Process example in a notebook session in miniature: real JShell (local
 * execution, as in the pools4j kernel) imports pools4j's Process by name, as the kernel's start-up
 * does, defines a method and a subclass in snippets, and runs them in child JVMs, in the shape of
 * the Python:
 *
 * <pre>{@code
 * def greet(who): print('hello', who, 'from', current_process().name)
 * p = Process(target=greet, args=('notebook',)); p.start(); p.join()
 * }</pre>
 *
 * Python cannot do this under spawn ("Can't get attribute 'greet' on &lt;module '__main__'&gt;").
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessJShellTest {

    @AfterAll
    static void noChildJvmLeft() {
        Children.assertNoneLeft();
    }

    @Test
    void aSnippetMethodAsTargetAndASnippetSubclassRunInChildJvmsAndPrintInTheParent() {
        try (JShell shell = JShell.builder().executionEngine("local").build();
             Captured printed = new Captured()) {
            eval(shell, "import io.pools4j.multiprocessing.Process;");
            eval(shell, "import static io.pools4j.multiprocessing.Multiprocessing.currentProcess;");
            eval(shell, "void greet(String who) { System.out.println(\"hello \" + who + \" from \" + currentProcess().name()); }");
            eval(shell, "class Counter extends Process { int n = 3; public void run() { for (int i = 1; i <= n; i++) System.out.println(name() + \" \" + i); } }");

            eval(shell, "var p = new Process(who -> greet(who), \"notebook\").setName(\"greeter\");");
            eval(shell, "p.start();");
            eval(shell, "p.join();");
            assertEquals("0", eval(shell, "p.exitcode()"));
            assertEquals("hello notebook from greeter\n", printed.out());

            eval(shell, "var c = new Counter();");
            eval(shell, "c.start();");
            eval(shell, "c.join();");
            assertEquals("0", eval(shell, "c.exitcode()"));
            String name = eval(shell, "c.name()").replace("\"", "");
            assertEquals("hello notebook from greeter\n" + name + " 1\n" + name + " 2\n" + name + " 3\n", printed.out());
        }
        Children.assertNoneLeft();
    }
}
