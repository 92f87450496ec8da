#!/usr/bin/env bash
# Prints a Python 3.10 interpreter (Rasa 3.6 needs 3.10): PYTHON310 if set,
# then python3.10 on PATH, then pyenv's installed 3.10.x.
set -euo pipefail
works() { "$1" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; }
for candidate in "${PYTHON310:-}" python3.10 "$(command -v pyenv >/dev/null && pyenv root 2>/dev/null)"/versions/3.10*/bin/python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10; do
  if [ -n "$candidate" ] && works "$candidate"; then echo "$candidate"; exit 0; fi
done
echo "Python 3.10 not found: install it (e.g. 'pyenv install 3.10') or set PYTHON310." >&2
exit 1
