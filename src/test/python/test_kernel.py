"""Protocol tests of the pools4j kernel: the real kernel, started from its kernelspec.

Run: JUPYTER_PATH=kernel/jupyter /usr/bin/python3 -m unittest discover -s src/test/python -p 'test_kernel*.py' -v
(after mvn package -DskipTests and bash kernel/install.sh kernel/jupyter).
"""
import base64
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from kernelharness import REPO, Kernel

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def plain(text):
    return ANSI.sub("", text or "")


def jdk25_bin(tool):
    home = subprocess.run(["bash", "-c", "source kernel/lib/jdk.sh && find_jdk25"], cwd=REPO,
                          capture_output=True, text=True, timeout=30, check=True).stdout.strip()
    return str(pathlib.Path(home, "bin", tool))


class KernelTestCase(unittest.TestCase):
    """One kernel shared by the tests of a class (start-up costs seconds)."""

    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel(env=getattr(cls, "kernel_env", None))

    @classmethod
    def tearDownClass(cls):
        cls.kernel.close()

    def run_ok(self, code, timeout=60):
        result = self.kernel.execute(code, timeout=timeout)
        self.assertEqual("ok", result.status, "cell failed: %s\n%r" % (plain(result.error), result))
        return result

    def run_error(self, code, timeout=60):
        result = self.kernel.execute(code, timeout=timeout)
        self.assertEqual("error", result.status, "cell should have failed: %r" % result)
        return result


