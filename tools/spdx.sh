#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Give every source file of the repository the licence's SPDX header, once: C files a first line
# "/* SPDX-License-Identifier: Apache-2.0 */", scripts (shell, Python, JavaScript, Makefiles) a
# comment line after the #! line. Idempotent: a file that has the header is left alone.
#   bash tools/spdx.sh           add the header where it is missing
#   bash tools/spdx.sh --check   list the files without it; exit 1 when there is any
set -euo pipefail
cd "$(dirname "$0")/.."
ID="SPDX-License-Identifier: Apache-2.0"
check=0
[ "${1:-}" = --check ] && check=1

# The files that are source code: C, shell, Python, JavaScript, Makefiles, debian/rules.
sources() {
  git ls-files --cached --others --exclude-standard -- '*.c' '*.h' '*.sh' '*.py' '*.mjs' '*.js' \
    Makefile debian/rules | sort -u
}

# add FILE: the header in the file's comment syntax, after a #! line if there is one.
add() {
  local f=$1 line tmp
  case $f in
  *.c | *.h) line="/* $ID */" ;;
  *.mjs | *.js) line="// $ID" ;;
  *) line="# $ID" ;;
  esac
  tmp=$(mktemp)
  if head -1 "$f" | grep -q '^#!'; then
    { head -1 "$f"; echo "$line"; tail -n +2 "$f"; } >"$tmp"
  else
    { echo "$line"; cat "$f"; } >"$tmp"
  fi
  cat "$tmp" >"$f" # keeps the file's mode
  rm -f "$tmp"
}

missing=0
while IFS= read -r f; do
  [ -f "$f" ] || continue
  head -3 "$f" | grep -q "$ID" && continue
  missing=$((missing + 1))
  if [ "$check" = 1 ]; then echo "no SPDX header: $f"; else add "$f"; fi
done < <(sources)
[ "$check" = 1 ] && [ "$missing" -gt 0 ] && exit 1
[ "$check" = 0 ] && [ "$missing" -gt 0 ] && echo "spdx: added the header to $missing files"
exit 0
