#!/bin/sh
# Install Debian packages for chitieu's tools: apt-install.sh WHO PACKAGE...
# Shared by install-ocr.sh, install-report-tools.sh and install-browser.sh. Runs
# apt-get as root (or through password-less sudo), updates the package lists only
# when the install fails without it, and never fails the caller: when it cannot
# install, it says what to install by hand and exits 0.
set -u
who=$1
shift
packages="$*"

if ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: không có apt-get; hãy tự cài: $packages" >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "$who: cần quyền root để cài; hãy chạy: sudo apt-get install $packages" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086  # the package list is meant to split
if ! $SUDO apt-get install -y -q --no-install-recommends $packages >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null 2>&1 || true
    if ! $SUDO apt-get install -y -q --no-install-recommends $packages >/dev/null 2>&1; then
        echo "$who: cài đặt thất bại; hãy chạy: sudo apt-get install $packages" >&2
        exit 0
    fi
fi
echo "$who: đã cài $packages."
exit 0
