#!/bin/sh
# Installs the build into a temporary DESTDIR and checks that every file lands
# where desktop environments look for it.
# Usage: test-install.sh BUILD_DIR PREFIX APP_ID
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build=$1
prefix=$2
app_id=$3

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

echo "1..1"
meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$dest.log" 2>&1 || {
  cat "$dest.log" >&2
  rm -f "$dest.log"
  echo "not ok 1 - meson install failed"
  exit 1
}
rm -f "$dest.log"

root="$dest$prefix"
missing=""
for f in \
  bin/interview-latency \
  share/applications/$app_id.desktop \
  share/metainfo/$app_id.metainfo.xml \
  share/icons/hicolor/scalable/apps/$app_id.svg \
  share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg \
  share/glib-2.0/schemas/$app_id.gschema.xml \
  share/interview-latency/sql/interview_latency_summary.sql \
  share/locale/de/LC_MESSAGES/interview-latency.mo
do
  [ -s "$root/$f" ] || missing="$missing $f"
done
[ -x "$root/bin/interview-latency" ] || missing="$missing bin/interview-latency(not executable)"

# The desktop file must name the installed binary and icon, and carry German.
desktop="$root/share/applications/$app_id.desktop"
if [ -f "$desktop" ]; then
  grep -qx "Exec=interview-latency" "$desktop" || missing="$missing desktop:Exec"
  grep -qx "Icon=$app_id" "$desktop" || missing="$missing desktop:Icon"
  grep -q "^Name\[de\]=" "$desktop" || missing="$missing desktop:Name[de]"
fi

if [ -n "$missing" ]; then
  echo "# under $root: missing or wrong:$missing" >&2
  echo "not ok 1 - installed files:$missing"
  exit 1
fi
echo "ok 1 - every installed file is in place"
