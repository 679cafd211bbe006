#!/usr/bin/env bash
# What CI checks for the OpenAPI document's consumers (`.ci/run` step "sdks"; `just sdk-check`):
#
#   1. redocly lint, recommended rules: 0 errors (pinned @redocly/cli in sdks/tools/)
#   2. sdks/generate.sh leaves the work tree unchanged (generated SDK code is committed)
#   3. tsc --strict and mypy --strict on both SDKs and their tests
#   4. both SDKs' test journeys against a real `gateway serve --demo` (sdks/run-against-demo.sh)
#
# Tool installs are cached in sdks/*/node_modules and .venv-sdk/ (gitignored).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { printf '[sdks %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

log "redocly lint (recommended rules)"
if [[ ! -x sdks/tools/node_modules/.bin/redocly ]] \
  || ! cmp -s sdks/tools/package-lock.json sdks/tools/node_modules/.package-lock.json.ci 2>/dev/null; then
  (cd sdks/tools && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.ci)
fi
NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  sdks/tools/node_modules/.bin/redocly lint --extends=recommended --format=summary openapi/openapi.json

log "regenerate and compare (sdks/generate.sh)"
bash sdks/generate.sh
GENERATED=(sdks/typescript/src/generated sdks/python/src/fleetgate/generated)
untracked="$(git ls-files --others --exclude-standard -- "${GENERATED[@]}")"
if ! git diff --quiet -- "${GENERATED[@]}" || [[ -n "$untracked" ]]; then
  git diff --stat -- "${GENERATED[@]}" >&2 || true
  [[ -n "$untracked" ]] && printf 'untracked: %s\n' $untracked >&2
  echo "ERROR: the generated SDK code differs from openapi/openapi.json: run \`bash sdks/generate.sh\` and commit." >&2
  exit 1
fi

log "tsc --strict, mypy --strict"
(cd sdks/typescript && node_modules/.bin/tsc -p tsconfig.json)
(cd sdks/python && "$ROOT/.venv-sdk/bin/mypy" --strict)

log "the SDKs against serve --demo"
cargo build -q -p gateway
GATEWAY="${GATEWAY:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/gateway}"
export GATEWAY
bash sdks/run-against-demo.sh bash -c 'cd sdks/typescript && node --test dist/test/'
bash sdks/run-against-demo.sh bash -c "cd sdks/python && '$ROOT/.venv-sdk/bin/python' -m pytest -q -p no:cacheprovider"
log "passed"
