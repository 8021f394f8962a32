#!/usr/bin/env python3
"""Side-by-side table of peer_bench.py (CPython) and PeerBench (pools4j) results.

Usage: bench_table.py PY_JSONL JAVA_JSONL OUT_MD HEADER_LINE...

Each JSONL file holds the lines of N runs; the table shows per workload the medians, the ratio
pools4j/CPython (and which direction is better), the target of ARCHITECTURE.md
("Performance targets") and whether it is met. Rows named kernel_* (kernel_bench.py: figures
timed in pools4j kernel cells) make a second table, each beside the CPython row it is compared
with and the target of issue 8 section 3. Prints the tables and writes them as Markdown.
"""
import json
import statistics
import sys

# workload -> (better, target kind, target value, target text), from ARCHITECTURE.md.
# kind "ratio": pools4j/CPython compared with the value; "abs": the pools4j median itself.
TARGETS = {
    "primes_seq_s": ("lower", None, None, "-"),
    "primes_par2_s": ("lower", None, None, "-"),
    "balanced_speedup": ("higher", None, None, "-"),
    "balanced_speedup_1s": ("higher", "abs", 1.9, ">= 1.9"),
    "pool_first_result_ms": ("lower", "ratio", 1.0, "<= 1x CPython"),
    "pool_first_result_ms_forkserver": ("lower", "abs", 10.0, "<= 10 ms (warm)"),
    "worker_first_result_ms": ("lower", "ratio", 1.0, "(runtime only) <= 1x"),
    "submit_per_s": ("higher", "ratio", 10.0, ">= 10x CPython"),
    "map_items_per_s": ("higher", "ratio", 5.0, ">= 5x CPython"),
    "apply_async_per_s": ("higher", "ratio", 5.0, ">= 5x CPython"),
    "apply_per_s": ("higher", "ratio", 5.0, ">= 5x CPython"),
    "pipe_roundtrip_us": ("lower", "ratio", 0.2, "<= 0.2x CPython"),
    "pipe_bulk_mib_s": ("higher", "ratio", 5.0, ">= 5x CPython"),
    "queue_msgs_per_s": ("higher", "ratio", 10.0, ">= 10x CPython"),
    "sleep_pool_s": ("lower", "abs", 0.42, "<= 0.42 s"),
    "threads_io_s": ("lower", "abs", 0.12, "<= 0.12 s"),
}
# Kernel-cell rows (kernel_bench.py), with the targets of issue 8 section 3.
TARGETS.update({
    "kernel_start_first_result_s": ("lower", "ratio", 1.0, "<= 1x ipykernel"),
    "kernel_spawn_first_result_ms": ("lower", "ratio", 1.0, "<= 1x CPython"),
    "kernel_spawn_next_result_ms": ("lower", "ratio", 1.0, "<= 1x CPython"),
    "kernel_submit_per_s_new_pool": ("higher", "ratio", 5.0, ">= 5x CPython"),
    "kernel_submit_per_s_warm": ("higher", "ratio", 10.0, ">= 10x CPython"),
    "kernel_first_pool_idle_ms": ("lower", "abs", 30.0, "<= 30 ms"),
    "kernel_later_pool_ms": ("lower", "abs", 10.0, "<= 10 ms"),
    "kernel_nb03_seq_s": ("lower", None, None, "-"),
    "kernel_nb03_threads2_s": ("lower", None, None, "-"),
    "kernel_nb03_processes2_s": ("lower", None, None, "-"),
    "kernel_nb03_process_speedup": ("higher", "abs", 1.5, ">= 1.5"),
    "kernel_nb03_long_process_speedup": ("higher", None, None, "-"),
})
# Java-only rows and the CPython row they are compared with.
PEER = {"worker_first_result_ms": "pool_first_result_ms", "pool_first_result_ms_forkserver": "pool_first_result_ms",
        "kernel_spawn_first_result_ms": "pool_first_result_ms", "kernel_spawn_next_result_ms": "pool_first_result_ms",
        "kernel_submit_per_s_new_pool": "submit_per_s", "kernel_submit_per_s_warm": "submit_per_s",
        "kernel_first_pool_idle_ms": "pool_first_result_ms", "kernel_later_pool_ms": "pool_first_result_ms",
        "kernel_nb03_seq_s": "primes_seq_s", "kernel_nb03_processes2_s": "primes_par2_s"}
# A kernel row whose twin is missing on the Python side, and what the table says instead.
MISSING_TWIN = {"kernel_start_first_result_s": "no ipykernel kernelspec here: not compared"}


def load(path):
    values, units = {}, {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                values.setdefault(row["bench"], []).append(row["value"])
                units[row["bench"]] = row["unit"]
    return values, units


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}" if abs(v) < 1 else f"{v:.2f}"


def rows_of(names, py, py_units, jv, jv_units, kernel):
    rows = []
    for name in names:
        unit = py_units.get(name) or jv_units.get(name)
        twin = PEER.get(name, name)
        c_vals = py.get(twin)
        c = statistics.median(c_vals) if c_vals else None
        j = statistics.median(jv[name]) if name in jv else None
        better, kind, target, text = TARGETS.get(name, ("?", None, None, "-"))
        ratio = j / c if (j is not None and c) else None
        if j is None:
            met = "not yet implemented"
        elif kind == "ratio" and ratio is None and name in MISSING_TWIN:
            met = MISSING_TWIN[name]
        elif kind is None:
            met = "-"
        else:
            got = ratio if kind == "ratio" else j
            ok = got is not None and (got >= target if better == "higher" else got <= target)
            met = "met" if ok else "not met"
        runs = f"{len(c_vals) if c_vals else 0}/{len(jv.get(name, []))}"
        row = [name, unit, fmt(c), fmt(j), (fmt(ratio) + "x") if ratio is not None else "-", better, text, met, runs]
        if kernel:
            row.insert(2, "ipykernel" if twin == "kernel_start_first_result_s" else (twin if twin in TARGETS and twin != name else "-"))
        rows.append(row)
    return rows


def table(title, cols, rows, out):
    widths = [max(len(str(r[i])) for r in rows + [cols]) for i in range(len(cols))]
    print()
    print(title)
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
    for r in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(r, widths)))
    out.write(f"\n{title}\n\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n")
    for r in rows:
        out.write("| " + " | ".join(str(x) for x in r) + " |\n")


def main():
    py_path, java_path, out_md = sys.argv[1:4]
    header = sys.argv[4:]
    py, py_units = load(py_path)
    jv, jv_units = load(java_path)
    kernel_names = [n for n in jv if n.startswith("kernel_")]
    plain_names = [n for n in list(py) + list(jv) if not n.startswith("kernel_")]
    plain_names = list(dict.fromkeys(plain_names)) if any(not n.startswith("kernel_") for n in jv) else []
    cols = ["workload", "unit", "CPython median", "pools4j median", "pools4j/CPython", "better",
            "target", "met?", "runs (py/java)"]
    for line in header:
        print(line)
    with open(out_md, "w") as f:
        for line in header:
            f.write(f"- {line}\n")
        if plain_names:
            table("Plain JVM (PeerBench) beside CPython (peer_bench.py):", cols,
                  rows_of(plain_names, py, py_units, jv, jv_units, kernel=False), f)
        if kernel_names:
            kcols = cols[:2] + ["CPython row"] + cols[2:]
            table("Kernel cells (kernel_bench.py, each figure timed inside one cell) beside CPython:", kcols,
                  rows_of(kernel_names, py, py_units, jv, jv_units, kernel=True), f)
    print(f"\nMarkdown: {out_md}")


if __name__ == "__main__":
    main()
