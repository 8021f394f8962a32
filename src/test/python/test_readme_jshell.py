"""The README's plain-jshell lines, typed into the JDK 25 jshell tool as a reader would type them."""
import pathlib
import re
import subprocess
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parents[3]


def jdk25_home():
    return subprocess.run(["bash", "-c", "source kernel/lib/jdk.sh && find_jdk25"], cwd=REPO,
                          capture_output=True, text=True, timeout=30, check=True).stdout.strip()


def readme_jshell_block():
    """The command line and the `jshell>` lines of the README's plain-jshell example."""
    text = (REPO / "README.md").read_text()
    block = re.search(r"\*\*Plain `jshell`\*\*.*?```bash\n(.*?)```", text, re.S).group(1).splitlines()
    command = block[0].split()
    lines = [line[len("jshell> "):] for line in block[1:] if line.startswith("jshell> ")]
    return command, lines


class ReadmeJshellTest(unittest.TestCase):

    def run_jshell(self, extra_lines, extra_options=()):
        command, lines = readme_jshell_block()
        self.assertEqual("jshell", command[0])
        script = "\n".join(lines + extra_lines + ["/exit"]) + "\n"
        jshell = str(pathlib.Path(jdk25_home(), "bin", "jshell"))
        done = subprocess.run([jshell, "--feedback", "concise"] + command[1:] + list(extra_options), cwd=REPO, input=script,
                              capture_output=True, text=True, timeout=300)
        return done.stdout + done.stderr

    def test_the_readme_lines_run_and_print_their_results(self):
        out = self.run_jshell([])
        self.assertIn("42", out)
        self.assertIn("[1, 4, 9]", out)
        self.assertNotRegex(out, r"(?i)error|exception|ambiguous")

    def test_the_pools4j_names_survive_a_later_star_import_of_the_jdk(self):
        out = self.run_jshell([
            "import java.util.concurrent.*; import java.util.concurrent.locks.*;",
            'System.out.println(String.join(" ", ThreadPoolExecutor.class.getName(), Future.class.getName(), '
            'Executor.class.getName(), Semaphore.class.getName(), Queue.class.getName(), Process.class.getName(), '
            'Lock.class.getName(), Condition.class.getName(), Array.class.getName()))'])
        names = "io.pools4j.futures.ThreadPoolExecutor io.pools4j.futures.Future io.pools4j.futures.Executor " \
                "io.pools4j.multiprocessing.Semaphore io.pools4j.multiprocessing.Queue io.pools4j.multiprocessing.Process " \
                "io.pools4j.multiprocessing.Lock io.pools4j.multiprocessing.Condition io.pools4j.multiprocessing.Array"
        self.assertIn(names, out)
        self.assertNotRegex(out, r"(?i)error|ambiguous")


    def test_in_plain_jshell_a_chart_is_saved_as_a_png_and_its_path_printed(self):
        with tempfile.TemporaryDirectory(prefix="pools4j-charts-") as charts:  # nothing left in the shared default
            out = self.run_jshell([
                "import io.pools4j.notebook.*;",
                'Notebook.show(Charts.compare("in plain jshell", "seconds", Map.of("one", 1.0, "two", 2.0)))'],
                ["-R-Dpools4j.charts.dir=" + charts])
            match = re.search(r"chart saved: (\S+\.png)", out)
            self.assertIsNotNone(match, out)
            png = pathlib.Path(match.group(1))
            self.assertEqual(pathlib.Path(charts), png.parent)
            self.assertEqual(b"\x89PNG", png.read_bytes()[:4])


if __name__ == "__main__":
    unittest.main()
