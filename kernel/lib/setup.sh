#!/usr/bin/env bash
# Shared set-up of kernel/course.sh and kernel/test.sh: what a fresh Debian machine lacks
# (Jupyter, Maven, Chromium, Node), the JDK 25, the library build and the kernel install.
#
# Source it; it defines functions and the variables below, and changes no shell options.
# Every function either succeeds or says what is missing and what to run, and returns 1.
#
#   P4J_REPO          the repository root
#   P4J_JUPYTER_DIR   <repo>/kernel/jupyter: the Jupyter data dir the kernel is installed
#                     into (gitignored), so that nothing goes into the user's global config
#   P4J_PYTHON        /usr/bin/python3: Debian's Jupyter is installed for it, not for the
#                     pyenv python3 that may come first on PATH

P4J_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
P4J_JUPYTER_DIR="$P4J_REPO/kernel/jupyter"
P4J_PYTHON=/usr/bin/python3
P4J_JUPYTER=/usr/bin/jupyter

# shellcheck source=kernel/lib/jdk.sh
source "$P4J_REPO/kernel/lib/jdk.sh"

p4j_log() { printf '[pools4j] %s\n' "$*"; }
p4j_err() { printf '[pools4j] ERROR: %s\n' "$*" >&2; }

# Prints the Debian packages (of those named in "$@") that are not installed, judged by the
# file or module each one provides: dpkg would also answer, but a hand-installed tool counts.
p4j_missing_packages() {
  local pkg
  for pkg in "$@"; do
    case $pkg in
      jupyter-notebook)  [ -x /usr/bin/jupyter-notebook ] || echo "$pkg" ;;
      jupyter-nbconvert) [ -x /usr/bin/jupyter-nbconvert ] || echo "$pkg" ;;
      python3-nbclient)  "$P4J_PYTHON" -c 'import nbclient, nbformat' 2>/dev/null || echo "$pkg" ;;
      maven)             command -v mvn >/dev/null || echo "$pkg" ;;
      chromium)          [ -x /usr/bin/chromium ] || echo "$pkg" ;;
      nodejs)            command -v node >/dev/null || echo "$pkg" ;;
      npm)               command -v npm >/dev/null || echo "$pkg" ;;
      *) p4j_err "p4j_missing_packages: no check for package '$pkg'"; return 1 ;;
    esac
  done
}

# Installs the Debian packages among "$@" that are missing: through apt-get when root,
# otherwise prints the exact command and returns 1 (never prompts: CI has no stdin).
p4j_ensure_packages() {
  local missing
  missing=$(p4j_missing_packages "$@" | tr '\n' ' ')
  missing=${missing% }
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    p4j_err "missing Debian packages: $missing"
    p4j_err "install them with:  sudo apt-get update && sudo apt-get install -y $missing"
    return 1
  fi
  p4j_log "installing missing Debian packages: $missing (apt-get, a few minutes on a fresh machine)"
  # noninteractive: debconf must not ask anything, there may be no terminal.
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -q || { p4j_err "apt-get update failed (see above)"; return 1; }
  # shellcheck disable=SC2086  # word splitting of the package list is wanted
  timeout 1200 apt-get install -y -q $missing || {
    p4j_err "apt-get install -y $missing failed (see above)"; return 1; }
  missing=$(p4j_missing_packages "$@" | tr '\n' ' ')
  if [ -n "${missing% }" ]; then
    p4j_err "still missing after apt-get install: $missing"
    return 1
  fi
}

# The Debian packages that both commands need.
P4J_BASE_PACKAGES=(jupyter-notebook jupyter-nbconvert python3-nbclient maven)
# And those the browser test needs on top.
P4J_BROWSER_PACKAGES=(chromium nodejs npm)

# Exports JAVA_HOME as a JDK 25+ (Maven and the kernel install use it).
p4j_use_jdk25() {
  local home
  home=$(find_jdk25) || return 1
  export JAVA_HOME=$home
  p4j_log "JDK 25: $JAVA_HOME"
}

