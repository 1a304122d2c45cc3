#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser download is not used), with
# its French locale files: without them date fields and file pickers show in English on French pages.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s chromium-l10n >/dev/null 2>&1 || missing+=(chromium-l10n)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${missing[*]} for the browser tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif [ -x /usr/bin/chromium ]; then
  echo "Without chromium-l10n the browser tests pass but screenshots show some fields in English: sudo apt-get install chromium-l10n" >&2
else
  echo "The browser tests need Chromium at /usr/bin/chromium: sudo apt-get install chromium chromium-l10n" >&2
  exit 1
fi