class ExecutionTest(KernelTestCase):

    SHARED_NAMES = ["Process", "Queue", "Semaphore", "BrokenBarrierException", "Lock", "Condition", "Array",
                    "Future", "Executor", "ThreadPoolExecutor"]

    def test_names_the_jdk_shares_with_pools4j_mean_pools4js_also_after_a_cell_imports_the_jdk_packages(self):
        self.run_ok("import java.util.concurrent.locks.*;\nimport java.lang.reflect.*;")
        names = self.run_ok("Stream.of(%s).map(Class::getName).toList()"
                            % ", ".join(n + ".class" for n in self.SHARED_NAMES)).text
        for name in self.SHARED_NAMES:
            self.assertRegex(names, r"io\.pools4j\.(multiprocessing|futures)\.%s\b" % name)

    def test_last_expression_value_is_the_execute_result(self):
        self.assertEqual("2", self.run_ok("1+1").text)

    def test_string_value_is_shown_quoted_like_jshell(self):
        self.assertEqual('"abc"', self.run_ok('"ab" + "c"').text)

    def test_statement_without_value_has_no_execute_result(self):
        self.assertIsNone(self.run_ok("int unused = 5;").value)

    def test_a_last_line_printf_prints_and_shows_no_printstream_value(self):
        result = self.run_ok('System.out.printf("%d apples%n", 3)')
        self.assertEqual("3 apples\n", result.stdout)
        self.assertIsNone(result.value, "the PrintStream that printf returns is not shown as the cell's value")

    def test_multi_snippet_cell_runs_every_snippet_and_shows_the_last_value(self):
        result = self.run_ok("int a = 2;\nint b = 3;\nint times(int x, int y) { return x * y; }\ntimes(a, b)")
        self.assertEqual("6", result.text)

    def test_variables_persist_between_cells(self):
        self.run_ok("var kept = new ArrayList<String>(List.of(\"x\"));")
        self.assertEqual("1", self.run_ok("kept.size()").text)

    def test_compile_error_names_the_cell_line_and_puts_a_caret_under_it(self):
        result = self.run_error('int fine = 1;\nint y = "s";')
        lines = plain(result.error).splitlines()
        self.assertIn("line 2: incompatible types", lines[0])
        self.assertEqual('    int y = "s";', lines[1])
        self.assertEqual(lines[1].index('"s"'), lines[2].index("^"))

    def test_unfinished_block_is_reported_not_silently_skipped(self):
        result = self.run_error("int done = 1;\nfor (int i = 0; i < 3; i++) {")
        self.assertIn("line 2: reached end of file while parsing", plain(result.error))

    def test_runtime_error_shows_the_exception_and_only_the_users_frames(self):
        result = self.run_error("int inverse(int a) { return 1 / a; }\ninverse(0)")
        trace = plain(result.error)
        self.assertIn("java.lang.ArithmeticException: / by zero", trace)
        self.assertRegex(trace, r"at inverse\(In \[\d+\], line 1\)")
        self.assertRegex(trace, r"at <cell>\(In \[\d+\], line 2\)")
        for internal in ("jdk.jshell", "io.pools4j.kernel", "java.lang.reflect", "jdk.internal"):
            self.assertNotIn(internal, trace)

    def test_an_error_is_named_after_the_users_exception_as_ipython_names_zerodivisionerror(self):
        result = self.run_error("int inverse(int a) { return 1 / a; }\ninverse(0)")
        error = result.outputs("error")[-1]
        self.assertEqual(("ArithmeticException", "/ by zero"), (error["ename"], error["evalue"]))
        self.assertEqual(("ArithmeticException", "/ by zero"), (result.reply["ename"], result.reply["evalue"]))
        self.assertEqual(result.reply["execution_count"], self.kernel.execute("1").reply["execution_count"] - 1)

    def test_a_printf_line_arrives_as_one_stream_message(self):
        result = self.run_ok('System.out.printf("%s | %d | %.2f s%n", "one after another", 2, 0.25);')
        self.assertEqual(["one after another | 2 | 0.25 s\n"], [c["text"] for c in result.outputs("stream")])

    def test_a_hundred_thousand_printed_lines_arrive_whole_in_few_messages(self):
        result = self.run_ok('for (int i = 0; i < 100_000; i++) System.out.println(i);', timeout=120)
        self.assertEqual("".join("%d\n" % i for i in range(100_000)), result.stdout)
        self.assertLess(len(result.outputs("stream")), 100, "batched, not one message per println")

    def test_a_line_printed_before_a_long_wait_shows_before_the_cell_ends(self):
        msg_id = self.kernel.execute_async('System.out.println("started"); Thread.sleep(3000); System.out.println("done");')
        deadline = time.monotonic() + 60
        while True:
            msg = self.kernel._next(self.kernel.client.get_iopub_msg, deadline, "the first line")
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                self.assertEqual("started\n", msg["content"]["text"])
                break
        arrived = time.monotonic()
        result = self.kernel.collect(msg_id)
        self.assertGreater(time.monotonic() - arrived, 1.5, "the first line came well before the cell ended")
        self.assertEqual("done\n", result.stdout)

    def test_printed_text_keeps_its_place_before_a_display(self):
        result = self.run_ok('System.out.println("before"); display("shown"); System.out.println("after");')
        kinds = [(k, c.get("text") or c.get("data", {}).get("text/plain")) for k, c in result.messages]
        self.assertEqual([("stream", "before\n"), ("display_data", "shown"), ("stream", "after\n")], kinds)

    def test_the_users_frames_come_before_the_library_frames_the_cell_called(self):
        lines = plain(self.run_error("List.of(1).get(3)").error).splitlines()
        self.assertTrue(lines[0].startswith("java.lang.IndexOutOfBoundsException"), lines)
        self.assertRegex(lines[1], r"at <cell>\(In \[\d+\], line 1\)")
        self.assertIn("in the library code it called", lines[2])
        self.assertIn("ImmutableCollections", "\n".join(lines[3:]))

    def test_exception_cause_is_shown(self):
        trace = plain(self.run_error('throw new RuntimeException("outer", new IllegalStateException("inner"));').error)
        self.assertIn("java.lang.RuntimeException: outer", trace)
        self.assertIn("Caused by: java.lang.IllegalStateException: inner", trace)

    def test_output_of_a_thread_started_by_the_cell_goes_to_the_cell(self):
        result = self.run_ok('var t = new Thread(() -> { System.out.println("from thread"); System.err.println("err thread"); });\n'
                             't.start(); t.join();')
        self.assertEqual("from thread\n", result.stdout)
        self.assertEqual("err thread\n", result.stderr)

    def test_start_up_imports_include_jshell_defaults_duration_and_display(self):
        result = self.run_ok("List<Integer> l = new ArrayList<>(); ConcurrentHashMap<String,Integer> m = new ConcurrentHashMap<>();\n"
                             "Duration.ofSeconds(2).toMillis() + l.size() + m.size()")
        self.assertEqual("2000", result.text)

    def test_multiprocessing_functions_are_imported_as_after_from_multiprocessing_import_star(self):
        result = self.run_ok('getContext("spawn").getStartMethod() + " " + currentProcess().name() + " " + (cpuCount() > 0)')
        self.assertEqual('"SPAWN MainProcess true"', result.text)

    def test_a_process_started_in_a_cell_is_pools4js_and_what_it_prints_appears_in_the_cell(self):
        self.run_ok('void hello(String who) { System.out.println("hello " + who + " from " + currentProcess().name()); }')
        result = self.run_ok('var p = new Process(who -> hello(who), "cell").setName("child");\n'
                             'p.start(); p.join();\n'
                             'p.exitcode()')
        self.assertEqual("hello cell from child\n", result.stdout)
        self.assertEqual("0", result.text)

    def test_library_classes_of_the_kernel_jvm_are_the_same_classes_in_cells(self):
        result = self.run_ok("io.pools4j.Interrupts.class.getClassLoader() == ClassLoader.getSystemClassLoader()")
        self.assertEqual("true", result.text)


