#!/usr/bin/python3
"""Executes notebooks headless, top to bottom, and checks their outputs.

    /usr/bin/python3 src/test/python/run_notebooks.py [--kernel pools4j] [--timeout 300]
        [--output-dir DIR] [--counts FILE] notebooks/*.ipynb

Each notebook runs with nbclient on the named kernel (JUPYTER_PATH must let Jupyter find
it; kernel/test.sh sets it) in a temporary copy of its folder, so nothing is written into
the notebooks themselves; executed copies go to --output-dir when given. A cell may run
at most --timeout seconds; a notebook stops at its first failing cell.

Checked values (what notebook authors write)
--------------------------------------------
Checks live in a code cell's metadata, under "pools4j" (in Notebook 6: View > Cell
Toolbar > Edit Metadata):

    "metadata": {
      "pools4j": {
        "expect": ["regex", ...],       every regex must match the cell's text output
        "expect_error": "regex",        the cell must end in an error matching it
        "expect_stderr": "regex",       the cell may write to stderr, and must, matching it
        "expect_mime": ["image/png"]    each MIME type must be in a display or result output
      },
      "tags": ["raises-exception"]      required with expect_error (see below)
    }

- The text output of a cell is its stdout stream text followed by the text/plain of its
  results and displays, in output order. Regexes use Python's `re.search` with DOTALL
  and MULTILINE: `.` crosses lines, `^` and `$` match at the start and end of any line.
  JSON needs backslashes doubled ("\\d+"). Write values that do not depend on wall-clock
  time or on the machine (not "took 1.23 s", not a worker's pid).
- Any error output fails the cell, unless the cell declares `expect_error`; then the error
  is required and its text ("ename: evalue" then the traceback, colours removed) must
  match. Such a cell must also carry the tag `raises-exception`, which makes Jupyter's
  Run All in the browser go on past it (without it, Run All stops there).
- Any stderr output fails the cell unless the cell declares `expect_stderr`.
- A code cell without checks must still run without error and without stderr.
- Unknown keys under "pools4j" fail the notebook, so that a misspelt check is not
  silently skipped.
- Notebooks are committed without outputs: a notebook that has outputs or execution
  counts fails (clear them with Cell > All Output > Clear, then save).
- The notebook's kernelspec, when it names one, must be the kernel it runs on.

Exit status 0 when every notebook passed, 1 otherwise. Each notebook counts as one test
case in --counts (JSON: passed, failed, failures).
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time

import nbformat

# How every regex of the checks is matched.
FLAGS = re.DOTALL | re.MULTILINE
KNOWN_KEYS = {"expect", "expect_error", "expect_stderr", "expect_mime"}
RAISES_TAG = "raises-exception"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Longest excerpt of an output quoted in a failure message.
EXCERPT_CHARS = 1500


def excerpt(text):
    text = text.strip()
    if len(text) > EXCERPT_CHARS:
        text = text[:EXCERPT_CHARS] + "\n... (%d more characters)" % (len(text) - EXCERPT_CHARS)
    return text or "(no output)"


def source_line(cell):
    """The first line of a cell's source, to name the cell in messages."""
    first = cell.get("source", "").strip().splitlines()
    return first[0][:80] if first else "(empty)"


def cell_checks(cell):
    """Reads and validates a cell's pools4j metadata. Returns (checks, problems)."""
    checks = cell.get("metadata", {}).get("pools4j", {})
    problems = []
    if not isinstance(checks, dict):
        return {}, ["metadata 'pools4j' must be an object, found %r" % (checks,)]
    unknown = set(checks) - KNOWN_KEYS
    if unknown:
        problems.append("unknown key(s) %s under metadata 'pools4j'; known: %s"
                        % (sorted(unknown), sorted(KNOWN_KEYS)))
    for key in ("expect", "expect_mime"):
        value = checks.get(key, [])
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append("'%s' must be a list of strings, found %r" % (key, value))
    for key in ("expect_error", "expect_stderr"):
        value = checks.get(key)
        if value is not None and not isinstance(value, str):
            problems.append("'%s' must be a string, found %r" % (key, value))
    regexes = list(checks.get("expect", []) if isinstance(checks.get("expect"), list) else [])
    regexes += [checks[k] for k in ("expect_error", "expect_stderr") if isinstance(checks.get(k), str)]
    for regex in regexes:
        try:
            re.compile(regex)
        except re.error as e:
            problems.append("bad regex %r: %s" % (regex, e))
    if "expect_error" in checks and RAISES_TAG not in cell.get("metadata", {}).get("tags", []):
        problems.append("a cell with 'expect_error' must also have the tag '%s', "
                        "or Run All in the browser stops at it" % RAISES_TAG)
    return checks, problems


def collect_outputs(cell):
    """Splits a cell's outputs into (text, stderr, errors, mime types)."""
    text, stderr, errors, mimes = [], [], [], set()
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            (stderr if out.get("name") == "stderr" else text).append(out.get("text", ""))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            mimes.update(data)
            plain = data.get("text/plain")
            if plain is not None:
                text.append(plain if isinstance(plain, str) else "".join(plain))
                if not text[-1].endswith("\n"):
                    text[-1] += "\n"
        elif kind == "error":
            trace = "\n".join(out.get("traceback", []))
            errors.append(ANSI_ESCAPE.sub("", "%s: %s\n%s" % (out.get("ename", ""), out.get("evalue", ""), trace)))
    return "".join(text), "".join(stderr), errors, mimes


