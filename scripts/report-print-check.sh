#!/usr/bin/env bash
# Prints the HTML report to PDF with headless Chromium and checks it (A4, page count of a
# 50-collection report, no split word, no half-empty page): installs Debian's `chromium` and
# `poppler-utils` when they are missing, then runs the print tests. Safe to run again.
#
#   scripts/report-print-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
    echo "report-print-check: installing ${missing[*]}" >&2
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "report-print-check: run as root, or install ${missing[*]} yourself" >&2; exit 1; }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
fi
swift test --filter ReportPrintTests "$@"