class CompletionAndInspectionTest(KernelTestCase):

    def test_tab_completes_a_method_of_a_string(self):
        code = 'String s = "x"; "abc".subs'
        reply = self.kernel.request(lambda c: c.complete(code, len(code)))
        self.assertIn("substring(", reply["matches"])
        self.assertEqual(code.index("subs"), reply["cursor_start"])
        self.assertEqual(len(code), reply["cursor_end"])

    def test_tab_completes_a_variable_defined_in_an_earlier_cell(self):
        self.run_ok("int completionTarget = 1;")
        code = "int other = 2;\ncompletionTar"
        reply = self.kernel.request(lambda c: c.complete(code, len(code)))
        self.assertIn("completionTarget", reply["matches"])
        self.assertEqual(code.index("completionTar"), reply["cursor_start"])

    def test_shift_tab_shows_the_signature_and_javadoc(self):
        code = "Math.max("
        reply = self.kernel.request(lambda c: c.inspect(code, len(code)))
        self.assertTrue(reply["found"], reply)
        text = reply["data"]["text/plain"]
        self.assertIn("max(int", text)
        self.assertIn("Returns the greater of two", text)

    def test_is_complete_asks_for_more_lines_inside_a_block(self):
        reply = self.kernel.request(lambda c: c.is_complete("for (int i = 0; i < 3; i++) {"))
        self.assertEqual("incomplete", reply["status"])
        reply = self.kernel.request(lambda c: c.is_complete("int done = 1;"))
        self.assertEqual("complete", reply["status"])


class DisplayTest(KernelTestCase):

    def assert_png(self, bundle):
        self.assertIn("image/png", bundle)
        self.assertTrue(base64.b64decode(bundle["image/png"]).startswith(PNG_MAGIC))

    def test_display_of_an_image_sends_a_png(self):
        result = self.run_ok("display(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB));")
        self.assertEqual(1, len(result.displays))
        self.assert_png(result.displays[0])
        self.assertIsNone(result.value)

    def test_display_of_an_xchart_chart_sends_a_png(self):
        result = self.run_ok('var chart = new XYChartBuilder().width(300).height(200).title("squares").build();\n'
                             'chart.addSeries("x^2", new double[] {1, 2, 3}, new double[] {1, 4, 9});\n'
                             'display(chart);')
        self.assert_png(result.displays[0])
        self.assertIn("squares", result.displays[0]["text/plain"])

    def test_chart_as_last_value_is_rendered_as_png(self):
        result = self.run_ok('var bars = new CategoryChartBuilder().width(200).height(150).build();\n'
                             'bars.addSeries("n", List.of("a", "b"), List.of(1, 2));\nbars')
        self.assert_png(result.value)

    def test_tablesaw_table_is_html_and_text(self):
        result = self.run_ok('Table.create("nums").addColumns(IntColumn.create("n", 1, 2, 3), StringColumn.create("s", "a", "<b>", "c"))')
        html = result.value["text/html"]
        self.assertIn("<table", html)
        self.assertIn("<th>n</th>", html)
        self.assertIn("<td>&lt;b&gt;</td>", html)
        self.assertIn("nums", result.value["text/plain"])

    def test_value_with_public_to_html_is_shown_as_html(self):
        result = self.run_ok('public class Fancy { public String toHtml() { return "<b>fancy</b>"; } }\nnew Fancy()')
        self.assertEqual("<b>fancy</b>", result.value["text/html"])
        self.assertIn("text/plain", result.value)

    def test_registered_renderer_applies_to_display_and_last_value(self):
        result = self.run_ok('record Point(int x, int y) {}\n'
                             'Display.register(Point.class, p -> Map.of("text/html", "<i>" + p.x() + "," + p.y() + "</i>"));\n'
                             'display(new Point(1, 2));\nnew Point(3, 4)')
        self.assertEqual("<i>1,2</i>", result.displays[0]["text/html"])
        self.assertEqual("<i>3,4</i>", result.value["text/html"])


