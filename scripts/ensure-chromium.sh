#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (Playwright cannot download
# its own browsers here). Install it with apt-get when it is missing and we are allowed to.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "chromium not found and cannot apt-get it: browser tests will be skipped" >&2
  exit 0
fi
echo "installing Debian chromium for the browser tests..." >&2
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
  || echo "chromium install failed: browser tests will be skipped" >&2
exit 0
