#!/usr/bin/env bash
# Fails when the committed gRPC types differ from what proto/ generates.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx nx run contracts:generate --skip-nx-cache >/dev/null
if ! git diff --exit-code --stat -- libs/contracts/src/generated ||
  [ -n "$(git status --porcelain -- libs/contracts/src/generated)" ]; then
  git status --porcelain -- libs/contracts/src/generated
  echo "generated gRPC types are out of date: run 'npm run generate' and commit the result" >&2
  exit 1
fi
echo "generated gRPC types: up to date"
