#!/bin/sh
# Makes a fresh machine with only Node.js 20 and npm ready to build and test:
# installs the pinned pnpm with npm (corepack cannot fetch it here), then the
# workspace's dependencies exactly as locked. Safe to run again: it is quick
# when everything is already in place.
set -eu
cd "$(dirname "$0")/../.."
PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "bootstrap: installing pnpm@$PNPM_VERSION with npm"
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
fi
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile --prefer-offline
