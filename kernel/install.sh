#!/usr/bin/env bash
# install.sh <jupyter-data-dir>: writes <dir>/kernels/pools4j/kernel.json pointing at this
# checkout's launcher. Nothing is written to the user's own Jupyter directories; make the
# kernel visible with JUPYTER_PATH=<dir>.
#
# Then builds the kernel JVM's AOT cache for this JDK and jar (kernel/lib/kernel_aot.sh; ~10-30 s,
# once per build of the jar), so that the first kernel starts fast. Without a built jar, or if the
# build fails, the kernel starts without it and builds it in the background on its first start.
# POOLS4J_KERNEL_AOT=off skips it.
set -euo pipefail
KERNEL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -ne 1 ]; then
    echo "usage: $0 <jupyter-data-dir>   e.g. $0 \"$KERNEL_DIR/jupyter\"" >&2
    exit 2
fi
mkdir -p "$1"
DATA_DIR="$(cd "$1" && pwd)"
SPEC_DIR="$DATA_DIR/kernels/pools4j"
mkdir -p "$SPEC_DIR"
# '|' as sed delimiter: the path has slashes, and a '|' in it is not something we support.
sed "s|@LAUNCHER@|$KERNEL_DIR/pools4j-kernel|" "$KERNEL_DIR/kernel.json.template" > "$SPEC_DIR/kernel.json"
echo "installed kernelspec pools4j in $SPEC_DIR (use: JUPYTER_PATH=$DATA_DIR jupyter notebook)"

# shellcheck source=lib/jdk.sh
source "$KERNEL_DIR/lib/jdk.sh"
# shellcheck source=lib/kernel_aot.sh
source "$KERNEL_DIR/lib/kernel_aot.sh"
REPO="$(dirname "$KERNEL_DIR")"
if [ "${POOLS4J_KERNEL_AOT:-auto}" != off ] && [ -f "$REPO/target/pools4j.jar" ] && JDK="$(find_jdk25 2>/dev/null)"; then
    started=$SECONDS
    if p4j_kernel_aot_build "$JDK" "$REPO"; then
        echo "kernel AOT cache: $(p4j_kernel_aot_file "$JDK" "$REPO") ($((SECONDS - started)) s)"
    else
        echo "kernel AOT cache: not built (see $(p4j_kernel_aot_dir)/kernel-aot.log); the kernel starts without it"
    fi
fi
