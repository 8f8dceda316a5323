#!/bin/sh
# Installs what building, running and testing Interview Latency needs on Debian 12.
# Only the missing packages are installed; runs apt-get through sudo when not root.
# postgresql: test-pg-summary runs the database summary in a throw-away server
# (the package also starts a system cluster; the tests do not use it).
set -eu

packages="meson ninja-build pkg-config gcc libc6-dev
libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
libsecret-1-dev libcairo2-dev gettext desktop-file-utils appstream
xvfb xauth x11-utils dbus dbus-x11 gnome-keyring fonts-cantarell adwaita-icon-theme
clang libclang-rt-14-dev python3 locales
postgresql"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "Installing:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The German translation test needs a German UTF-8 locale.
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO sh -c 'sed -i "s/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/" /etc/locale.gen && locale-gen >/dev/null' || true
fi