class NotebookKitTest(KernelTestCase):

    def test_a_progress_bar_is_one_display_updated_in_place_until_all_done(self):
        result = self.run_ok('int sum = 0;\n'
                             'for (int i : Progress.track(java.util.stream.IntStream.range(0, 30).boxed().toList(), 30, "steps")) {\n'
                             '    Thread.sleep(10); sum += i;\n'
                             '}\n'
                             'sum')
        shown = result.outputs("display_data")
        updates = result.outputs("update_display_data")
        self.assertEqual(1, len(shown), result)
        display_id = shown[0]["transient"]["display_id"]
        self.assertIn("<progress", shown[0]["data"]["text/html"])
        self.assertTrue(updates, "the bar was updated in place")
        self.assertEqual({display_id}, {u["transient"]["display_id"] for u in updates})
        self.assertIn("30/30 (100%)", updates[-1]["data"]["text/plain"])
        self.assertEqual("435", result.text)

    def test_a_timeline_of_a_pool_run_in_a_cell_shows_as_a_gantt_chart_image(self):
        result = self.run_ok('var timeline = new Timeline();\n'
                             'try (var ex = new ThreadPoolExecutor(2)) {\n'
                             '    timeline.watch(ex);\n'
                             '    for (var f : List.of(ex.submit(() -> 1), ex.submit(() -> 2), ex.submit(() -> 3))) f.result();\n'
                             '}\n'
                             'timeline.gantt()')
        png = base64.b64decode(result.value["image/png"])
        self.assertEqual(b"\x89PNG", png[:4])
        self.assertGreater(len(png), 2000)
        self.assertIn("Which worker ran which task", result.text)


class TimeMagicTest(KernelTestCase):

    def test_time_prints_cpu_and_wall_time_and_keeps_the_value(self):
        result = self.run_ok("%time Thread.sleep(300)")
        self.assertRegex(result.stdout, r"CPU times: user \S+ \S+, sys \S+ \S+, total \S+ \S+\n")
        wall = re.search(r"Wall time: ([\d.]+) (s|ms)\n", result.stdout)
        self.assertIsNotNone(wall, result.stdout)
        seconds = float(wall.group(1)) / (1000 if wall.group(2) == "ms" else 1)
        self.assertGreaterEqual(seconds, 0.3)
        self.assertLess(seconds, 5)
        self.assertEqual("42", self.run_ok("%time 6 * 7").text)

    def test_time_counts_cpu_of_busy_code(self):
        result = self.run_ok("%time long spin = 0; for (long i = 0; i < 3_000_000_000L; i++) { spin += i; }", timeout=120)
        total = re.search(r"total ([\d.]+) (s|ms)", result.stdout)
        self.assertIsNotNone(total, result.stdout)
        self.assertGreater(float(total.group(1)) / (1000 if total.group(2) == "ms" else 1), 0.05)

    def test_cell_time_magic_times_the_whole_cell(self):
        result = self.run_ok("%%time\nint half = 21;\nThread.sleep(100);\nhalf * 2")
        self.assertIn("Wall time:", result.stdout)
        self.assertEqual("42", result.text)

    def test_timeit_with_options_reports_loops_and_runs(self):
        result = self.run_ok("%timeit -n 10 -r 3 Math.sqrt(2.0)")
        self.assertRegex(result.stdout, r"^\S+ \S+ ± \S+ \S+ per loop \(mean ± std\. dev\. of 3 runs, 10 loops each\)\n$")

    def test_timeit_chooses_the_loop_count_itself(self):
        result = self.run_ok("%timeit Thread.sleep(30)")
        # 30 ms per loop: autorange tries 1, 2, 5, 10 loops; 10 is the first to take >= 0.2 s.
        self.assertRegex(result.stdout, r"^3\d(\.\d+)? ms ± \S+ \S+ per loop \(mean ± std\. dev\. of 7 runs, 10 loops each\)\n$")

    def test_cell_timeit_runs_setup_once_and_times_the_body(self):
        result = self.run_ok("%%timeit -n 4 -r 2 int[] counter = {0};\ncounter[0]++;\nThread.sleep(5);")
        self.assertRegex(result.stdout, r"of 2 runs, 4 loops each\)")

    def test_timeit_rejects_a_bad_option_value(self):
        result = self.run_error("%timeit -n zero 1+1")
        self.assertIn("-n needs a positive whole number, got 'zero'", plain(result.error))


