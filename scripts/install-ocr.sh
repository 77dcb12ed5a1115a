#!/bin/sh
# Install what chitieu needs to read scanned reports and PDFs: Tesseract with its
# Vietnamese model and poppler's pdftotext/pdftoppm (Debian/Ubuntu packages), and
# the DejaVu fonts the reader tests and bench/ingest.py draw their sample pages with.
# Safe to run repeatedly; never fails the caller: when it cannot install, it says
# what to install by hand and exits 0.
set -u

PACKAGES="tesseract-ocr tesseract-ocr-vie poppler-utils fonts-dejavu-core"

have_all() {
    command -v tesseract >/dev/null 2>&1 || return 1
    command -v pdftoppm >/dev/null 2>&1 || return 1
    command -v pdftotext >/dev/null 2>&1 || return 1
    tesseract --list-langs 2>/dev/null | grep -qx vie || return 1
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || return 1
    return 0
}

if have_all; then
    echo "install-ocr: tesseract (vie), poppler-utils và phông DejaVu đã có sẵn."
    exit 0
fi

sh "$(dirname "$0")/apt-install.sh" install-ocr $PACKAGES
exit 0
