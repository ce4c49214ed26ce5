#!/usr/bin/env bash
# DiffGen against TorchSharp 0.107 (libtorch 2.10, CPU) in one BenchmarkDotNet run, 1 and 2 threads.
#
#   bench/run-torch-peers.sh --verify [steps]        losses of the first steps by both, nothing timed
#   bench/run-torch-peers.sh [BenchmarkDotNet options]
#       e.g. --filter '*MlpStepPeer*' --job short     the MLP training step
#            --filter '*MatMulPeer*' --job short      sgemm, N = 256 ... 2048
#
# TorchSharp's native library needs GLIBCXX_3.4.32, newer than Debian 12's libstdc++ (3.4.30). The
# first run downloads Debian 13's libstdc++6 package from deb.debian.org (through a throw-away apt
# configuration; the system's apt sources are not touched), extracts libstdc++.so.6 into
# bench/.torch-runtime (git-ignored), and adapts it to Debian 12's glibc with
# bench/peers/patch_libstdcxx.py. Only the benchmark process sees it, through LD_LIBRARY_PATH.
#
# Needs apt-get, dpkg-deb and python3. Set TORCH_RUNTIME_DIR to keep the library elsewhere.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runtime="${TORCH_RUNTIME_DIR:-$root/bench/.torch-runtime}"
library="$runtime/libstdc++.so.6"
needed="GLIBCXX_3.4.32"

fetch_libstdcxx() {
    local work
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' RETURN
    mkdir -p "$work/etc/apt.conf.d" "$work/etc/preferences.d" "$work/etc/sources.list.d" \
        "$work/lists/partial" "$work/cache/archives/partial" "$work/deb"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
        > "$work/etc/sources.list"
    local apt=(apt-get -q
        -o "Dir::Etc=$work/etc"
        -o "Dir::Etc::sourcelist=$work/etc/sources.list"
        -o "Dir::Etc::sourceparts=$work/etc/sources.list.d"
        -o "Dir::State::Lists=$work/lists"
        -o "Dir::Cache=$work/cache"
        -o "APT::Sandbox::User=$(id -un)"
        -o "APT::Architecture=amd64")
    echo "== Fetching Debian 13's libstdc++6 into $runtime"
    "${apt[@]}" update >/dev/null
    (cd "$work/deb" && "${apt[@]}" download libstdc++6)
    dpkg-deb -x "$work"/deb/libstdc++6_*_amd64.deb "$work/root"
    mkdir -p "$runtime"
    cp "$(readlink -f "$work/root/usr/lib/x86_64-linux-gnu/libstdc++.so.6")" "$library.tmp"
    python3 "$root/bench/peers/patch_libstdcxx.py" "$library.tmp"
    if ! grep -aq "$needed" "$library.tmp"; then
        echo "The downloaded libstdc++ lacks $needed." >&2
        exit 1
    fi
    mv "$library.tmp" "$library"
}

if [[ ! -f "$library" ]]; then
    fetch_libstdcxx
fi

project="$root/bench/Diff.TorchPeers"
dotnet build -c Release "$project" -v quiet -nologo
export LD_LIBRARY_PATH="$runtime${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) processors"
dotnet run -c Release --no-build --project "$project" -- "$@"
