#!/usr/bin/env bash
# Fails when a committed generated file differs from what its source generates:
# the gRPC types from proto/, docs/configuration.md from libs/config/src/schema.ts.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx nx run contracts:generate --skip-nx-cache >/dev/null
npx nx run config:generate-docs --skip-nx-cache >/dev/null
status=0
check() {
  local what=$1 path=$2
  if ! git diff --exit-code --stat -- "$path" || [ -n "$(git status --porcelain -- "$path")" ]; then
    git status --porcelain -- "$path"
    echo "$what is out of date: run 'npm run generate' and commit the result" >&2
    status=1
  else
    echo "$what: up to date"
  fi
}
check "generated gRPC types" libs/contracts/src/generated
check "docs/configuration.md" docs/configuration.md
exit $status
