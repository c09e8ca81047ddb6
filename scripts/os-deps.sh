#!/usr/bin/env bash
# Install the OS packages quizkit needs where they are missing (Debian/Ubuntu, as root or with sudo):
#   Pango (WeasyPrint's text layout), fonts with curly quotes and accents, poppler-utils (pdftoppm,
#   pdftotext for the PDF tests), Chromium (the accessibility audit), tmux (terminal tests), Node.js.

# With `runtime`, only what quizkit itself needs (Pango and fonts), for `make demo`.
set -u
need=()
if [ "${1:-}" != runtime ]; then
    command -v pdftoppm >/dev/null || need+=(poppler-utils)
    command -v chromium >/dev/null || need+=(chromium)
    command -v tmux >/dev/null || need+=(tmux)
    command -v npm >/dev/null || need+=(nodejs npm)
fi
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
    echo "quizkit: please install: ${need[*]}" >&2
    exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
echo "quizkit: installing OS packages: ${need[*]}" >&2
$sudo apt-get update -qq >/dev/null 2>&1
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
    || echo "quizkit: could not install ${need[*]}; the tests that need them will skip" >&2
