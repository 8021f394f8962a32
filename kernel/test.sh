#!/usr/bin/env bash
# Runs every pools4j test, the way CI does (.ci/run calls this and nothing else):
#
#   bash kernel/test.sh
#
#   1. set-up: Debian's Jupyter, Maven, Chromium and Node when missing (apt-get as root,
#      else the command to run is printed), a JDK 25, playwright-core from npm;
#   2. unit:      mvn verify (JUnit 5 through Surefire), which also builds target/pools4j.jar;
#                 then the kernel is installed into kernel/jupyter;
#   3. kernel:    the Python tests in src/test/python/test_*.py (the kernel over the Jupyter
#                 protocol, and the notebook runner's self-test);
#   4. notebooks: every notebooks/*.ipynb executed headless on the pools4j kernel, checked
#                 (src/test/python/run_notebooks.py says how);
#   5. browser:   the notebooks run with Run All in headless Chromium, and the stop button
#                 (src/test/browser/notebooks.mjs); screenshots in target/browser/.
#
# Every tier runs even when an earlier one had failures (only a failed build stops the
# rest), so that one run shows everything that is wrong. Ends with the line
#   pools4j: N passed, N failed
# counting test cases over all tiers, and exits non-zero on any failure.
#
# POOLS4J_TEST_TIERS="unit notebooks" runs only those tiers (set-up and build always run):
# for quick work on one tier; the full command is what counts.
set -euo pipefail

# shellcheck source=kernel/lib/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"

RESULTS="$P4J_REPO/target/test-results"
TIERS=${POOLS4J_TEST_TIERS:-unit kernel notebooks browser}
STEP="set-up"

tiers_py() { "$P4J_PYTHON" "$P4J_REPO/kernel/lib/tiers.py" "$@"; }

wants() { [[ " $TIERS " == *" $1 "* ]]; }

# Runs one tier: "$1" its name, the rest the command, which writes $RESULTS/<name>.json.
# A tier that crashes, runs nothing or exits non-zero without counting a failure still
# counts as one (tiers.py check).
run_tier() {
  local tier=$1 rc=0 started=$SECONDS
  shift
  STEP="tier '$tier'"
  p4j_log "---- $tier: $*"
  "$@" || rc=$?
  tiers_py check "$RESULTS/$tier.json" "$rc" "$tier"
  p4j_log "---- $tier: done in $((SECONDS - started)) s"
}

# Unit tests and the build in one Maven run. Test failures do not stop Maven (they are
# counted from the reports), so that the jar is built and the later tiers run anyway.
unit_tier() {
  # No stale jar: if this build fails, nothing may run on the previous one.
  rm -rf "$P4J_REPO/target/surefire-reports" "$P4J_REPO/target/failsafe-reports" "$P4J_REPO/target/pools4j.jar"
  # surefire.timeout: a forked test JVM that hangs is killed after 20 minutes.
  p4j_mvn verify -Dmaven.test.failure.ignore=true -Dsurefire.timeout=1200 || return $?
  tiers_py surefire "$RESULTS/unit.json" "$P4J_REPO/target/surefire-reports" "$P4J_REPO/target/failsafe-reports"
}

kernel_tier() {
  # The 50 cold starts of the kernel tests take a few minutes; 20 is the bound for a hang.
  timeout 1200 "$P4J_PYTHON" "$P4J_REPO/kernel/lib/tiers.py" unittest "$RESULTS/kernel.json" "$P4J_REPO/src/test/python"
}

notebooks_tier() {
  (( ${#NOTEBOOKS[@]} > 0 )) || { tiers_py fail "$RESULTS/notebooks.json" "notebooks/ holds no .ipynb"; return 0; }
  # Each cell is bounded by --timeout; this bounds the whole course (the tier bounds add
  # up to less than CI's 90 minutes, so that a hang is reported rather than cut off).
  timeout 1200 "$P4J_PYTHON" "$P4J_REPO/src/test/python/run_notebooks.py" --timeout 300 \
    --output-dir "$P4J_REPO/target/notebooks" --counts "$RESULTS/notebooks.json" "${NOTEBOOKS[@]}"
}

browser_tier() {
  (( ${#NOTEBOOKS[@]} > 0 )) || { tiers_py fail "$RESULTS/browser.json" "notebooks/ holds no .ipynb"; return 0; }
  # SIGTERM first, so that the test stops its Jupyter server and kernels on the way out.
  timeout --kill-after=30 1200 node "$P4J_REPO/src/test/browser/notebooks.mjs" --timeout 300 \
    --out "$P4J_REPO/target/browser" --counts "$RESULTS/browser.json" "${NOTEBOOKS[@]}"
}

setup() {
  local packages=("${P4J_BASE_PACKAGES[@]}")
  wants browser && packages+=("${P4J_BROWSER_PACKAGES[@]}")
  p4j_ensure_packages "${packages[@]}"
  p4j_use_jdk25
  if wants browser; then
    p4j_check_node
    p4j_install_browser_deps
  fi
  # Connection files of the kernels the tests start stay in target/, not in ~/.local.
  export JUPYTER_RUNTIME_DIR="$P4J_REPO/target/jupyter-runtime"
}

# The closing line, on every exit: a step that stopped the script counts as a failed test.
summary() {
  local rc=$? totals
  trap - EXIT
  if (( rc != 0 )); then
    tiers_py check "$RESULTS/stopped.json" "$rc" "test.sh, at $STEP," || true
  fi
  echo
  p4j_log "test.sh took $SECONDS s (tiers: $TIERS)"
  # tiers.py lists the failures on stderr and prints "passed failed".
  totals=$(tiers_py total "$RESULTS") || totals="0 1"
  read -r passed failed <<<"$totals"
  echo "pools4j: $passed passed, $failed failed"
  (( failed == 0 && rc == 0 )) || exit 1
  exit 0
}

main() {
  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  trap summary EXIT
  cd "$P4J_REPO"
  setup
  NOTEBOOKS=(notebooks/*.ipynb)
  [ -e "${NOTEBOOKS[0]}" ] || NOTEBOOKS=()

  if wants unit; then
    run_tier unit unit_tier
  else
    STEP="build"
    p4j_build_library
  fi
  # Nothing else can run without the jar.
  if ! p4j_check_built; then
    tiers_py fail "$RESULTS/build.json" "the build failed (see above), so the kernel, notebook and browser tiers did not run"
    return 0
  fi
  STEP="kernel install"
  p4j_install_kernel
  if wants kernel; then run_tier kernel kernel_tier; fi
  # The headless and the browser runs of the notebooks overlap: each uses kernels of its own, and
  # most of a notebook's time is waiting (sleeping tasks, child JVMs starting), so together they
  # take little longer than the browser run alone. The headless run's log follows the browser's.
  if wants notebooks && wants browser; then
    local headless_log="$RESULTS/notebooks.log"
    run_tier notebooks notebooks_tier >"$headless_log" 2>&1 &
    local headless=$!
    run_tier browser browser_tier
    STEP="tier 'notebooks'"
    wait "$headless" || true
    cat "$headless_log"
  else
    if wants notebooks; then run_tier notebooks notebooks_tier; fi
    if wants browser; then run_tier browser browser_tier; fi
  fi
}

main "$@"
