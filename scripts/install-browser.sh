#!/bin/sh
# Install Debian's Chromium for the web app's browser tests (Playwright drives it;
# no browser is ever downloaded by Playwright). Safe to run repeatedly; never fails
# the caller: when it cannot install, it says so and exits 0 (the browser tests are
# then skipped with that reason).
set -u

if [ -x /usr/bin/chromium ]; then
    echo "install-browser: chromium đã có sẵn ($(/usr/bin/chromium --version 2>/dev/null | head -n 1))."
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: không có apt-get; hãy tự cài gói chromium để chạy kiểm thử trình duyệt." >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install-browser: cần quyền root để cài chromium (apt-get install chromium); bỏ qua." >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q chromium >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null 2>&1 || true
    $SUDO apt-get install -y -q chromium >/dev/null 2>&1 || {
        echo "install-browser: không cài được chromium; các kiểm thử trình duyệt sẽ bị bỏ qua." >&2
        exit 0
    }
fi
echo "install-browser: đã cài chromium."
exit 0
