#!/bin/sh
# Runs every fuzz target for a bounded time each (default 60 s; pass another
# number of seconds as the first argument). Needs a nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`). Seeds come from the repository's
# own articles and configuration; findings land in fuzz/artifacts/TARGET/.
set -eu
cd "$(dirname "$0")"
secs="${1:-60}"
mkdir -p corpus/front_matter corpus/markdown corpus/article corpus/config corpus/request
for f in ../content/*/*.md ../tests/fixtures/basic/content/*/*.md; do
    [ -f "$f" ] || continue
    for t in front_matter markdown article; do cp "$f" "corpus/$t/"; done
done
cp ../config.toml corpus/config/site.toml
cp ../tests/fixtures/basic/config.toml corpus/config/basic.toml
printf 'GET /news/caf%%C3%%A9 HTTP/1.1\r\nHost: localhost:1111\r\n\r\n' > corpus/request/get
printf 'HEAD http://127.0.0.1/a/ HTTP/1.0\r\nHost: [::1]\r\n\r\n' > corpus/request/head
status=0
for t in front_matter markdown config request article; do
    echo "== $t (${secs}s)"
    cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 \
        -timeout=10 -rss_limit_mb=2048 2>&1 | tail -n 4 || status=1
done
exit $status
