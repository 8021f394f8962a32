#!/usr/bin/python3
"""Counts test cases for kernel/test.sh's closing line.

    tiers.py surefire COUNTS_FILE REPORT_DIR...   counts what Surefire/Failsafe wrote
    tiers.py unittest COUNTS_FILE TEST_DIR        runs TEST_DIR/test_*.py (stdlib unittest)
    tiers.py check COUNTS_FILE EXIT_CODE LABEL    makes a tier that crashed, ran no test or
                                                  exited non-zero count as a failure
    tiers.py fail COUNTS_FILE REASON              records a tier that could not run
    tiers.py total RESULTS_DIR                    adds up RESULTS_DIR/*.json, lists failures

A counts file is JSON: {"passed": N, "failed": N, "failures": [names]}. A skipped test
counts as neither passed nor failed.
"""

import glob
import json
import os
import sys
import unittest
import xml.etree.ElementTree as ET


def write_counts(path, passed, failures):
    with open(path, "w") as f:
        json.dump({"passed": passed, "failed": len(failures), "failures": failures}, f)


def surefire(counts_file, *report_dirs):
    """Reads TEST-*.xml of Surefire (unit tests) and Failsafe (*IT), case by case."""
    passed, failures = 0, []
    for report in sorted(f for d in report_dirs for f in glob.glob(os.path.join(d, "TEST-*.xml"))):
        for case in ET.parse(report).getroot().iter("testcase"):
            name = "%s.%s" % (case.get("classname"), case.get("name"))
            if case.find("failure") is not None or case.find("error") is not None:
                failures.append(name)
            elif case.find("skipped") is None:
                passed += 1
    write_counts(counts_file, passed, failures)
    return 0


def run_unittests(counts_file, test_dir):
    suite = unittest.defaultTestLoader.discover(test_dir, pattern="test_*.py", top_level_dir=test_dir)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failures = [test.id() for test, _ in result.failures + result.errors + result.unexpectedSuccesses]
    skipped = len(result.skipped)
    write_counts(counts_file, result.testsRun - len(failures) - skipped, failures)
    return 0 if result.wasSuccessful() else 1


def check(counts_file, exit_code, label):
    """A tier's own counts cannot be trusted to tell every failure: fill in what they miss."""
    if not os.path.exists(counts_file):
        write_counts(counts_file, 0, ["%s stopped before reporting (exit %s); see its output above" % (label, exit_code)])
        return 0
    with open(counts_file) as f:
        counts = json.load(f)
    if counts["passed"] + counts["failed"] == 0:
        counts["failures"].append("%s ran no test" % label)
    elif exit_code != "0" and counts["failed"] == 0:
        counts["failures"].append("%s exited %s; see its output above" % (label, exit_code))
    write_counts(counts_file, counts["passed"], counts["failures"])
    return 0


def fail(counts_file, reason):
    write_counts(counts_file, 0, [reason])
    return 0


def total(results_dir):
    """Prints every failure, then 'passed failed' for the shell."""
    passed, failures = 0, []
    for path in sorted(glob.glob(os.path.join(results_dir, "*.json"))):
        with open(path) as f:
            counts = json.load(f)
        tier = os.path.basename(path)[:-len(".json")]
        passed += counts["passed"]
        failures += ["%s: %s" % (tier, name) for name in counts["failures"]]
    if failures:
        print("[pools4j] what failed:", file=sys.stderr)
        for failure in failures:
            print("[pools4j]   " + failure, file=sys.stderr)
    print(passed, len(failures))
    return 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    sys.exit({"surefire": surefire, "unittest": run_unittests, "check": check, "fail": fail, "total": total}[command](*args))
