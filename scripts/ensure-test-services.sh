#!/usr/bin/env bash
# Makes sure the programs the tests start are installed: Chromium (UI tests) and PostgreSQL
# (SQL connector tests). The tests start and stop their own throw-away instances on 127.0.0.1;
# this script only installs the packages, from Debian's apt, when it runs as root on Debian.
set -euo pipefail

missing=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing test services: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "the tests need: ${missing[*]}" >&2
  echo "install them (on Debian or Ubuntu: sudo apt-get install -y ${missing[*]}) and run the tests again" >&2
  exit 1
fi
