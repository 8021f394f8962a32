"""The open command (bash kernel/course.sh), as a learner runs it: what it prints and what it serves."""
import os
import pathlib
import signal
import socket
import subprocess
import time
import unittest
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[3]
START_TIMEOUT = 600  # it builds the library first


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CourseCommandTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.process = subprocess.Popen(
            ["bash", "kernel/course.sh", "--no-browser", "--port", str(cls.port)], cwd=REPO,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
            start_new_session=True)
        cls.printed = []
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            line = cls.process.stdout.readline()
            if not line:
                break
            cls.printed.append(line.rstrip("\n"))
            if "Open the course:" in line:
                cls.url = line.split("Open the course:", 1)[1].strip()
                cls.printed.append(cls.process.stdout.readline().rstrip("\n"))  # how to stop
                break
        else:
            cls.url = None

    @classmethod
    def tearDownClass(cls):
        if cls.process.poll() is None:
            os.killpg(cls.process.pid, signal.SIGTERM)
            try:
                cls.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(cls.process.pid, signal.SIGKILL)
                cls.process.wait(timeout=30)
        cls.process.stdout.close()

    def started(self):
        self.assertIsNotNone(getattr(self, "url", None), "no URL printed; it printed:\n" + "\n".join(self.printed))

    def test_it_prints_the_url_of_the_first_notebook_and_how_to_stop(self):
        self.started()
        first = "notebooks/00_start_here.ipynb" if (REPO / "notebooks/00_start_here.ipynb").exists() else "tree"
        self.assertTrue(self.url.startswith("http://127.0.0.1:%d/%s?token=" % (self.port, first)), self.url)
        self.assertTrue(any("Ctrl-C" in line for line in self.printed), self.printed)

    def test_it_prints_no_build_noise(self):
        self.started()
        noise = [line for line in self.printed if "WARNING" in line or "sun.misc.Unsafe" in line or "[INFO]" in line]
        self.assertEqual([], noise)

    def test_the_printed_url_is_served(self):
        self.started()
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    self.assertEqual(200, response.status)
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)  # Jupyter binds its port a moment after the line is printed


if __name__ == "__main__":
    unittest.main()