class ClasspathMagicTest(KernelTestCase):
    kernel_env = {"POOLS4J_MAVEN_CACHE": str(REPO / "target" / "kernel-test-maven-cache")}

    @classmethod
    def setUpClass(cls):
        cls.work = pathlib.Path(tempfile.mkdtemp(prefix="pools4j-jars-"))
        cls._build(cls.work / "greeter", "jartest/Greeter.java",
                   'package jartest; public class Greeter { public static String hello() { return "hello from jar"; } }')
        subprocess.run([jdk25_bin("jar"), "cf", str(cls.work / "greeter.jar"), "-C", str(cls.work / "greeter"), "."],
                       check=True, timeout=60)
        cls._build(cls.work / "classes", "cptest/Answer.java",
                   "package cptest; public class Answer { public static int value() { return 42; } }")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.work, ignore_errors=True)

    @staticmethod
    def _build(out, relative, source):
        src = out.parent / (out.name + "-src") / relative
        src.parent.mkdir(parents=True)
        src.write_text(source)
        subprocess.run([jdk25_bin("javac"), "-d", str(out), str(src)], check=True, timeout=60)

    def test_jars_adds_a_jar_that_later_code_in_the_cell_uses(self):
        result = self.run_ok(f"%jars {self.work / 'greeter.jar'}\njartest.Greeter.hello()")
        self.assertEqual('"hello from jar"', result.text)
        self.assertIn("added to the class path", result.stdout)

    def test_classpath_adds_a_class_directory(self):
        result = self.run_ok(f"%classpath {self.work / 'classes'}\ncptest.Answer.value()")
        self.assertEqual("42", result.text)

    def test_jars_reports_a_missing_file(self):
        result = self.run_error("%jars /no/such/lib.jar")
        self.assertIn("no such file or directory: /no/such/lib.jar", plain(result.error))

    def test_maven_resolves_an_artifact_from_maven_central(self):
        result = self.run_ok('%maven org.apache.commons:commons-lang3:3.17.0\n'
                             'org.apache.commons.lang3.StringUtils.capitalize("pools")', timeout=180)
        self.assertEqual('"Pools"', result.text)
        self.assertIn("added org.apache.commons:commons-lang3:3.17.0", result.stdout)

    def test_maven_reports_an_artifact_that_does_not_exist(self):
        result = self.run_error("%maven io.pools4j.nonexistent:nothing-here:0.0.1", timeout=180)
        self.assertIn("cannot resolve io.pools4j.nonexistent:nothing-here:0.0.1", plain(result.error))


class HelpAndUnknownMagicTest(KernelTestCase):

    def test_help_lists_the_magics_and_the_course_helpers(self):
        out = self.run_ok("%help").stdout
        for item in ("%time", "%%time", "%timeit", "%jars", "%classpath", "%maven", "display(obj)", "Display.register"):
            self.assertIn(item, out)

    def test_unknown_magic_is_named_and_points_to_help(self):
        result = self.run_error("%frobnicate now")
        self.assertIn("unknown magic %frobnicate", result.outputs("error")[0]["evalue"])
        self.assertIn("%help", result.outputs("error")[0]["evalue"])

    def test_unknown_cell_magic_is_named(self):
        result = self.run_error("%%bash\nls")
        self.assertIn("unknown magic %%bash", result.outputs("error")[0]["evalue"])


