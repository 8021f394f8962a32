"""The pools4j kernel starts reliably: 50 cold starts in a row, each answering `1+1` with `2`.

Slow (about 50 x 3 s). Run: JUPYTER_PATH=kernel/jupyter /usr/bin/python3 -m unittest discover
-s src/test/python -p 'test_kernel_cold_starts.py' -v
"""
import statistics
import time
import unittest

from kernelharness import Kernel

STARTS = 50


class ColdStartTest(unittest.TestCase):

    def test_fifty_cold_starts_in_a_row_all_answer(self):
        times = []
        failures = []
        for attempt in range(1, STARTS + 1):
            started = time.monotonic()
            try:
                with Kernel() as kernel:
                    result = kernel.execute("1+1", timeout=60)
                    answered = time.monotonic() - started
                    if result.status != "ok" or result.text != "2":
                        failures.append("start %d answered %r" % (attempt, result))
                    times.append(answered)
            except Exception as e:  # a start that never answers must count, not abort the run
                failures.append("start %d failed: %s: %s" % (attempt, type(e).__name__, e))
        print("\ncold starts: %d, failures: %d, median time to first result %.2f s (min %.2f, max %.2f)"
              % (STARTS, len(failures), statistics.median(times), min(times), max(times)))
        self.assertEqual([], failures)


if __name__ == "__main__":
    unittest.main()
