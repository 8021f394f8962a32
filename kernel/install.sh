#!/usr/bin/env bash
# install.sh <jupyter-data-dir>: writes <dir>/kernels/pools4j/kernel.json pointing at this
# checkout's launcher. Nothing is written to the user's own Jupyter directories; make the
# kernel visible with JUPYTER_PATH=<dir>.
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