class CellThreadsTest(KernelTestCase):
    """A cell waits for its own code, not for the threads it starts (a server, a timer, a pool)."""

    def test_two_hundred_cells_in_a_row_that_each_start_a_lasting_thread_all_end(self):
        self.run_ok("var lasting = new java.util.concurrent.CountDownLatch(1);")
        started = time.monotonic()
        for i in range(200):
            self.run_ok('new Thread(() -> { try { lasting.await(); } catch (InterruptedException e) { } }, "lasting-%d").start();' % i,
                        timeout=20)
        elapsed = time.monotonic() - started
        alive = self.run_ok('Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("lasting-")).count()')
        self.assertEqual("200", alive.text, "every cell's thread outlived its cell")
        self.run_ok("lasting.countDown();")
        print("200 cells that each start a lasting thread: %.1f s" % elapsed)

    def test_a_cell_that_starts_a_web_server_ends_and_the_server_answers_the_next_cell(self):
        # Notebook 01's web server: its HTTP-Dispatcher thread hung the cell that started it, now and then.
        self.run_ok("var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(\"127.0.0.1\", 0), 0);\n"
                    "server.createContext(\"/\", x -> { byte[] b = \"hi\".getBytes(); x.sendResponseHeaders(200, b.length); x.getResponseBody().write(b); x.close(); });\n"
                    "server.start();", timeout=20)
        self.assertEqual('"hi"', self.run_ok(
            "new String(java.net.URI.create(\"http://127.0.0.1:\" + server.getAddress().getPort() + \"/\").toURL().openStream().readAllBytes())",
            timeout=20).text)
        self.run_ok("server.stop(0);")


class InterruptTest(KernelTestCase):

    def interrupt_after(self, code, seconds=1.5):
        msg_id = self.kernel.execute_async(code)
        time.sleep(seconds)  # the cell must be running when the interrupt arrives
        started = time.monotonic()
        self.kernel.interrupt()
        result = self.kernel.collect(msg_id, timeout=20)
        self.assertLess(time.monotonic() - started, 10, "interrupt took too long")
        self.assertEqual("error", result.status)
        self.assertIn("interrupted", result.outputs("error")[0]["evalue"])
        return result

    def test_interrupt_stops_a_busy_loop_and_keeps_earlier_variables(self):
        self.run_ok("long spins = 0; String before = \"kept\";")
        self.interrupt_after("while (true) { spins++; }")
        self.assertEqual('"kept true"', self.run_ok('before + " " + (spins > 0)').text)

    def test_interrupt_stops_a_sleep_and_the_next_cell_runs(self):
        self.run_ok("int sleeper = 7;")
        self.interrupt_after("Thread.sleep(60000);")
        self.assertEqual("8", self.run_ok("sleeper + 1").text)

    def test_interrupt_calls_interrupt_all_while_the_cell_is_still_running(self):
        self.run_ok("var calls = new java.util.concurrent.atomic.AtomicInteger();\n"
                    "var cellWasRunning = new java.util.concurrent.atomic.AtomicBoolean();\n"
                    "Thread[] cell = new Thread[1];\n"
                    "Interrupts.Target target = () -> { calls.incrementAndGet(); cellWasRunning.set(cell[0].isAlive()); return 0; };\n"
                    "Interrupts.register(target);")
        # One block, one snippet: each snippet runs on a thread of its own.
        self.interrupt_after("{ cell[0] = Thread.currentThread(); while (true) { Thread.onSpinWait(); } }")
        self.assertEqual('"1 true"', self.run_ok('calls.get() + " " + cellWasRunning.get()').text)

    def test_interrupt_when_idle_changes_nothing(self):
        # Handled before the next cell starts: an interrupt still in flight when a cell starts stops that cell.
        self.kernel.interrupt_and_wait()
        self.assertEqual("3", self.run_ok("1 + 2").text)

    def test_interrupt_during_a_process_pool_result_ends_that_task_and_keeps_the_pool(self):
        self.run_ok("var pool = new ProcessPoolExecutor(1);\n"
                    "long workerPid = pool.submit(() -> ProcessHandle.current().pid()).result();")
        # interrupt_after checks that the waiting cell ended with an error that says it was interrupted.
        self.interrupt_after("pool.submit(() -> { Thread.sleep(60_000); return 0; }).result()", seconds=3)
        # The worker that was running the sleeping task is gone; the pool starts another one.
        self.assertEqual("false", self.run_ok("ProcessHandle.of(workerPid).map(ProcessHandle::isAlive).orElse(false)").text)
        self.assertEqual("2", self.run_ok("pool.submit(() -> 1 + 1).result()").text)
        self.run_ok("pool.shutdown();")