def check_cell(cell):
    """Checks one executed code cell against its metadata. Returns a list of problems."""
    checks, problems = cell_checks(cell)
    if problems:
        return problems
    text, stderr, errors, mimes = collect_outputs(cell)
    expected_error = checks.get("expect_error")
    if expected_error is None:
        problems += ["unexpected error:\n" + excerpt(e) for e in errors]
    elif not errors:
        problems.append("expected an error matching /%s/, but the cell raised none; its output:\n%s"
                        % (expected_error, excerpt(text)))
    elif not any(re.search(expected_error, e, FLAGS) for e in errors):
        problems.append("expected an error matching /%s/, got:\n%s" % (expected_error, excerpt(errors[0])))
    expected_stderr = checks.get("expect_stderr")
    if expected_stderr is None:
        if stderr:
            problems.append("unexpected output to stderr (declare 'expect_stderr' if it is meant):\n"
                            + excerpt(stderr))
    elif not re.search(expected_stderr, stderr, FLAGS):
        problems.append("expected stderr matching /%s/, got:\n%s" % (expected_stderr, excerpt(stderr)))
    for regex in checks.get("expect", []):
        if not re.search(regex, text, FLAGS):
            problems.append("expected output matching /%s/, got:\n%s" % (regex, excerpt(text)))
    for mime in checks.get("expect_mime", []):
        if mime not in mimes:
            problems.append("expected a '%s' output, got only: %s" % (mime, sorted(mimes) or "none"))
    return problems


def check_source_notebook(nb, kernel):
    """Problems of the notebook as committed, before it runs."""
    problems = []
    name = nb.metadata.get("kernelspec", {}).get("name")
    if name is not None and name != kernel:
        problems.append("its kernelspec is '%s', expected '%s' (Kernel > Change kernel, then save)" % (name, kernel))
    dirty = [i + 1 for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    if dirty:
        problems.append("it is committed with outputs in cell(s) %s; clear them "
                        "(Cell > All Output > Clear) and save" % dirty)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            problems += ["cell %d (%s): %s" % (index + 1, source_line(cell), p) for p in cell_checks(cell)[1]]
    return problems


def run_notebook(path, kernel, timeout, output_dir=None):
    """Executes one notebook and checks it. Returns a list of problems (empty: passed)."""
    # Imported here so that the checks above can be used, and tested, without nbclient.
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    problems = check_source_notebook(nb, kernel)
    if problems:
        return problems
    with tempfile.TemporaryDirectory(prefix="pools4j-nb-") as tmp:
        # A copy of the notebook's folder, so that files it reads or writes are beside it
        # and nothing lands in notebooks/.
        workdir = os.path.join(tmp, "work")
        shutil.copytree(os.path.dirname(os.path.abspath(path)), workdir,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, startup_timeout=120,
                                allow_errors=True, interrupt_on_timeout=False,
                                resources={"metadata": {"path": workdir}})
        where = "starting kernel '%s'" % kernel
        try:
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    where = "cell %d (%s)" % (index + 1, source_line(cell))
                    client.execute_cell(cell, index)
                    problems += ["%s: %s" % (where, p) for p in check_cell(cell)]
                    if problems:
                        break
        except CellTimeoutError:
            problems.append("%s: did not finish within %d s" % (where, timeout))
        except DeadKernelError as e:
            problems.append("%s: the kernel died: %s" % (where, e))
        except Exception as e:  # a kernel that does not start, a broken connection, ...
            problems.append("%s: %s: %s" % (where, type(e).__name__, e))
        if output_dir:
            os.makedirs(output_dir, exist_ok=True)
            nbformat.write(nb, os.path.join(output_dir, os.path.basename(path)))
    return problems


# A kernel that exits before it answers (the pools4j kernel does when another process took one of
# the ports jupyter_client chose and freed) is started again on new ports, as Jupyter's restarter
# does (random_ports_until_alive); a kernel that starts but misbehaves is never run twice.
START_ATTEMPTS = 3
DIED_AT_START = "Kernel died before replying to kernel_info"


def run_notebook_starting_again(path, kernel, timeout, output_dir=None):
    """run_notebook, again (up to START_ATTEMPTS in all) while the kernel dies before it answers."""
    for attempt in range(1, START_ATTEMPTS + 1):
        problems = run_notebook(path, kernel, timeout, output_dir)
        died_at_start = len(problems) == 1 and problems[0].startswith("starting kernel") and DIED_AT_START in problems[0]
        if not died_at_start or attempt == START_ATTEMPTS:
            return problems
        print("     the kernel died before it answered (%s); starting it again on new ports, attempt %d of %d"
              % (problems[0], attempt + 1, START_ATTEMPTS), flush=True)
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="+", help=".ipynb files")
    parser.add_argument("--kernel", default="pools4j", help="kernel name (default: pools4j)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds a cell may run (default: 300)")
    parser.add_argument("--output-dir", help="where to write the executed notebooks")
    parser.add_argument("--counts", help="write {passed, failed, failures} as JSON here")
    args = parser.parse_args(argv)

    failures = []
    for path in args.notebooks:
        started = time.monotonic()
        print("RUN  %s (kernel %s)" % (path, args.kernel), flush=True)
        problems = run_notebook_starting_again(path, args.kernel, args.timeout, args.output_dir)
        took = time.monotonic() - started
        if problems:
            failures.append(path)
            print("FAIL %s (%.1f s)" % (path, took))
            for problem in problems:
                print("  - " + problem.replace("\n", "\n    "))
        else:
            print("PASS %s (%.1f s)" % (path, took))
        sys.stdout.flush()
    passed = len(args.notebooks) - len(failures)
    print("notebooks: %d passed, %d failed" % (passed, len(failures)))
    if args.counts:
        with open(args.counts, "w") as f:
            json.dump({"passed": passed, "failed": len(failures), "failures": failures}, f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
