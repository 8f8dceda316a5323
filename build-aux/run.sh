#!/bin/sh
# One command from a fresh Debian 12 machine to the running app:
# installs what is missing, builds into build/, starts the dashboard (demo data when
# no Supabase is configured). Extra arguments go to the app, e.g. --demo or --days 7.
set -eu
cd "$(dirname "$0")/.."

sh build-aux/install-deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build
exec build/src/interview-latency "$@"
