# Shared set-up for scripts/serve, scripts/build and scripts/test (sourced, not run).
# Each step does its work once and is skipped while its inputs are unchanged,
# so a second run is quick.

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# A Python >= 3.12: $PYTHON if set, else the newest python3.x on PATH, else
# one that pyenv holds (pyenv's shims only answer for its active version).
find_python() {
  for candidate in ${PYTHON:-} python3.14 python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && is_python_312 "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for version in $(pyenv versions --bare 2>/dev/null | sort -rV); do
      candidate="$(pyenv root)/versions/$version/bin/python3"
      if [ -x "$candidate" ] && is_python_312 "$candidate"; then
        echo "$candidate"; return 0
      fi
    done
  fi
  die "no Python 3.12 or newer found. Install one (python3.12 on PATH), or point PYTHON at it: PYTHON=/path/to/python3.12 $0"
}

is_python_312() {
  "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1
}

fingerprint() {
  cat "$@" | sha256sum | cut -d' ' -f1
}

# .venv with exactly the packages of requirements.lock, and this project installed.
setup_python() {
  if [ -x .venv/bin/python ] && ! is_python_312 .venv/bin/python; then
    say "set-up: .venv holds an older Python; making it again"
    rm -rf .venv
  fi
  if [ ! -x .venv/bin/python ]; then
    python=$(find_python)
    say "set-up: creating .venv with $("$python" --version)"
    "$python" -m venv .venv || die "could not create .venv with $python (Debian needs the python3-venv package)"
  fi
  wanted=$(fingerprint requirements.lock pyproject.toml)
  if [ "$(cat .venv/.installed 2>/dev/null)" != "$wanted" ]; then
    say "set-up: installing pinned Python packages (requirements.lock)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock \
      || die "pip could not install requirements.lock"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . \
      || die "pip could not install this project into .venv"
    echo "$wanted" > .venv/.installed
  fi
}

# node_modules exactly as package-lock.json pins it.
setup_npm() {
  command -v node >/dev/null 2>&1 || die "Node.js is not installed; it brings the Pyodide runtime from npm. Install Node.js 20 and npm."
  command -v npm >/dev/null 2>&1 || die "npm is not installed; install npm (it comes with Node.js)."
  wanted=$(fingerprint package-lock.json)
  if [ "$(cat node_modules/.installed 2>/dev/null)" != "$wanted" ]; then
    say "set-up: installing pinned npm packages (npm ci)"
    # puppeteer-core drives the system's Firefox: it downloads no browser of its own.
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --silent --no-audit --no-fund || die "npm ci failed"
    echo "$wanted" > node_modules/.installed
  fi
}

# Pyodide's core, the wheels and the custom pyodide-lock.json, in build/runtime.
setup_runtime() {
  .venv/bin/python scripts/build_runtime.py || die "preparing the Python runtime failed"
}

setup_all() {
  setup_python
  setup_npm
  setup_runtime
}

build_site() {
  # Material prints an end-of-life notice on every build; it is not a warning.
  NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet || die "the site did not build"
  say "built site/"
}
