#!/bin/sh
# One command from a fresh Debian 12 machine to the whole test suite: installs what is
# missing, builds, runs every test (widget tests under Xvfb), then again in an
# AddressSanitizer + UndefinedBehaviorSanitizer build, then a short fuzzing run.
set -eu
cd "$(dirname "$0")/.."

sh build-aux/install-deps.sh

status=0
summary=""

run_suite () {
  dir=$1
  shift
  [ -f "$dir/build.ninja" ] || meson setup "$dir" "$@"
  ninja -C "$dir"
  log="$dir/meson-logs/suite.txt"
  set +e
  xvfb-run -a -s "-screen 0 1400x900x24" meson test -C "$dir" --print-errorlogs --num-processes 2 >"$log" 2>&1
  rc=$?
  set -e
  cat "$log"
  ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  # the failing tests' names, where a log's tail will show them
  failed=$( (grep -E '^ *[0-9]+/[0-9]+ .* (FAIL|TIMEOUT|ERROR) ' "$log" | sed 's/^ *[0-9]*\/[0-9]* *//'
             grep -E 'Bail out!|ERROR:|runtime error:' "$log" | head -10) || true)
  summary="$summary
$dir: ${ok:-0} passed, ${fail:-0} failed"
  [ -z "$failed" ] || summary="$summary
$failed"
  [ "$rc" -eq 0 ] || status=1
}

run_suite build -Dwerror=true
run_suite build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true

if [ -x build-aux/run-fuzz.sh ]; then
  build-aux/run-fuzz.sh build-fuzz "${FUZZ_SECONDS:-20}" || status=1
fi

echo "$summary"
echo "$summary" | awk '/ passed, / { p += $2; f += $4 } END { printf "tests: %d passed, %d failed\n", p, f }'
exit $status