class IdleStandbysTest(KernelTestCase):
    """Once the kernel is idle, FORKSERVER standbys start in the background for the first pool."""

    STANDBY_PIDS = ('ProcessHandle.current().children()'
                    '.filter(p -> p.info().commandLine().orElse("").contains("-Dpools4j.worker=pools4j-forkserver"))'
                    '.map(p -> p.pid()).sorted().toList()')

    def test_an_idle_kernel_starts_standbys_and_the_first_pool_takes_one(self):
        deadline = time.monotonic() + 60
        standbys = "[]"
        while standbys == "[]" and time.monotonic() < deadline:
            time.sleep(4)  # a cell resets the idle time: poll less often than it takes to become idle
            standbys = self.run_ok(self.STANDBY_PIDS).text
        self.assertNotEqual("[]", standbys, "no standby started while the kernel was idle")
        worker = self.run_ok("var first = new ProcessPoolExecutor(1);\n"
                             "long firstWorker = first.submit(() -> ProcessHandle.current().pid()).result();\n"
                             "first.shutdown();\n"
                             "firstWorker").text
        self.assertIn(worker, standbys.strip("[]").split(", "), "a standby started while idle ran the task")


class StandbyReplacementTest(KernelTestCase):
    """A standby a pool took is replaced once the kernel is idle, never while a cell runs."""

    kernel_env = {"POOLS4J_STANDBYS": "1"}

    def standby_count(self):
        pids = self.run_ok(IdleStandbysTest.STANDBY_PIDS).text.strip("[]")
        return len(pids.split(", ")) if pids else 0

    def test_the_replacement_of_a_taken_standby_starts_after_the_cell_not_during_it(self):
        deadline = time.monotonic() + 60
        while self.standby_count() < 1 and time.monotonic() < deadline:
            time.sleep(4)  # a cell resets the idle time: poll less often than it takes to become idle
        self.assertEqual(1, self.standby_count(), "the one standby did not start while the kernel was idle")
        # Without waiting for idleness the replacement would start 250 ms after the take, within the sleep.
        during = self.run_ok("var tookStandby = new ProcessPoolExecutor(1);\n"
                             "tookStandby.submit(() -> 1).result();\n"
                             "Thread.sleep(3000);\n"
                             + IdleStandbysTest.STANDBY_PIDS + ".size()").text
        self.assertEqual("1", during, "a replacement standby started while the cell ran (only the taken one may run)")
        deadline = time.monotonic() + 60
        count = 1
        while count < 2 and time.monotonic() < deadline:
            time.sleep(4)
            count = self.standby_count()
        self.assertEqual(2, count, "no replacement standby started once the kernel was idle")
        self.run_ok("tookStandby.shutdown();")


class IdleStandbysRetireTest(KernelTestCase):
    """POOLS4J_STANDBY_IDLE retires the standbys that no pool took."""

    kernel_env = {"POOLS4J_STANDBY_IDLE": "10", "POOLS4J_STANDBYS": "0"}

    def test_standbys_no_pool_takes_end_after_the_idle_timeout_the_environment_sets(self):
        self.assertEqual("PT10S", self.run_ok("io.pools4j.worker.Forkserver.idleTimeout()").text)
        # Asked for in a cell (the kernel's own start when idle is IdleStandbysTest's), and waited for
        # there, so that the poll below cannot miss them on a loaded machine.
        standbys = self.run_ok("io.pools4j.worker.Forkserver.reserve(1);\n"
                               "long until = System.nanoTime() + 30_000_000_000L;\n"
                               "while (io.pools4j.worker.Forkserver.standbyPids().isEmpty() && System.nanoTime() < until)"
                               " Thread.sleep(10);\n"
                               + IdleStandbysTest.STANDBY_PIDS).text
        self.assertNotEqual("[]", standbys, "no standby started within 30 s")
        deadline = time.monotonic() + 60
        left = standbys
        while left != "[]" and time.monotonic() < deadline:
            time.sleep(2)  # the standbys end 10 s after they were asked for; no event reaches a test
            left = self.run_ok(IdleStandbysTest.STANDBY_PIDS).text
        self.assertEqual("[]", left, "standbys %s still running 60 s after their idle timeout of 10 s" % standbys)


