#!/usr/bin/env bash
# Regenerates both SDKs from openapi/openapi.json with the pinned generators; deterministic
# (same input, same bytes), so CI can run it and fail on `git diff`.
#
#   bash sdks/generate.sh
#
#   TypeScript: openapi-typescript (sdks/typescript/package.json)  -> sdks/typescript/src/generated/schema.ts
#   Python:     openapi-python-client (sdks/python/requirements-dev.txt) -> sdks/python/src/fleetgate/generated/
#
# Installs the tools on first use: sdks/typescript/node_modules (npm ci) and the virtualenv
# .venv-sdk/ (recreated when sdks/python/requirements-dev.txt changes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# --- tools ----------------------------------------------------------------------------------
if [[ ! -x sdks/typescript/node_modules/.bin/openapi-typescript ]] \
  || ! cmp -s sdks/typescript/package-lock.json sdks/typescript/node_modules/.package-lock.json.ci 2>/dev/null; then
  (cd sdks/typescript && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.ci)
fi
VENV="$ROOT/.venv-sdk"
REQS="$ROOT/sdks/python/requirements-dev.txt"
stamp="$VENV/.requirements.sha256"
req_hash="$(sha256sum "$REQS" | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/openapi-python-client" || ! -f "$stamp" || "$(cat "$stamp")" != "$req_hash" ]]; then
  rm -rf "$VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet -r "$REQS"
  echo "$req_hash" >"$stamp"
fi

# --- TypeScript -----------------------------------------------------------------------------
(cd sdks/typescript && node_modules/.bin/openapi-typescript ../../openapi/openapi.json -o src/generated/schema.ts --silent)

# --- Python ---------------------------------------------------------------------------------
rm -rf sdks/python/src/fleetgate/generated
(cd sdks/python && PATH="$VENV/bin:$PATH" "$VENV/bin/openapi-python-client" generate \
  --path ../../openapi/openapi.json \
  --output-path src/fleetgate/generated \
  --meta none \
  --config generator.yaml)
echo "sdks regenerated from openapi/openapi.json"
