#!/usr/bin/env bash
# Debian's Chromium is what kaleido (PNG export) and the browser tests drive.
# Installed from the distribution's packages when missing; never downloaded by a tool.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x "${BROWSER_PATH:-/nonexistent}" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium)." >&2
    echo "PNG export and the browser tests need it." >&2
    exit 1
fi
echo "Installing Debian's chromium (PNG export and browser tests)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null
command -v chromium
