#!/usr/bin/env bash
# Opens the pools4j course: Jupyter Notebook on notebooks/, with the pools4j Java kernel.
#
#   bash kernel/course.sh [--port N] [--no-browser]
#
#   --port N       the port on 127.0.0.1 (default 8888, or $POOLS4J_PORT)
#   --no-browser   do not try to open a web browser (the default when there is no display)
#
# Installs what is missing (Debian's Jupyter as root, otherwise it prints the command),
# finds a JDK 25, builds the library, installs the kernel into kernel/jupyter (nothing goes
# into your own Jupyter config: JUPYTER_PATH points there) and starts Jupyter, printing
# the URL to open. Stop it with Ctrl-C.
set -euo pipefail

# shellcheck source=kernel/lib/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

PORT=${POOLS4J_PORT:-8888}
OPEN_BROWSER=yes
# Without a display, Python's webbrowser may start a text browser inside this terminal.
[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && OPEN_BROWSER=no

while (( $# > 0 )); do
  case $1 in
    --port) PORT=${2:?--port needs a number}; shift 2 ;;
    --port=*) PORT=${1#--port=}; shift ;;
    --no-browser) OPEN_BROWSER=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) p4j_err "unknown option '$1'"; usage >&2; exit 2 ;;
  esac
done
[[ $PORT =~ ^[0-9]+$ ]] || { p4j_err "--port must be a number, got '$PORT'"; exit 2; }

# Fails early, with the way out, when the port is taken (Jupyter would move to another
# port, and the URL printed here would be wrong).
check_port_free() {
  "$P4J_PYTHON" - "$PORT" <<'PY' && return 0
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
  p4j_err "port $PORT on 127.0.0.1 is in use (another Jupyter?); choose another: bash kernel/course.sh --port $((PORT + 1))"
  return 1
}

main() {
  p4j_ensure_packages "${P4J_BASE_PACKAGES[@]}"
  check_port_free
  p4j_use_jdk25
  p4j_build_library
  p4j_install_kernel

  local token args
  # A token we choose, so that the URL can be printed before Jupyter starts.
  token=$("$P4J_PYTHON" -c 'import secrets; print(secrets.token_hex(24))')
  args=(notebook --notebook-dir="$P4J_REPO/notebooks" --ip=127.0.0.1 --port="$PORT" --port-retries=0
        --NotebookApp.token="$token")
  [ "$OPEN_BROWSER" = no ] && args+=(--no-browser)
  # Jupyter Notebook refuses to run as root unless told it may.
  [ "$(id -u)" -eq 0 ] && args+=(--allow-root)

  # The course opens at its first notebook; Jupyter's own INFO lines are not for learners.
  local start=tree
  [ -f "$P4J_REPO/notebooks/00_start_here.ipynb" ] && start=notebooks/00_start_here.ipynb
  args+=(--NotebookApp.default_url="/$start" --log-level=WARN)
  p4j_log "starting Jupyter Notebook on notebooks/ (kernel 'pools4j')"
  echo
  echo "    Open the course:  http://127.0.0.1:$PORT/$start?token=$token"
  echo "    Stop Jupyter:     Ctrl-C in this terminal (twice if it asks), or close the terminal"
  echo
  exec "$P4J_JUPYTER" "${args[@]}"
}

main
