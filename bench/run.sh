#!/usr/bin/env bash
# Builds the same synthetic corpus with reprint and with Hugo, in the same
# run, and prints the median wall time and peak memory of each and their
# ratio. See docs/benchmarks.md for the method.
#
#   bench/run.sh [SIZE ...]          default sizes: 1000 10000
#
# Environment:
#   RUNS=5                timed runs per tool and size (after one warm-up)
#   WORK=/dev/shm/reprint-bench   where corpora and outputs go (tmpfs by default)
#   HUGO_MAX=10000        largest size Hugo is run at
#   HUGO_SKELETON=bench/hugo   the Hugo site (config and layouts) to build
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=${RUNS:-5}
work=${WORK:-/dev/shm/reprint-bench}
hugo_max=${HUGO_MAX:-10000}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

if ! command -v hugo >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null
fi
cargo build --release --quiet
reprint="$repo/target/release/reprint"
mkdir -p "$work"

# Runs a command RUNS times; prints "median_seconds median_peak_kib".
measure() {
  local log="$work/time.log"
  : > "$log"
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -a -o "$log" "$@" >/dev/null 2>&1
  done
  rm -rf "$work/out"
  python3 - "$log" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
print(statistics.median(float(r[0]) for r in rows), statistics.median(int(r[1]) for r in rows))
EOF
}

printf '%s\n' "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; output in $work; median of $runs runs" \
  "reprint $("$reprint" --version | awk '{print $2}'); $(hugo version | awk '{print $1, $2}')" ""
printf '| articles | reprint | reprint peak | Hugo | Hugo peak | time ratio | memory ratio |\n'
printf '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for n in "${sizes[@]}"; do
  site="$work/reprint-$n"
  rm -rf "$site" && mkdir -p "$site"
  python3 bench/gen_corpus.py -n "$n" --flavor reprint --out "$site" >/dev/null
  cp -r themes "$site/"
  cat > "$site/config.toml" <<'EOF'
title = "Bench News"
base_url = "https://news.bench.example/"
theme = "default"
commercial = false
licence = "CC-BY-SA-4.0"
taxonomies = ["tags"]
paginate = 20
EOF
  "$reprint" build --root "$site" --output "$work/out" >/dev/null 2>&1 # warm-up, and proof it passes
  read -r rt rm < <(measure "$reprint" build --root "$site" --output "$work/out")

  if [ "$n" -le "$hugo_max" ]; then
    hsite="$work/hugo-$n"
    rm -rf "$hsite" && mkdir -p "$hsite"
    cp -r "${HUGO_SKELETON:-bench/hugo}/." "$hsite/"
    chmod -R u+w "$hsite"
    mkdir -p "$hsite/static" && cp themes/default/static/style.css "$hsite/static/"
    python3 bench/gen_corpus.py -n "$n" --flavor hugo --out "$hsite" >/dev/null
    hugo --quiet --source "$hsite" --destination "$work/out" >/dev/null 2>&1
    read -r ht hm < <(measure hugo --quiet --source "$hsite" --destination "$work/out")
    ratio=$(python3 -c "print(f'{$rt/$ht:.2f}', f'{$rm/$hm:.2f}')")
    printf '| %s | %.2f s | %d MiB | %.2f s | %d MiB | %s | %s |\n' "$n" "$rt" $((rm / 1024)) "$ht" $((hm / 1024)) ${ratio% *} ${ratio#* }
  else
    printf '| %s | %.2f s | %d MiB | - | - | - | - |\n' "$n" "$rt" $((rm / 1024))
  fi
done
