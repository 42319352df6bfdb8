#!/usr/bin/env bash
# Finds what the browser tests need: a Chromium (Debian's /usr/bin/chromium, installed with apt
# when missing and we are root, as in CI; otherwise Playwright's own browser, on a laptop) and
# poppler-utils (pdftoppm, pdftotext) to look at the exported PDF summary.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${missing[*]} for the tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
if [[ " ${missing[*]} " == *" poppler-utils "* ]]; then
  echo "pdftoppm is missing and we are not root: install poppler-utils, or the PDF tests skip."
fi
if [[ " ${missing[*]} " == *" chromium "* ]]; then
  echo "No /usr/bin/chromium and not root: using Playwright's own Chromium."
  .venv/bin/python -m playwright install chromium
fi
