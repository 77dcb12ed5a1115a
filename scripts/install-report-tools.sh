#!/bin/sh
# Install what the briefing (chitieu report) needs outside Python: Pango for WeasyPrint's
# PDF output, fonts that carry Vietnamese (Liberation Serif has the metrics of Times New
# Roman; DejaVu as a fallback and for the charts), and poppler-utils (pdftotext, pdftoppm)
# that the tests read the PDF back with. Debian/Ubuntu packages.
# Safe to run repeatedly; never fails the caller: when it cannot install, it says what
# to install by hand and exits 0.
set -u

PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig fonts-liberation fonts-dejavu-core poppler-utils"

have_all() {
    command -v pdftotext >/dev/null 2>&1 || return 1
    command -v pdftoppm >/dev/null 2>&1 || return 1
    command -v fc-list >/dev/null 2>&1 || return 1
    ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' || return 1
    ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || return 1
    fc-list 2>/dev/null | grep -q 'Liberation Serif' || return 1
    fc-list 2>/dev/null | grep -q 'DejaVu Sans' || return 1
    return 0
}

if have_all; then
    echo "install-report-tools: Pango, phông Liberation/DejaVu và poppler-utils đã có sẵn."
    exit 0
fi

sh "$(dirname "$0")/apt-install.sh" install-report-tools $PACKAGES
command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1
exit 0
