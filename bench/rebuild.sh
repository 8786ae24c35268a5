# shellcheck shell=bash disable=SC2154  # $work, $reprint, $runs... come from run.sh
# Rebuild mode of bench/run.sh: sourced, not run.
#
# A clean build, then RUNS rebuilds into the same output after appending a
# sentence to one article each time, then one rebuild after a template edit
# and one after a config edit. The build cache (SITE/.reprint-cache) is
# removed before the clean build only, so the rebuilds may use it. Reports
# the median rebuild time and peak memory, how many output files each build
# wrote (newer than a stamp taken just before it), and whether the rebuilt
# output equals a clean build of the edited site byte for byte.

# rebuild_step LOG NAME [PAGE TEXT]: one timed build into $out; appends the
# files it wrote to LOG's line and prints a line about it. With PAGE and TEXT,
# checks that the output page shows the edit.
rebuild_step() {
  local log=$1 name=$2 changed
  touch "$work/stamp"
  time_once "$log" "$reprint" build --root "$site" --output "$out"
  if [ $# -eq 4 ] && ! grep -qF -- "$4" "$out/$3"; then
    die "$name: the rebuilt $3 does not show the edit"
  fi
  changed=$(find "$out" -type f -newer "$work/stamp" | wc -l)
  sed -i '$ s/$/ '"$changed"'/' "$log"
  echo "bench: $name: $(tail -n 1 "$log" | awk '{printf "%d ms, %d MiB, %d files written", $1, $2 / 1024, $3}')" >&2
}

# One line per log: "ms MiB files".
rebuild_figures() {
  printf '%s ms | %s MiB | %s' "$(median "$1" 0)" "$(($(median "$1" 1) / 1024))" "$(median "$1" 2)"
}

# Compares the rebuilt output with a clean build of the same, edited site;
# the clean build runs with the cache moved aside, so it cannot use it.
identity_check() {
  local fresh="$work/rebuild-clean-out" aside="$work/rebuild-cache-aside"
  rm -rf "$fresh" "$aside"
  [ ! -d "$site/.reprint-cache" ] || mv "$site/.reprint-cache" "$aside"
  "$reprint" build --root "$site" --output "$fresh" >"$work/last-run.log" 2>&1 ||
    die "the clean build of the edited site failed; see $work/last-run.log"
  rm -rf "$site/.reprint-cache"
  [ ! -d "$aside" ] || mv "$aside" "$site/.reprint-cache"
  if diff -r "$out" "$fresh" >"$work/identity.diff" 2>&1; then
    identity=PASS
  else
    identity=FAIL
    echo "bench: rebuilt output differs from a clean build (full diff in $work/identity.diff):" >&2
    diff -rq "$out" "$fresh" | head -n 20 >&2 || true
  fi
  # A time stamp would make every build differ; name it rather than hide it.
  if grep -nE '"[a-z_]*(time|date|generated|checked_at)[a-z_]*"[[:space:]]*:' "$fresh/compliance.json" >"$work/stamps.txt"; then
    echo "bench: compliance.json carries time stamps: $(head -n 3 "$work/stamps.txt" | tr '\n' ' ')" >&2
  else
    echo "bench: compliance.json carries no time stamp" >&2
  fi
  rm -rf "$fresh"
}

rebuild() {
  local n=$1 r total file
  [[ $n =~ ^[0-9]+$ ]] || die "not a number of articles: $n"
  site="$work/rebuild-$n" out="$work/rebuild-out"
  make_site reprint "$n" "$work/reprint-$n"
  rm -rf "$site" && cp -r "$work/reprint-$n" "$site"
  # Articles whose licence allows changes: appending to a no-derivatives
  # article would (rightly) fail its fingerprint check.
  mapfile -t editable < <(find "$site/content/posts" -name '*.md' -exec grep -L -- '^licence: .*-ND-' {} + | sort | head -n "$runs")
  [ ${#editable[@]} -ge "$runs" ] || die "the corpus has fewer than $runs editable articles"

  machine_line
  echo "reprint $("$reprint" --version | awk '{print $2}'); $n articles; median of $runs rebuilds"
  for log in clean article template config; do : >"$work/rebuild-$log.log"; done
  clean_build "$site" "$out"
  rebuild_step "$work/rebuild-clean.log" "clean build"
  total=$(find "$out" -type f | wc -l)
  for r in $(seq "$runs"); do
    file=${editable[$((r - 1))]##*/}
    printf '\nRebuild edit %s: one more sentence for the benchmark.\n' "$r" >>"$site/content/posts/$file"
    rebuild_step "$work/rebuild-article.log" "article $file edited" \
      "posts/${file%.md}/index.html" "Rebuild edit $r: one more sentence"
  done
  sed -i 's|^</footer>$|<p>Rebuild benchmark: a template edit.</p>\n</footer>|' "$site/themes/default/templates/base.html"
  rebuild_step "$work/rebuild-template.log" "template base.html edited" index.html "a template edit."
  sed -i 's|^title = "Bench News"$|title = "Bench News Weekly"|' "$site/config.toml"
  rebuild_step "$work/rebuild-config.log" "config.toml title edited" index.html "Bench News Weekly"
  identity_check

  echo
  echo "| articles | build | wall | peak | files written (of $total) |"
  echo "| ---: | --- | ---: | ---: | ---: |"
  echo "| $(python3 -c "print(f'{$n:,}')") | clean | $(rebuild_figures "$work/rebuild-clean.log") |"
  echo "| | one article edited (median of $runs) | $(rebuild_figures "$work/rebuild-article.log") |"
  echo "| | a template edited | $(rebuild_figures "$work/rebuild-template.log") |"
  echo "| | config.toml edited | $(rebuild_figures "$work/rebuild-config.log") |"
  echo
  echo "byte-identical to a clean build after the edits: $identity"
}
