"""Drives the real pools4j kernel over the Jupyter protocol (jupyter_client), for the kernel tests.

JUPYTER_PATH must name the data directory that kernel/install.sh wrote (the default is the
checkout's kernel/jupyter). Every wait has a timeout, so a broken kernel fails a test instead of
hanging it.
"""
import os
import pathlib
import queue
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

REPO = pathlib.Path(__file__).resolve().parents[3]
os.environ.setdefault("JUPYTER_PATH", str(REPO / "kernel" / "jupyter"))

START_TIMEOUT = 90
# How often a kernel that lost one of its ports to another process is started again (see Kernel).
START_ATTEMPTS = 3
# What the pools4j kernel prints when it cannot bind a port of its connection file (KernelMain).
PORT_TAKEN = "cannot listen on the ports of"
DEFAULT_TIMEOUT = 60


def _check_kernelspec(name):
    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        if name != "pools4j":
            raise RuntimeError("kernelspec '%s' not found in JUPYTER_PATH=%s or Jupyter's own paths" % (
                name, os.environ["JUPYTER_PATH"]))
        raise RuntimeError(
            "kernelspec 'pools4j' not found in JUPYTER_PATH=%s; build and install it first: "
            "mvn package -DskipTests && bash kernel/install.sh kernel/jupyter" % os.environ["JUPYTER_PATH"])


class Result:
    """What one execute_request produced: the reply and the iopub messages of that request."""

    def __init__(self, reply, messages):
        self.reply = reply
        self.messages = messages

    @property
    def status(self):
        return self.reply["status"]

    def outputs(self, msg_type):
        return [content for kind, content in self.messages if kind == msg_type]

    def stream(self, name):
        return "".join(c["text"] for c in self.outputs("stream") if c["name"] == name)

    @property
    def stdout(self):
        return self.stream("stdout")

    @property
    def stderr(self):
        return self.stream("stderr")

    @property
    def value(self):
        """The execute_result's data bundle, or None."""
        results = self.outputs("execute_result")
        return results[-1]["data"] if results else None

    @property
    def text(self):
        return self.value["text/plain"] if self.value else None

    @property
    def displays(self):
        return [c["data"] for c in self.outputs("display_data")]

    @property
    def error(self):
        """The traceback of the error output joined into one string (ANSI codes kept), or None."""
        errors = self.outputs("error")
        return "\n".join(errors[-1]["traceback"]) if errors else None

    def __repr__(self):
        return "Result(status=%r, messages=%r)" % (self.status, self.messages)


class Kernel:
    """One running kernel (pools4j's unless named); use as a context manager so it is always shut down."""

    def __init__(self, env=None, kernel_name="pools4j"):
        """Starts the kernel; env adds environment variables for the kernel process.

        A kernel that dies before it answers because another process took one of the ports
        jupyter_client chose (which it frees before the kernel binds them) is started again on new
        ports, as Jupyter's restarter does (random_ports_until_alive); any other failure is raised.
        """
        _check_kernelspec(kernel_name)
        for attempt in range(1, START_ATTEMPTS + 1):
            self.log = tempfile.NamedTemporaryFile(prefix="pools4j-kernel-", suffix=".log", delete=False)
            self.manager = KernelManager(kernel_name=kernel_name)
            self.manager.start_kernel(stdout=self.log, stderr=self.log, env=dict(os.environ, **(env or {})))
            self.client = self.manager.client()
            self.client.start_channels()
            try:
                self.client.wait_for_ready(timeout=START_TIMEOUT)
                return
            except Exception:
                self.close()
                if attempt == START_ATTEMPTS or PORT_TAKEN not in self.final_log:
                    raise
                print("kernelharness: the kernel could not bind a port jupyter_client chose; starting it again on "
                      "new ports (attempt %d of %d)" % (attempt + 1, START_ATTEMPTS), file=sys.stderr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def kernel_log(self):
        """The kernel's stdout and stderr so far (kept after close for failure messages)."""
        if self.log is None:
            return self.final_log
        return pathlib.Path(self.log.name).read_text(errors="replace")

    def close(self):
        """Asks the kernel to shut down (shutdown_request), killing it only if it does not exit."""
        try:
            self.client.stop_channels()
        finally:
            self.manager.shutdown_kernel(now=False)
            self.final_log = self.kernel_log()
            self.log.close()
            os.unlink(self.log.name)
            self.log = None
            # Drop the client now: its __del__ at interpreter exit logs into a torn-down logging.
            self.client = None

    def execute(self, code, timeout=DEFAULT_TIMEOUT):
        msg_id = self.client.execute(code)
        return self._collect(msg_id, timeout)

    def execute_async(self, code):
        return self.client.execute(code)

    def collect(self, msg_id, timeout=DEFAULT_TIMEOUT):
        return self._collect(msg_id, timeout)

    def _collect(self, msg_id, timeout):
        deadline = time.monotonic() + timeout
        messages = []
        while True:
            msg = self._next(self.client.get_iopub_msg, deadline, "iopub idle for %s" % msg_id)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status":
                if msg["content"]["execution_state"] == "idle":
                    break
                continue
            if kind != "execute_input":
                messages.append((kind, msg["content"]))
        reply = self.shell_reply(msg_id, deadline)
        return Result(reply["content"], messages)

    def shell_reply(self, msg_id, deadline):
        while True:
            msg = self._next(self.client.get_shell_msg, deadline, "shell reply to %s" % msg_id)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def request(self, send, timeout=DEFAULT_TIMEOUT):
        """Sends a shell request (send(client) returns its msg_id) and returns the reply content."""
        msg_id = send(self.client)
        return self.shell_reply(msg_id, time.monotonic() + timeout)["content"]

    def interrupt(self):
        self.manager.interrupt_kernel()

    def interrupt_and_wait(self, timeout=DEFAULT_TIMEOUT):
        """Sends interrupt_request on the control channel and waits for the kernel's interrupt_reply.

        interrupt() returns once the request is sent: an execute_request sent right after it can
        start before the kernel has handled the interrupt, which then stops that cell, as it
        should. Waiting for the reply orders the two."""
        msg = self.client.session.msg("interrupt_request", {})
        self.client.control_channel.send(msg)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._next(self.client.get_control_msg, deadline, "interrupt_reply")
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                return reply["content"]

    @staticmethod
    def _next(get, deadline, what):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out waiting for " + what)
        try:
            return get(timeout=remaining)
        except queue.Empty:
            raise TimeoutError("timed out waiting for " + what)
