"""The notebook runner catches what it promises to catch.

The checks are first tested on hand-made executed cells (fast, no kernel), then on the
fixture notebook run on the real pools4j kernel, as committed (it passes) and broken on
purpose (it fails, naming the cell). Needs JUPYTER_PATH to find the kernel 'pools4j'
(kernel/test.sh sets it).
"""

import copy
import json
import os
import tempfile
import unittest
import unittest.mock

import nbformat

import run_notebooks

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "fixtures", "selftest.ipynb")
KERNEL = "pools4j"
CELL_TIMEOUT_S = 120


def executed_cell(outputs, **checks):
    metadata = {"pools4j": checks} if checks else {}
    if "expect_error" in checks:
        metadata["tags"] = ["raises-exception"]
    cell = nbformat.v4.new_code_cell("x", metadata=metadata)
    cell.outputs = [nbformat.NotebookNode(o) for o in outputs]
    return cell


def stdout(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def stderr(text):
    return {"output_type": "stream", "name": "stderr", "text": text}


def result(plain, **more):
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {},
            "data": {"text/plain": plain, **more}}


def error(ename, evalue):
    return {"output_type": "error", "ename": ename, "evalue": evalue,
            "traceback": ["\x1b[0;31m%s\x1b[0m: %s" % (ename, evalue), "\tat REPL.do_it$(#1:1)"]}


class CheckCellTest(unittest.TestCase):
    """check_cell on executed cells made by hand."""

    def assertProblem(self, cell, fragment):
        problems = run_notebooks.check_cell(cell)
        self.assertTrue(any(fragment in p for p in problems),
                        "no problem mentions %r; problems: %r" % (fragment, problems))

    def test_matching_expectations_pass(self):
        cell = executed_cell([stdout("hello 42\n"), result("43")], expect=["hello 42", "^43$"])
        self.assertEqual(run_notebooks.check_cell(cell), [])

    def test_expectations_see_stdout_and_results_across_lines(self):
        cell = executed_cell([stdout("a\n"), result("b")], expect=["a.b"])
        self.assertEqual(run_notebooks.check_cell(cell), [])

    def test_a_wrong_expectation_fails_and_quotes_the_output(self):
        self.assertProblem(executed_cell([result("41")], expect=["^42$"]), "got:\n41")

    def test_an_error_fails_a_cell_without_expect_error(self):
        self.assertProblem(executed_cell([error("java.lang.IllegalStateException", "boom")]),
                           "unexpected error:\njava.lang.IllegalStateException: boom")

    def test_an_expected_error_passes_and_colours_are_ignored(self):
        cell = executed_cell([error("java.lang.IllegalStateException", "boom")],
                             expect_error="IllegalStateException: boom")
        self.assertEqual(run_notebooks.check_cell(cell), [])

    def test_expect_error_requires_an_error(self):
        self.assertProblem(executed_cell([result("1")], expect_error="Boom"), "raised none")

    def test_expect_error_requires_the_matching_error(self):
        self.assertProblem(executed_cell([error("java.lang.ArithmeticException", "/ by zero")],
                                         expect_error="IllegalState"), "ArithmeticException")

    def test_expect_error_requires_the_raises_exception_tag(self):
        cell = executed_cell([error("E", "x")], expect_error="E")
        cell.metadata.tags = []
        self.assertProblem(cell, "raises-exception")

    def test_undeclared_stderr_fails(self):
        self.assertProblem(executed_cell([stderr("warning\n")]), "unexpected output to stderr")

    def test_declared_stderr_passes_and_is_required(self):
        self.assertEqual(run_notebooks.check_cell(executed_cell([stderr("careful\n")], expect_stderr="careful")), [])
        self.assertProblem(executed_cell([], expect_stderr="careful"), "expected stderr")

    def test_expect_mime_requires_the_mime_type(self):
        ok = executed_cell([{"output_type": "display_data", "metadata": {},
                             "data": {"image/png": "iVBOR", "text/plain": "chart"}}], expect_mime=["image/png"])
        self.assertEqual(run_notebooks.check_cell(ok), [])
        self.assertProblem(executed_cell([result("chart")], expect_mime=["image/png"]), "'image/png'")

    def test_a_misspelt_key_fails_rather_than_checking_nothing(self):
        self.assertProblem(executed_cell([result("1")], expected=["2"]), "unknown key")

    def test_a_bad_regex_fails(self):
        self.assertProblem(executed_cell([result("1")], expect=["("]), "bad regex")


