#!/usr/bin/env bash
# pools4j against CPython, in one run: peer_bench.py, PeerBench (plain JVM) and kernel_bench.py
# (figures timed inside pools4j kernel cells, through Jupyter's protocol; ipykernel's start too)
# alternately, N times, then tables of medians and ratios with the targets of ARCHITECTURE.md
# ("Performance targets") and of issue 8 section 3 for the kernel cells.
#
#   kernel/bench.sh [--runs N] [--quick] [--cells-only]
#
# --runs N      repetitions of each side (default 3); medians are taken over them
# --quick       one tenth of the sizes, for smoke runs (passed to every side)
# --cells-only  the kernel cells and the CPython groups they are compared with, no PeerBench
# Writes target/bench/benchmarks.md (the tables) and the raw lines target/bench/{cpython,pools4j}.jsonl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
# shellcheck source=lib/jdk.sh
. "$here/lib/jdk.sh"

runs=3
quick=()
cells_only=no
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) [ $# -ge 2 ] || { echo "bench.sh: --runs needs a number" >&2; exit 2; }
                runs="$2"; shift 2 ;;
        --quick) quick=(--quick); shift ;;
        --cells-only) cells_only=yes; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown argument '$1'; usage: kernel/bench.sh [--runs N] [--quick] [--cells-only]" >&2; exit 2 ;;
    esac
done
case "$runs" in ''|*[!0-9]*|0) echo "bench.sh: --runs must be a positive number, got '$runs'" >&2; exit 2 ;; esac

peer="$repo/../shared/bench/python/peer_bench.py"
[ -f "$peer" ] || { echo "bench.sh: CPython peer not found at $peer (expected ../shared/bench/python beside the repository)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench.sh: python3 is needed for the CPython side" >&2; exit 1; }
# The kernel cells are driven through jupyter_client, which Debian installs for /usr/bin/python3.
jupyter_python=/usr/bin/python3
"$jupyter_python" -c 'import jupyter_client' 2>/dev/null || {
    echo "bench.sh: $jupyter_python has no jupyter_client (apt-get install python3-nbclient); the kernel cells need it" >&2; exit 1; }
JAVA_HOME="$(find_jdk25)"
export JAVA_HOME

echo "Building (mvn package, tests skipped) with $JAVA_HOME ..."
(cd "$repo" && mvn -q -DskipTests package) || { echo "bench.sh: the build failed; fix it and run again" >&2; exit 1; }

out="$repo/target/bench"
mkdir -p "$out"
# The kernelspec the kernel cells start, pointing at this checkout's launcher and jar.
bash "$here/install.sh" "$out/jupyter" >/dev/null
: > "$out/cpython.jsonl"
: > "$out/pools4j.jsonl"
# Every group of peer_bench.py, in its order; both sides have them all, so every row compares
# like with like.
groups="primes,balanced,first_result,submit,pool,pipe,queue,sleep_pool,threads_io"
# What the kernel cells are compared with (kernel_bench.py's rows name their CPython twins).
[ "$cells_only" = yes ] && groups="primes,first_result,submit"
for i in $(seq 1 "$runs"); do
    echo "run $i/$runs: CPython ..."
    python3 "$peer" --only "$groups" "${quick[@]}" >> "$out/cpython.jsonl"
    if [ "$cells_only" = no ]; then
        echo "run $i/$runs: pools4j ..."
        # The flags the kernel's JVM has: Agrona's ring buffers (Pipe, Queue) and the futex call.
        "$JAVA_HOME/bin/java" --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
            -cp "$repo/target/pools4j.jar:$repo/target/test-classes" \
            io.pools4j.bench.PeerBench --only "$groups" "${quick[@]}" >> "$out/pools4j.jsonl"
    fi
    echo "run $i/$runs: pools4j kernel cells (and ipykernel's start) ..."
    JUPYTER_PATH="$out/jupyter" "$jupyter_python" "$here/lib/kernel_bench.py" \
        "$out/pools4j.jsonl" "$out/cpython.jsonl" "${quick[@]}" > "$out/kernel_bench.log"
done

python3 "$here/lib/bench_table.py" "$out/cpython.jsonl" "$out/pools4j.jsonl" "$out/benchmarks.md" \
    "date: $(date -u '+%Y-%m-%d %H:%M UTC')" \
    "machine: $(uname -srm), nproc $(nproc), load average at the end: $(uptime | sed 's/.*load average: //')" \
    "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" \
    "python: $(python3 --version 2>&1) (multiprocessing start method spawn)" \
    "command: kernel/bench.sh --runs $runs ${quick[*]}$([ "$cells_only" = yes ] && echo ' --cells-only')"
