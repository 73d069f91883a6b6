#!/usr/bin/env bash
# Install what the tests and the app need on a fresh Debian machine with Node 20 and npm, where
# missing: pnpm 12.4.2, Debian's chromium + libvulkan1 (headless browser tests and SwiftShader
# WebGPU), the peer programs python3-ase and lammps (interop and reference tests), numpy/scipy,
# python3-torch (the MACE state_dict converter in tools/mace and its test),
# and the workspace's dependencies from the lockfile. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  log "installing pnpm@$PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >&2
fi

DEBIAN_PACKAGES=(chromium libvulkan1 python3-ase lammps python3-numpy python3-scipy python3-torch)
missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else log "need root (or sudo) to install ${missing[*]}"; exit 1; fi
  fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# shellcheck source=tools/env.sh
. tools/env.sh

log "installing workspace dependencies (frozen lockfile)"
pnpm install --frozen-lockfile >&2