class PortTakenTest(unittest.TestCase):
    """A kernel that cannot bind a port Jupyter chose exits at once, so that Jupyter restarts it on new ports."""

    def test_a_kernel_whose_port_another_process_holds_exits_at_once_saying_so(self):
        import socket
        from jupyter_client.connect import write_connection_file
        with socket.socket() as held, tempfile.TemporaryDirectory() as tmp:
            held.bind(("127.0.0.1", 0))
            held.listen()
            port = held.getsockname()[1]
            connection_file, _ = write_connection_file(str(pathlib.Path(tmp, "kernel.json")), ip="127.0.0.1",
                                                       stdin_port=port)
            kernel = subprocess.run([str(REPO / "kernel" / "pools4j-kernel"), connection_file],
                                    capture_output=True, text=True, timeout=120)
        self.assertEqual(1, kernel.returncode, kernel.stderr[-3000:])
        self.assertIn("cannot listen on the ports of", kernel.stderr)
        self.assertIn("Jupyter starts the kernel again on new ports", kernel.stderr)

    def test_the_test_harness_starts_such_a_kernel_again_on_new_ports(self):
        import socket
        import unittest.mock
        import kernelharness
        managers = []

        class FirstOnAHeldPort(kernelharness.KernelManager):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                managers.append(self)
                if len(managers) == 1:
                    self.cache_ports = False  # else the provisioner picks all five ports itself
                    self.stdin_port = port  # written into the connection file as it is
        with socket.socket() as held:
            held.bind(("127.0.0.1", 0))
            held.listen()
            port = held.getsockname()[1]
            with unittest.mock.patch.object(kernelharness, "KernelManager", FirstOnAHeldPort):
                with Kernel() as kernel:
                    self.assertEqual("2", kernel.execute("1+1").text)
        self.assertEqual(2, len(managers), "the kernel was not started again after it lost its port")


class OrphanTest(unittest.TestCase):

    STARTER = """
import os, sys, time
sys.path.insert(0, %r)
from kernelharness import Kernel
k = Kernel()
print(k.manager.provisioner.pid, flush=True)
print(k.log.name, flush=True)
k.execute("var kept = new ProcessPoolExecutor(1); kept.submit(() -> 1).result()")  # a worker JVM that stays
print("ready", flush=True)
time.sleep(600)
"""

    def test_a_kernel_whose_starter_is_killed_ends_with_its_child_jvms(self):
        starter = subprocess.Popen([sys.executable, "-c", self.STARTER % str(pathlib.Path(__file__).parent)],
                                   stdout=subprocess.PIPE, text=True)
        try:
            kernel_pid = int(starter.stdout.readline())
            kernel_log = pathlib.Path(starter.stdout.readline().strip())
            self.assertEqual("ready", starter.stdout.readline().strip())
            # Its worker JVMs (the idle kernel's forkserver standbys), not a background AOT cache build.
            children = [pid for pid in subprocess.run(["pgrep", "-P", str(kernel_pid)], capture_output=True,
                                                      text=True).stdout.split()
                        if b"io.pools4j.worker.WorkerMain" in pathlib.Path("/proc/%s/cmdline" % pid).read_bytes()]
            self.assertTrue(children, "the kernel's pool has a worker JVM")
        finally:
            starter.kill()  # as a Jupyter server killed with SIGKILL: no shutdown_request reaches the kernel
            starter.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and pathlib.Path("/proc/%d" % kernel_pid).exists():
            time.sleep(0.2)
        kernel_log.unlink(missing_ok=True)  # the killed starter could not remove its kernel's log
        self.assertFalse(pathlib.Path("/proc/%d" % kernel_pid).exists(), "the orphaned kernel still runs")
        time.sleep(2)  # its child JVMs (forkserver standbys) end within a second of it
        for pid in children:
            self.assertFalse(pathlib.Path("/proc/%s" % pid).exists(), "child %s of the kernel still runs" % pid)


class ShutdownTest(unittest.TestCase):

    def test_shutdown_while_a_cell_runs_ends_the_kernel_without_killing_it(self):
        kernel = Kernel()
        kernel.execute_async("while (true) { Thread.onSpinWait(); }")
        time.sleep(1)
        started = time.monotonic()
        kernel.close()
        # jupyter_client kills the kernel after shutdown_wait_time (5 s) if it has not exited.
        self.assertLess(time.monotonic() - started, 4.5, kernel.kernel_log())
        self.assertFalse(kernel.manager.is_alive())


if __name__ == "__main__":
    unittest.main()
