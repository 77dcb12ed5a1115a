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

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-ocr: không có apt-get; hãy tự cài: $PACKAGES" >&2
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install-ocr: cần quyền root để cài; hãy chạy: sudo apt-get install $PACKAGES" >&2
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# Update the package lists only when the packages are not known yet.
if ! apt-cache show tesseract-ocr-vie >/dev/null 2>&1; then
    $SUDO apt-get update -q || true
fi
if $SUDO apt-get install -y -q --no-install-recommends $PACKAGES; then
    echo "install-ocr: đã cài $PACKAGES."
else
    echo "install-ocr: cài đặt thất bại; hãy chạy: sudo apt-get install $PACKAGES" >&2
fi
exit 0
