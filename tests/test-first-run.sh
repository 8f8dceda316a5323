#!/bin/sh
# The README's first run: the app as build-aux/run.sh starts it (straight from
# the build folder, nothing installed, no variable pointing at the build tree)
# opens its window on demo data, in English and in German. A copy outside the
# build tree without an installed schema still opens, on defaults, and says why.
# Usage: test-first-run.sh SOURCE_ROOT BUILD_ROOT APP_ID
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

src=$1
build=$2
app_id=$3

# A private session bus: an instance on the desktop's bus would take the
# window over, and GLib would autolaunch a bus that outlives the test.
if [ -z "${IL_FIRST_RUN_BUS:-}" ]; then
  IL_FIRST_RUN_BUS=1 exec dbus-run-session -- sh "$0" "$@"
fi

if ! command -v xwininfo >/dev/null 2>&1; then
  echo "1..0 # SKIP xwininfo is missing (x11-utils; build-aux/install-deps.sh installs it)"
  exit 0
fi

exe=$build/src/interview-latency
home=$(mktemp -d)
pid=""
cleanup () {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
mkdir -p "$home/cwd" "$home/bin" "$home/share"

n=0
status=0
result () {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    status=1
  fi
}

# Starts $1 as a user would, in a clean environment; extra VAR=value go to env.
start () {
  prog=$1
  shift
  log=$home/app.log
  (cd "$home/cwd" && exec env -u GSETTINGS_SCHEMA_DIR -u GSETTINGS_BACKEND -u IL_LOCALEDIR \
     -u IL_DEMO_NOW -u SUPABASE_URL -u SUPABASE_KEY -u LANGUAGE -u LC_ALL -u LC_MESSAGES \
     HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
     XDG_CACHE_HOME="$home/.cache" LANG=C.UTF-8 "$@" "$prog") >"$log" 2>&1 &
  pid=$!
}

# Waits up to 30 s for a top-level window named exactly $1.
wait_window () {
  i=0
  while [ $i -lt 60 ]; do
    if xwininfo -root -tree 2>/dev/null | grep -qF "\"$1\""; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
    i=$((i + 1))
  done
  return 1
}

stop () {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

show_log () {
  sed 's/^/# /' "$home/app.log" >&2
}

echo "1..5"

# The last thing run.sh does is exec the binary started here.
last=$(grep -v -e '^#' -e '^ *$' "$src/build-aux/run.sh" | tail -1)
[ "$last" = 'exec build/src/interview-latency "$@"' ]
result $? "build-aux/run.sh execs build/src/interview-latency"

start "$exe"
rc=0
wait_window "Demo Data — Interview Latency" || rc=1
stop
if [ $rc -eq 0 ] && grep -q -e "not installed" -e "ERROR" -e "CRITICAL" "$home/app.log"; then
  rc=1
fi
[ $rc -eq 0 ] || show_log
result $rc "the window opens on demo data from the build folder, settings schema found"

start "$exe" LANGUAGE=de LANG=de_DE.UTF-8
rc=0
wait_window "Demodaten — Interview Latency" || rc=1
stop
[ $rc -eq 0 ] || show_log
result $rc "with LANGUAGE=de the window title is German"

# Installed elsewhere, without its schema (the system's schemas only): it
# runs on defaults and says why.
if [ -e "/usr/share/glib-2.0/schemas/$app_id.gschema.xml" ]; then
  n=$((n + 1))
  echo "ok $n # SKIP $app_id is installed in /usr/share"
else
  cp "$exe" "$home/bin/interview-latency"
  start "$home/bin/interview-latency" XDG_DATA_DIRS=/usr/share
  rc=0
  wait_window "Demo Data — Interview Latency" || rc=1
  stop
  grep -qF "The settings schema $app_id is not installed" "$home/app.log" || rc=1
  ! grep -q -e "ERROR" -e "CRITICAL" "$home/app.log" || rc=1
  [ $rc -eq 0 ] || show_log
  result $rc "without an installed schema it runs on defaults and says why"
fi

# The README tells what the first run shows: the title checked above (and
# the badge, which test-app checks).
rc=0
grep -qF "Demo Data — Interview Latency" "$src/README.md" || rc=1
grep -qF "Demodaten — Interview Latency" "$src/README.md" || rc=1
grep -qF "Demo data · 200,000 rows" "$src/README.md" || rc=1
grep -qF "build-aux/run.sh" "$src/README.md" || rc=1
result $rc "README names the run command and the first run's window title"

exit $status
