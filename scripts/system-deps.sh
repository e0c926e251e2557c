#!/usr/bin/env bash
# System packages yusuan needs beyond PyPI, from Debian's packages:
#   fonts-noto-cjk        Chinese fonts embedded in published PDFs
#   libpango/libpangoft2  text layout for WeasyPrint (PDF publishing)
#   libharfbuzz-subset0   fast font subsetting (a 2 s PDF instead of 12 s)
#   poppler-utils         pdftoppm, to render published PDFs to PNG for review
#   postgresql            the web platform's storage tests run on PostgreSQL as well as SQLite
#   chromium              the browser tests (Playwright drives it; nothing is downloaded)
#   tesseract-ocr         OCR of scanned (image-only) PDFs, called as a command (TSV with confidences)
#   tesseract-ocr-chi-sim its Simplified Chinese model (English and digits come with tesseract-ocr)
#   tesseract-ocr-osd     its orientation model: a page scanned sideways or upside down is turned
# Run as root, they are installed; otherwise they are checked. Under CI=true anything missing
# is a failure, never a silent skip.
set -euo pipefail

PACKAGES=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils postgresql chromium
  tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd)

missing() {
  local out=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p")
  done
  echo "${out[@]:-}"
}

need="$(missing)"
if [ -n "$need" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "安装系统组件：$need"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $need >/dev/null \
    || { apt-get -o DPkg::Lock::Timeout=900 update -q >/dev/null && apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $need >/dev/null; }
  need="$(missing)"
fi
if [ -n "$need" ]; then
  echo "缺少系统组件：$need（以 root 运行 make setup 可自动安装；Debian/Ubuntu：apt-get install $need）" >&2
  if [ "${CI:-}" = "true" ]; then
    exit 1
  fi
fi
