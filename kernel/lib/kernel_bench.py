#!/usr/bin/env python3
"""pools4j measured where users are: in kernel cells, through Jupyter's protocol.

Usage: kernel_bench.py POOLS4J_JSONL PYTHON_JSONL [--quick] [--only spawn,forkserver,notebook03,ipykernel]

Starts the pools4j kernel from its kernelspec (src/test/python/kernelharness.py, so JUPYTER_PATH
must name the directory kernel/install.sh wrote), defines the task function in a cell as a learner
does (`long sq(long x)`, called through a lambda), and times each figure inside one cell, so that
neither Jupyter's round trips nor JShell's compiling of the cell are counted. Each timed cell is one block
statement: JShell compiles and runs a cell's statements one at a time, so a clock started in one statement
would also count javac compiling the statements after it (26 to 180 ms each, measured in a warm kernel). Appends one JSON line
per figure to POOLS4J_JSONL, in peer_bench.py's format; the one figure with a Python twin of its
own (ipykernel's start to first result) goes to PYTHON_JSONL. The other rows are compared with
peer_bench.py's figures of the same run by bench_table.py.

Kernels, each fresh (--only names them; default all, in this order):
  spawn       POOLS4J_STANDBYS=0 (SPAWN pools need no standbys; none start in the background of these timings):
     kernel_start_first_result_s   launch to the value of `1+1` (ipykernel's the same way, if installed)
     kernel_spawn_first_result_ms  the kernel's first pool: new SPAWN ProcessPoolExecutor(2), submit, result
     kernel_spawn_next_result_ms   a later SPAWN pool the same way (the kernel's own code is warm, as
                                   peer_bench.py's process is when it times its first result)
     kernel_submit_per_s_new_pool  a new SPAWN pool, submit(sq, 1).result(), then 20,000 submit + every result
                                   (peer_bench.py's submit_per_s, step for step)
     kernel_submit_per_s_warm      the same pool after three more such rounds
  forkserver  the kernel's defaults (the fork server's standbys start once it has been idle 2 s):
     kernel_first_pool_idle_ms     new ProcessPoolExecutor(2) (FORKSERVER) to its first result, after 6 s idle
     kernel_later_pool_ms          the same in the next cell, 3 s later
  notebook03  the kernel's defaults: notebook 03's code cells, top to bottom (Run All: no idle time between
              cells), up to the cell that times PRIMES 36 times over:
     kernel_nb03_seq_s, kernel_nb03_threads2_s, kernel_nb03_processes2_s, kernel_nb03_process_speedup
     kernel_nb03_long_process_speedup   the same on the 216 tasks of the longer work (about as long as CPython takes for PRIMES once)
  ipykernel   ipykernel's launch to the value of `1+1`, if its kernelspec (python3) is installed
  start       (not in the default run) three fresh kernels, one after the other, for the kernel JVM's AOT cache:
     kernel_start_aot_s            launch to the value of `1+1` with the cache (kernel/install.sh builds it)
     kernel_start_no_aot_s         the same with POOLS4J_KERNEL_AOT=off
     kernel_start_ipykernel_s      ipykernel's the same way, if installed
     kernel_start_cpu_*_s          each kernel process's CPU seconds (all threads) by then, read by a second cell
     Run it in a loop for medians: `for i in 1 2 3 4 5; do kernel_bench.py A B --only start; done` interleaves
     the three, so that the machine's load hits each alike (docs/worker-startup.md, "The kernel JVM").
"""
import argparse
import json
import pathlib
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src" / "test" / "python"))

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # noqa: E402
from kernelharness import Kernel  # noqa: E402

NOTEBOOK_03 = REPO / "notebooks" / "03_process_pool_executor.ipynb"
CELL_TIMEOUT = 300

# `figure` receives each timed block's result; the cell's value is read after the block.
DEFINE_SQ = "long sq(long x) { return x * x; }\ndouble figure;"
SPAWN_POOL = "ProcessPoolExecutor.builder().maxWorkers(2).startMethod(StartMethod.SPAWN).build()"

