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
sh "$(dirname "$0")/apt-install.sh" install-browser chromium
exit 0