# Maven in batch mode: no colours and no download progress in logs, never a prompt. The
# 20-minute bound is for a first build, which downloads every dependency from Maven Central.
p4j_mvn() {
  (cd "$P4J_REPO" && timeout 1200 mvn -B --no-transfer-progress "$@")
}

# Builds target/pools4j.jar and target/lib/* without running the tests.
p4j_build_library() {
  p4j_log "building the library: mvn -q package -DskipTests (JAVA_HOME=$JAVA_HOME)"
  # Maven's own output (its JVM's sun.misc.Unsafe warnings, download lines) is kept in a log
  # and shown only when the build fails: a learner needs the URL, not build noise.
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/pools4j-build.XXXXXX.log")
  if ! p4j_mvn -q package -DskipTests >"$log" 2>&1; then
    grep -v 'sun.misc.Unsafe' "$log" | tail -n 60 >&2
    p4j_err "the build failed (its output is above, the whole of it in $log); fix it, or run 'mvn package' yourself to see more"
    return 1
  fi
  rm -f "$log"
  p4j_check_built
}

p4j_check_built() {
  if [ ! -f "$P4J_REPO/target/pools4j.jar" ]; then
    p4j_err "the build made no target/pools4j.jar"
    return 1
  fi
}

# Installs the pools4j kernelspec into kernel/jupyter and points JUPYTER_PATH there, then
# checks that Jupyter finds it by name.
p4j_install_kernel() {
  if [ ! -f "$P4J_REPO/kernel/install.sh" ]; then
    p4j_err "kernel/install.sh is missing: this checkout has no kernel to install"
    return 1
  fi
  p4j_log "installing the pools4j kernel into $P4J_JUPYTER_DIR"
  bash "$P4J_REPO/kernel/install.sh" "$P4J_JUPYTER_DIR" || {
    p4j_err "kernel/install.sh failed (see above)"; return 1; }
  export JUPYTER_PATH="$P4J_JUPYTER_DIR${JUPYTER_PATH:+:$JUPYTER_PATH}"
  "$P4J_PYTHON" - <<'PY' || { p4j_err "Jupyter does not find the kernel 'pools4j' (JUPYTER_PATH=$JUPYTER_PATH)"; return 1; }
from jupyter_client.kernelspec import KernelSpecManager
spec = KernelSpecManager().get_kernel_spec("pools4j")
print("[pools4j] kernel 'pools4j' (%s): %s" % (spec.display_name, spec.resource_dir))
PY
}

# playwright-core 1.65 needs Node 20+ (Debian 12's own nodejs is 18).
p4j_check_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || major=0
  if (( major < 20 )); then
    p4j_err "the browser test needs Node.js 20 or newer, found $(node --version 2>/dev/null || echo none)"
    p4j_err "install Node.js 20+ (e.g. from nodejs.org or NodeSource) so that 'node' on PATH is it"
    return 1
  fi
}

# Installs playwright-core (pinned in src/test/browser/package-lock.json) unless the
# installed copy already matches the lock file.
p4j_install_browser_deps() {
  local dir="$P4J_REPO/src/test/browser"
  if [ -f "$dir/node_modules/.package-lock.json" ] \
      && cmp -s <(grep -A2 '"node_modules/playwright-core"' "$dir/package-lock.json") \
                <(grep -A2 '"node_modules/playwright-core"' "$dir/node_modules/.package-lock.json"); then
    return 0
  fi
  p4j_log "installing playwright-core from npm into src/test/browser/node_modules (npm ci)"
  # No browser download: playwright-core has none, and we drive Debian's /usr/bin/chromium.
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 600 npm ci --no-audit --no-fund --loglevel=error) || {
    p4j_err "npm ci in src/test/browser failed (see above)"; return 1; }
}
