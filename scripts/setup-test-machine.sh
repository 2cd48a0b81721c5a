#!/usr/bin/env bash
# Installs the Debian packages the test suite drives: Chromium (Playwright e2e), and the reference
# age and minisign CLIs (bundle interop), unzip (archive interop), faketime (the unit suite runs
# again two years ahead, so a test that depends on the date fails the day it is written). Skips apt when all are present.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v age >/dev/null || need+=(age)
command -v minisign >/dev/null || need+=(minisign)
command -v unzip >/dev/null || need+=(unzip)
command -v faketime >/dev/null || need+=(faketime)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "test machine ready: $(chromium --version 2>/dev/null | head -1); age $(age --version); $(minisign -v 2>&1 | head -1)"