# One round of peer_bench.py's submit workload, timed inside the cell; the cell's value is tasks/s.
SUBMIT_ROUND = """
{
    long t0 = System.nanoTime();
    List<Future<Long>> fs = new ArrayList<>(%(n)d);
    for (long i = 0; i < %(n)d; i++) {
        fs.add(ex.submit(x -> sq(x), i));
    }
    for (Future<Long> f : fs) {
        f.result();
    }
    figure = %(n)d / ((System.nanoTime() - t0) / 1e9);
}
figure
"""

# A new pool to its first result, timed inside the cell; closed after the timing; value in ms.
FIRST_RESULT = """
{
    long t0 = System.nanoTime();
    var pool = %(pool)s;
    pool.submit(x -> sq(x), 3L).result();
    figure = (System.nanoTime() - t0) / 1e6;
    pool.shutdown();
}
figure
"""


class Bench:
    def __init__(self, pools4j_out, python_out):
        self.pools4j_out = pools4j_out
        self.python_out = python_out

    def emit(self, path, bench, value, unit):
        line = json.dumps({"bench": bench, "value": value, "unit": unit, "where": "kernel cell"})
        print(line, flush=True)
        with open(path, "a") as f:
            f.write(line + "\n")

    def pools4j(self, bench, value, unit):
        self.emit(self.pools4j_out, bench, value, unit)


def number(kernel, code):
    """Runs a cell whose value is a number and returns it; a failed cell stops the bench with its error."""
    result = kernel.execute(code, timeout=CELL_TIMEOUT)
    if result.status != "ok" or result.text is None:
        raise RuntimeError("bench cell failed: %s\n%s\nkernel log:\n%s"
                           % (code, result.error or result, kernel.kernel_log()[-3000:]))
    return float(result.text.strip('"'))


def run(kernel, code):
    result = kernel.execute(code, timeout=CELL_TIMEOUT)
    if result.status != "ok":
        raise RuntimeError("bench cell failed: %s\n%s" % (code, result.error or result))
    return result


def start_to_first_result(**kernel_args):
    """Seconds from launching a kernel to the value of `1+1`, and the kernel (still running)."""
    started = time.monotonic()
    kernel = Kernel(**kernel_args)
    result = kernel.execute("1+1", timeout=CELL_TIMEOUT)
    took = time.monotonic() - started
    if result.text != "2":
        kernel.close()
        raise RuntimeError("kernel %r answered 1+1 with %r" % (kernel_args, result))
    return took, kernel


def spawn_kernel(bench, n):
    took, kernel = start_to_first_result(env={"POOLS4J_STANDBYS": "0"})
    with kernel:
        bench.pools4j("kernel_start_first_result_s", took, "s")
        run(kernel, DEFINE_SQ)
        bench.pools4j("kernel_spawn_first_result_ms", number(kernel, FIRST_RESULT % {"pool": SPAWN_POOL}), "ms")
        bench.pools4j("kernel_spawn_next_result_ms", number(kernel, FIRST_RESULT % {"pool": SPAWN_POOL}), "ms")
        run(kernel, "var ex = %s;\nex.submit(x -> sq(x), 1L).result();" % SPAWN_POOL)
        try:
            bench.pools4j("kernel_submit_per_s_new_pool", number(kernel, SUBMIT_ROUND % {"n": n}), "tasks/s")
            for _ in range(3):
                number(kernel, SUBMIT_ROUND % {"n": n})
            bench.pools4j("kernel_submit_per_s_warm", number(kernel, SUBMIT_ROUND % {"n": n}), "tasks/s")
        finally:
            run(kernel, "ex.shutdown();")


def forkserver_kernel(bench, n):
    with Kernel() as kernel:
        run(kernel, DEFINE_SQ)
        time.sleep(6)
        bench.pools4j("kernel_first_pool_idle_ms",
                      number(kernel, FIRST_RESULT % {"pool": "new ProcessPoolExecutor(2)"}), "ms")
        time.sleep(3)
        bench.pools4j("kernel_later_pool_ms", number(kernel, FIRST_RESULT % {"pool": "new ProcessPoolExecutor(2)"}), "ms")


