# Shared by demo.sh and test.sh: a virtual environment in .venv with the project installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
    # Debian's python3 has no venv module until python3-venv is installed.
    rm -rf .venv
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    else
      echo "Please install the venv module: sudo apt-get install python3-venv" >&2
      exit 1
    fi
    "$PYTHON" -m venv .venv
  fi
fi
if [ -z "${MEEDOEN_SKIP_INSTALL:-}" ]; then  # set it to reuse .venv as it is (quicker reruns)
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
fi
export PATH="$PWD/.venv/bin:$PATH"
