# Sourced by tools/tsr and tools/test: installs what a fresh Debian 12 machine lacks,
# makes the demo's reminder audio, and builds with meson + ninja (incrementally).
# Everything it prints goes to stderr so that `tools/tsr` output stays the command's own.

TSR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TSR_BUILD=${TSR_BUILD:-$TSR_ROOT/build}

tsr_say() { printf 'tsr-setup: %s\n' "$*" >&2; }

tsr_install_packages() {
    local wanted missing=()
    wanted=$(grep -v '^\s*#' "$TSR_ROOT/tools/packages.txt" | grep -v '^\s*$')
    for p in $wanted; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    tsr_say "installing Debian packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { tsr_say "need root or sudo to install: ${missing[*]}"; return 1; }
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >&2 || return 1
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || return 1
}

tsr_build() {
    if [ ! -f "$TSR_BUILD/build.ninja" ]; then
        tsr_say "configuring $TSR_BUILD"
        meson setup "$TSR_BUILD" "$TSR_ROOT" >&2 || return 1
    fi
    # Quiet when there is nothing to do: `tools/tsr` output stays the command's own.
    # TSR_BUILD_TARGETS (an array): only those, e.g. what `tools/tsr` needs; else everything.
    local targets=("${TSR_BUILD_TARGETS[@]}")
    if ninja -C "$TSR_BUILD" -n "${targets[@]}" 2>/dev/null | grep -q 'no work to do'; then return 0; fi
    ninja -C "$TSR_BUILD" "${targets[@]}" >&2 || return 1
}

tsr_setup() {
    tsr_install_packages || { tsr_say "could not install the packages listed in tools/packages.txt"; return 1; }
    "$TSR_ROOT/tools/make-demo-audio" >&2 || { tsr_say "could not make the demo's audio"; return 1; }
    tsr_build || { tsr_say "the build failed"; return 1; }
}

# Runs `meson test -C BUILD ARGS...`, showing its output, and adds its counts to
# TSR_PASSED, TSR_FAILED and TSR_SKIPPED (for the one summary line). Returns meson's status.
# TSR_TEST_ENV: VAR=VALUE words for the tests' environment (tsr_sanitize_env sets them).
TSR_PASSED=0 TSR_FAILED=0 TSR_SKIPPED=0 TSR_TEST_ENV=() TSR_FAILED_NAMES=()
tsr_meson_test() {
    local build=$1 log rc
    shift
    log=$(mktemp)
    env "${TSR_TEST_ENV[@]}" meson test -C "$build" --print-errorlogs "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    count() { sed -n "s/^$1:[[:space:]]*\([0-9]*\).*/\1/p" "$log" | tail -n 1; }
    local ok expfail fail unexpass timeout skipped
    ok=$(count Ok); expfail=$(count 'Expected Fail'); fail=$(count Fail)
    unexpass=$(count 'Unexpected Pass'); timeout=$(count Timeout); skipped=$(count Skipped)
    # The failed tests by name (once: meson lists a failure twice), repeated just before the
    # summary: CI may show only the tail.
    TSR_FAILED_NAMES+=($(sed -n 's/^ *[0-9]*\/[0-9]* \([^ ]*\) *\(FAIL\|TIMEOUT\|UNEXPECTEDPASS\).*/\1/p' "$log" |
        awk '!seen[$0]++' | sed "s|^|$(basename "$build"):|"))
    rm -f "$log"
    TSR_PASSED=$((TSR_PASSED + ${ok:-0} + ${expfail:-0}))
    TSR_FAILED=$((TSR_FAILED + ${fail:-0} + ${unexpass:-0} + ${timeout:-0}))
    TSR_SKIPPED=$((TSR_SKIPPED + ${skipped:-0}))
    # meson failing before any test ran (no build, bad test name) still counts as a failure.
    if [ "$rc" -ne 0 ] && [ -z "$ok$fail$timeout" ]; then TSR_FAILED=$((TSR_FAILED + 1)); fi
    return "$rc"
}