class CheckSourceNotebookTest(unittest.TestCase):
    def test_the_fixture_is_clean(self):
        nb = nbformat.read(FIXTURE, as_version=4)
        self.assertEqual(run_notebooks.check_source_notebook(nb, KERNEL), [])

    def test_outputs_in_the_committed_notebook_fail(self):
        nb = nbformat.read(FIXTURE, as_version=4)
        nb.cells[1].outputs = [nbformat.NotebookNode(result("42"))]
        nb.cells[1].execution_count = 1
        problems = run_notebooks.check_source_notebook(nb, KERNEL)
        self.assertTrue(any("committed with outputs in cell(s) [2]" in p for p in problems), problems)

    def test_another_kernelspec_fails(self):
        nb = nbformat.read(FIXTURE, as_version=4)
        nb.metadata.kernelspec.name = "python3"
        problems = run_notebooks.check_source_notebook(nb, KERNEL)
        self.assertTrue(any("kernelspec is 'python3'" in p for p in problems), problems)


class StartingAgainTest(unittest.TestCase):
    """A kernel that died before it answered is started again; no other failure is run twice."""

    DIED = "starting kernel 'pools4j': RuntimeError: " + run_notebooks.DIED_AT_START

    def run_with(self, outcomes):
        calls = []

        def fake_run_notebook(path, kernel, timeout, output_dir=None):
            calls.append(path)
            return outcomes[len(calls) - 1]
        with unittest.mock.patch.object(run_notebooks, "run_notebook", fake_run_notebook):
            problems = run_notebooks.run_notebook_starting_again("n.ipynb", KERNEL, CELL_TIMEOUT_S)
        return problems, len(calls)

    def test_a_kernel_that_died_at_start_is_started_again_and_the_notebook_then_passes(self):
        self.assertEqual(([], 2), self.run_with([[self.DIED], []]))

    def test_a_kernel_that_keeps_dying_at_start_fails_after_the_last_attempt(self):
        self.assertEqual(([self.DIED], run_notebooks.START_ATTEMPTS),
                         self.run_with([[self.DIED]] * run_notebooks.START_ATTEMPTS))

    def test_a_failing_cell_is_not_run_again(self):
        failed = ["cell 3 (x): expected output matching /y/"]
        self.assertEqual((failed, 1), self.run_with([failed, []]))

    def test_a_kernel_that_does_not_answer_in_time_is_not_started_again(self):
        hung = ["starting kernel 'pools4j': RuntimeError: Kernel didn't respond in 120 seconds"]
        self.assertEqual((hung, 1), self.run_with([hung, []]))


class RunFixtureOnTheKernelTest(unittest.TestCase):
    """The fixture on the real kernel: passes as committed, fails when broken."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="pools4j-selftest-")
        self.nb = nbformat.read(FIXTURE, as_version=4)

    def tearDown(self):
        self.tmp.cleanup()

    def run_variant(self, name, nb=None):
        path = os.path.join(self.tmp.name, name + ".ipynb")
        nbformat.write(nb or self.nb, path)
        return run_notebooks.run_notebook(path, KERNEL, CELL_TIMEOUT_S)

    def cell_with(self, fragment):
        return next(c for c in self.nb.cells if fragment in c.source)

    def test_the_fixture_passes_as_committed(self):
        self.assertEqual(self.run_variant("good"), [])

    def test_a_wrong_expectation_is_caught(self):
        self.cell_with("hello").metadata.pools4j.expect = ["hello 41"]
        problems = self.run_variant("wrong_expectation")
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("cell 3 (System.out.println(\"hello \" + answer);): expected output matching /hello 41/",
                      problems[0])
        self.assertIn("hello 42", problems[0])

    def test_an_unexpected_error_is_caught(self):
        self.nb.cells.insert(2, nbformat.v4.new_code_cell('Integer.parseInt("forty-two")'))
        problems = self.run_variant("unexpected_error")
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("cell 3 (Integer.parseInt(\"forty-two\")): unexpected error", problems[0])
        self.assertIn("NumberFormatException", problems[0])

    def test_an_expected_error_that_does_not_happen_is_caught(self):
        self.cell_with("throw new").source = 'String boom = "no error";'
        problems = self.run_variant("missing_error")
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("raised none", problems[0])

    def test_the_command_counts_each_notebook_and_exits_non_zero(self):
        good = os.path.join(self.tmp.name, "good.ipynb")
        nbformat.write(self.nb, good)
        broken = copy.deepcopy(self.nb)
        broken.cells[1].metadata.pools4j.expect = ["^41$"]
        bad = os.path.join(self.tmp.name, "bad.ipynb")
        nbformat.write(broken, bad)
        counts = os.path.join(self.tmp.name, "counts.json")
        code = run_notebooks.main(["--kernel", KERNEL, "--timeout", str(CELL_TIMEOUT_S), "--counts", counts, good, bad])
        self.assertEqual(code, 1)
        with open(counts) as f:
            self.assertEqual(json.load(f), {"passed": 1, "failed": 1, "failures": [bad]})
        # The runner worked on copies: the notebooks it ran are still without outputs.
        for path in (good, bad):
            self.assertEqual(run_notebooks.check_source_notebook(nbformat.read(path, as_version=4), KERNEL), [])


if __name__ == "__main__":
    unittest.main()