# The kernel process's CPU seconds so far (all its threads: the JIT's and the GC's too), read by a cell.
CPU_SECONDS = {
    "pools4j": "ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e9",
    "python3": "import resource; r = resource.getrusage(resource.RUSAGE_SELF); r.ru_utime + r.ru_stime",
}


def start_kernels(bench, n):
    """Each kernel launched to the value of `1+1`, wall and CPU; the CPU figure barely depends on the load."""
    kernels = [("aot", "pools4j", {}), ("no_aot", "pools4j", {"POOLS4J_KERNEL_AOT": "off"})]
    try:
        KernelSpecManager().get_kernel_spec("python3")
        kernels.append(("ipykernel", "python3", {}))
    except NoSuchKernel:
        print("kernel_bench: no 'python3' kernelspec (ipykernel) here; its start is not measured", flush=True)
    for label, name, env in kernels:
        took, kernel = start_to_first_result(kernel_name=name, env=env)
        try:
            cpu = number(kernel, CPU_SECONDS[name])
        finally:
            kernel.close()
        bench.pools4j("kernel_start_%s_s" % label, took, "s")
        bench.pools4j("kernel_start_cpu_%s_s" % label, cpu, "s")


def notebook_03_cells():
    """Notebook 03's code cells in order, up to and including the one that times the longer work."""
    cells = [("".join(c["source"])) for c in json.loads(NOTEBOOK_03.read_text())["cells"] if c["cell_type"] == "code"]
    for i, source in enumerate(cells):
        if "longProcessSeconds =" in source:
            return cells[: i + 1]
    raise RuntimeError("%s has no cell that sets longProcessSeconds; kernel_bench.py reads the lesson's timings from "
                       "sequentialSeconds, threadSeconds, processSeconds, longSequentialSeconds and "
                       "longProcessSeconds" % NOTEBOOK_03)


def notebook03_kernel(bench, n):
    with Kernel() as kernel:
        for source in notebook_03_cells():
            run(kernel, source)
        seq = number(kernel, "sequentialSeconds")
        threads = number(kernel, "threadSeconds")
        processes = number(kernel, "processSeconds")
        long_seq = number(kernel, "longSequentialSeconds")
        long_processes = number(kernel, "longProcessSeconds")
    bench.pools4j("kernel_nb03_seq_s", seq, "s")
    bench.pools4j("kernel_nb03_threads2_s", threads, "s")
    bench.pools4j("kernel_nb03_processes2_s", processes, "s")
    bench.pools4j("kernel_nb03_process_speedup", seq / processes, "ratio")
    bench.pools4j("kernel_nb03_long_process_speedup", long_seq / long_processes, "ratio")


def ipykernel(bench, n):
    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        print("kernel_bench: no 'python3' kernelspec (ipykernel) here; its start is not measured", flush=True)
        return
    took, kernel = start_to_first_result(kernel_name="python3")
    kernel.close()
    bench.emit(bench.python_out, "kernel_start_first_result_s", took, "s")


def main():
    parser = argparse.ArgumentParser(description="pools4j measured in kernel cells")
    parser.add_argument("pools4j_jsonl")
    parser.add_argument("python_jsonl")
    parser.add_argument("--quick", action="store_true", help="2,000 tasks per submit round instead of 20,000")
    parser.add_argument("--only", default=",".join(DEFAULT_KERNELS),
                        help="kernels to run, of: %s (default: %s)" % (", ".join(KERNELS), ",".join(DEFAULT_KERNELS)))
    args = parser.parse_args()
    chosen = args.only.split(",")
    unknown = [k for k in chosen if k not in KERNELS]
    if unknown:
        parser.error("unknown kernel(s) %s in --only; choose from %s" % (unknown, ", ".join(KERNELS)))
    bench = Bench(args.pools4j_jsonl, args.python_jsonl)
    n = 2000 if args.quick else 20000
    for name in chosen:  # in the order given, so that a loop can interleave them
        KERNELS[name](bench, n)


KERNELS = {"spawn": spawn_kernel, "forkserver": forkserver_kernel, "notebook03": notebook03_kernel,
           "ipykernel": ipykernel, "start": start_kernels}
DEFAULT_KERNELS = ["spawn", "forkserver", "notebook03", "ipykernel"]

if __name__ == "__main__":
    main()
