#!/usr/bin/env bash
# Set up a fresh machine for cv-engineer, idempotently (a second run takes seconds):
#   1. system packages the data needs (as root with apt: installed; otherwise the data
#      layer extracts them without installing, or says what to install);
#   2. the virtual environment .venv with the project-wide pins and the cvlab engine;
#   3. the datasets and weights, provided and checksummed by `cvlab data fetch`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
# pip warns once per package about this machine's partial local mirrors: hide only that line.
pip_q() { "$VENV/bin/python" -m pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

# 1. System packages ---------------------------------------------------------------
APT_PACKAGES="dataset-fashion-mnist"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=""
  for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    log "apt-get install$missing"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
  # opencv-doc is 95 MB of which we need the sample data: the data layer extracts it
  # (apt-get download + dpkg-deb -x), which needs the package lists.
  [ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ] || apt-get update -qq >/dev/null
else
  log "not root or no apt-get: skipping system packages (the data layer will say what is missing)"
fi

# 2. Python environment --------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV with $($PYTHON --version)"
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.cvlab-pins"
want=$(cat requirements.txt requirements-nodeps.txt constraints.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "installing the pinned stack (first time: a few minutes; torch alone is ~5 GB)"
  pip_q install -q --upgrade pip >/dev/null
  pip_q install -q -r requirements.txt -c constraints.txt
  # Packages that declare a second OpenCV: installed without their deps (see the file).
  pip_q install -q --no-deps -r requirements-nodeps.txt
  pip_q install -q --no-deps -e .
  echo "$want" > "$stamp"
else
  log "pinned stack already installed"
fi

# 3. Data ------------------------------------------------------------------------------
"$VENV/bin/cvlab" data fetch --all
log "ready: activate with 'source $VENV/bin/activate' or run '$VENV/bin/cvlab'"
