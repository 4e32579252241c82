#!/usr/bin/env bash
# Rebuild the bundled example's DOCX, Markdown and PDF with kxdt itself, and the README picture.
# Needs LibreOffice (soffice) and poppler (pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
export KXDT_DB="$(mktemp -d)/archive.sqlite3"   # leave the user's archive alone
src=examples/kxdt-2024-09.txt
kxdt export "$src" --to md -o examples/kxdt-2024-09.md --force
kxdt export "$src" --to docx -o examples/kxdt-2024-09.docx --force
profile="$(mktemp -d)"
soffice "-env:UserInstallation=file://$profile" --headless --convert-to pdf --outdir examples examples/kxdt-2024-09.docx >/dev/null
pdftoppm -r 70 -f 1 -l 1 -png examples/kxdt-2024-09.pdf docs/example-page
# The README's picture of a draft: the next issue drafted from an archive holding the example.
work="$(mktemp -d)"
kxdt parse "$src" >/dev/null 2>&1
kxdt new-issue --number 104 --out "$work" 2>/dev/null
soffice "-env:UserInstallation=file://$profile" --headless --convert-to pdf --outdir "$work" "$work"/*.docx >/dev/null
pdftoppm -r 70 -f 1 -l 2 -png "$work"/*.pdf docs/draft-page