tsr_summary() {
    if [ ${#TSR_FAILED_NAMES[@]} -gt 0 ]; then echo "failed: ${TSR_FAILED_NAMES[*]}"; fi
    echo "${TSR_PASSED} passed, ${TSR_FAILED} failed, ${TSR_SKIPPED} skipped"
}

# The sanitizer build (tools/sanitize; tools/test with TSR_SANITIZE=1): ASan + UBSan with
# -fno-sanitize-recover, so that UBSan findings fail too, in its own build dir.
TSR_ASAN_BUILD=${TSR_ASAN_BUILD:-$TSR_ROOT/build-asan}
# What it runs unless told: the engine's tests and the check/timeline commands over it,
# and the targets those need, translations included (the tests read Indonesian messages);
# the element tests' soak is too slow under ASan on 2 cores. Run with three times the
# ordinary timeouts: ASan makes the unit tests about five times slower.
TSR_SANITIZE_TESTS=(unit fuzz-replay e2e-check e2e-timeline)
TSR_SANITIZE_TARGETS=(tests/unit/unit-tests fuzz/playlist-replay tests/e2e/e2e-check
    tests/e2e/e2e-timeline tools/tsr plugins/libgsttsr.so tsr-gmo)

tsr_sanitize_build() {
    if [ ! -f "$TSR_ASAN_BUILD/build.ninja" ]; then
        tsr_say "configuring $TSR_ASAN_BUILD (ASan, UBSan)"
        # GCC 12 under -fsanitize=address warns maybe-uninitialized inside libstdc++'s
        # <regex> and <functional> (false positives; the ordinary build keeps the warning).
        meson setup "$TSR_ASAN_BUILD" "$TSR_ROOT" -Db_sanitize=address,undefined \
            -Db_lundef=false \
            "-Dcpp_args=-fno-sanitize-recover=undefined -Wno-maybe-uninitialized" >&2 || return 1
    fi
    # Named tests may need anything: build all. The default set needs only its targets.
    if [ "${1:-}" = all ]; then
        ninja -C "$TSR_ASAN_BUILD" >&2 || return 1
    else
        ninja -C "$TSR_ASAN_BUILD" "${TSR_SANITIZE_TARGETS[@]}" >&2 || return 1
    fi
}

# A short fuzzing run (tools/fuzz SECONDS), counted as one test: failed when libFuzzer
# found a crash, hang or sanitizer report (kept in fuzz/pending/ for the fix).
tsr_fuzz_run() {
    local seconds=$1
    tsr_say "fuzzing the playlist loader and schedule for ${seconds}s (tools/fuzz)"
    # libFuzzer's progress lines would bury the test results in CI's tail: kept in a log,
    # whose end is shown when the run fails.
    local log=${TMPDIR:-/tmp}/tsr-fuzz.log
    if "$TSR_ROOT/tools/fuzz" "$seconds" >"$log" 2>&1; then
        TSR_PASSED=$((TSR_PASSED + 1))
        echo "fuzz ${seconds}s: OK ($(grep -c '' "$log") lines in $log)"
    else
        tail -n 60 "$log" >&2
        TSR_FAILED=$((TSR_FAILED + 1))
        TSR_FAILED_NAMES+=(fuzz)
        echo "fuzz ${seconds}s: FAIL (findings in fuzz/pending/, log $log)"
        return 1
    fi
}

# The environment of sanitized runs. A leak report fails the test (LeakSanitizer exits
# non-zero); what GLib, GStreamer, fontconfig and pango keep for the process is suppressed
# in tools/lsan.supp, each with its reason. GStreamer's plugin scanner is not instrumented
# and cannot load the instrumented plugin: scan in-process (GST_REGISTRY_FORK=no).
# fast_unwind_on_malloc=0: GLib, pango and fontconfig have no frame pointers; without the
# slow unwinder a leak's stack stops in them and the suppressions cannot see who called.
tsr_sanitize_env() {
    TSR_TEST_ENV=(GST_REGISTRY_FORK=no
        ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1:check_initialization_order=1
        LSAN_OPTIONS=suppressions=$TSR_ROOT/tools/lsan.supp:print_suppressions=0
        UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1)
}
