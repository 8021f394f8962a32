#!/usr/bin/env bash
# The soak: 200 ProcessPoolExecutors opened and closed, a million tiny tasks through one, then 50
# multiprocessing.Pool; the parent JVM's RSS, heap, file descriptors, threads, session
# directories and child JVMs sampled throughout (io.pools4j.bench.Soak). Not part of
# kernel/test.sh: it takes minutes.
#
#   bash kernel/soak.sh [--quick]
#
# --quick   12 pools, 20,000 tasks, 4 multiprocessing pools: a smoke run
# SOAK_JAVA_OPTS: more flags for the soak's JVM; with -XX:NativeMemoryTracking=summary it also
# prints where memory outside the heap went between the baseline and the end
# Prints the samples, each phase's throughput and a verdict; exits 1 when a check fails
# (RSS more than 10% above the baseline taken after the first 20 pools, or fds, threads,
# session directories or child JVMs above it). docs/reliability.md ("Soak") has a run's figures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
# shellcheck source=lib/jdk.sh
. "$here/lib/jdk.sh"

args=()
for a in "$@"; do
    case "$a" in
        --quick) args+=(--quick) ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "soak.sh: unknown argument '$a'; usage: kernel/soak.sh [--quick]" >&2; exit 2 ;;
    esac
done
JAVA_HOME="$(find_jdk25)"
export JAVA_HOME

echo "Building (mvn package, tests skipped) with $JAVA_HOME ..."
(cd "$repo" && mvn -q -DskipTests package) || { echo "soak.sh: the build failed; fix it and run again" >&2; exit 1; }

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(uname -srm), nproc $(nproc), load average: $(uptime | sed 's/.*load average: //')"
echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
# The flags the kernel's JVM has: Agrona's ring buffers (Pipe, Queue) and the futex call. The heap
# is fixed and touched at start, so that RSS growth is memory outside the heap (threads, metaspace,
# compiled code, native buffers) and not G1 growing or returning its heap; a leak of Java objects
# shows in the heap-after-GC check instead.
exec "$JAVA_HOME/bin/java" --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
    -Xms64m -Xmx64m -XX:+AlwaysPreTouch ${SOAK_JAVA_OPTS:-} \
    -cp "$repo/target/pools4j.jar:$repo/target/test-classes" io.pools4j.bench.Soak "${args[@]}"
