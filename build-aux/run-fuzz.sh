#!/bin/sh
# Builds the libFuzzer targets with clang in their own build directory and runs
# each for a while. Usage: build-aux/run-fuzz.sh [BUILD_DIR [SECONDS]]
# (defaults: build-fuzz, 30). Exit status is non-zero when a target crashes.
set -eu
cd "$(dirname "$0")/.."

dir=${1:-build-fuzz}
seconds=${2:-30}
targets="fuzz-dotenv fuzz-row-batch fuzz-page-decoder fuzz-row-cache fuzz-summary"

if [ ! -f "$dir/build.ninja" ]; then
  CC=clang meson setup "$dir" -Dfuzzing=true -Dxvfb_tests=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized \
    -Dc_args=-fsanitize=fuzzer-no-link -Dwerror=true
fi
for t in $targets; do
  ninja -C "$dir" "tests/fuzz/$t"
done

status=0
for t in $targets; do
  corpus="$dir/fuzz-corpus/$t"
  mkdir -p "$corpus"
  echo "== $t: ${seconds}s"
  # A fresh working corpus seeded from the checked-in one; crashes land in $dir.
  if ! ASAN_OPTIONS=detect_leaks=1:detect_odr_violation=0:intercept_tls_get_addr=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0" \
      "$dir/tests/fuzz/$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -artifact_prefix="$dir/$t-" -print_final_stats=1 \
      "$corpus" "tests/fuzz/corpus/$t" 2>"$dir/$t.log"; then
    echo "$t FAILED (see $dir/$t.log):"
    tail -40 "$dir/$t.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$dir/$t.log" || true
    echo "$t: no crash"
  fi
done
exit $status
