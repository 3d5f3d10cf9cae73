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
    if ninja -C "$TSR_BUILD" -n 2>/dev/null | grep -q 'no work to do'; then return 0; fi
    ninja -C "$TSR_BUILD" >&2 || return 1
}

tsr_setup() {
    tsr_install_packages || { tsr_say "could not install the packages listed in tools/packages.txt"; return 1; }
    "$TSR_ROOT/tools/make-demo-audio" >&2 || { tsr_say "could not make the demo's audio"; return 1; }
    tsr_build || { tsr_say "the build failed"; return 1; }
}
