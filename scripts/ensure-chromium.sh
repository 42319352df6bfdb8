#!/usr/bin/env bash
# Finds a Chromium for the browser tests: Debian's /usr/bin/chromium, installed with apt when
# missing and we are root (as in CI); otherwise Playwright's own browser (a laptop).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No /usr/bin/chromium and not root: using Playwright's own Chromium."
.venv/bin/python -m playwright install chromium
