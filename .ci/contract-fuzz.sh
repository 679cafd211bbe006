#!/usr/bin/env bash
# Contract fuzz: run schemathesis with every check (`--checks all`) against a real
# `gateway serve --demo` and fail on any finding: a 5xx, a body, header, status code or content
# type the document does not declare, a schema-valid request refused or a schema-violating one
# accepted, and the stateful checks. Rules no schema can state are applied to schema-valid
# cases by .ci/fuzz_hooks.py; the few targeted settings are in .ci/schemathesis.toml, each with
# its reason (docs/sdks.md, "Contract fuzz with every check").
#
#   bash .ci/contract-fuzz.sh            (also `just fuzz`; part of .ci/run)
#
# What it does:
#   1. creates the virtualenv .venv-ci/ (if missing or stale) from the pinned .ci/requirements.txt
#   2. `cargo build -p gateway`
#   3. drops and recreates the dedicated database fleetgate_ci_fuzz, starts
#      `target/debug/gateway serve --demo` on a free loopback port, waits for /healthz
#   4. takes the first `lf_pk_` key the demo prints (live, all permissions), signs the demo
#      operator in, and runs `st run http://127.0.0.1:PORT/openapi.json` with both
#      (.ci/schemathesis.toml: the key for partner operations, the session for management ones) (phases: examples, coverage, fuzzing,
#      stateful; bounded by --max-examples and an outer timeout)
#   5. always stops the server; on failure prints the tail of its stderr
#
# Excluded: GET /api/partner/v1/telematics/stream (an endless text/event-stream).
#
# Reports (JUnit XML + VCR cassette of every request/response), the server's logs and
# schemathesis'/hypothesis' caches are written to target/contract-fuzz/; the virtualenv is
# .venv-ci/ (recreated whenever .ci/requirements.txt changes).
#
# Tunables (environment):
#   FUZZ_MAX_EXAMPLES   test cases per operation and phase        (default 50)
#   FUZZ_PHASES         schemathesis phases                       (default examples,coverage,fuzzing,stateful)
#   FUZZ_WORKERS        schemathesis concurrent workers           (default 1: with 2, Python 3.11 + hypothesis
#                       crashed with "AST constructor recursion depth mismatch" while generating cases)
#   FUZZ_SEED           hypothesis seed                           (default 20261204: CI is deterministic, so a red
#                       run is the schema's or the server's doing and reproduces; `random` explores)
#   FUZZ_TIMEOUT        hard limit for the schemathesis run, s    (default 900)
#   FUZZ_RATE_LIMIT     client-side request rate cap              (default 5000/m; the demo key allows 6000/min)
#   FUZZ_DATABASE_URL   database (dropped first!)                 (default postgres://postgres@127.0.0.1:5432/fleetgate_ci_fuzz)
#   FUZZ_REDIS_URL      REDIS_URL for the server; empty = in-process limiter (default: a private
#                       redis-server on a free port when installed, else 127.0.0.1:6379 if it answers)
#                                                                 (default redis://127.0.0.1:6379 when Redis answers)
#   FUZZ_CHECKS         schemathesis --checks                     (default `all`: every check, see docs/sdks.md;
#                       a subset is passed as --checks, which overrides .ci/schemathesis.toml's per-operation settings)
#   FUZZ_EXTRA_ARGS     extra arguments appended to `st run`
#   PYTHON              interpreter for the virtualenv            (default python3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

log() { printf '[contract-fuzz %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { printf '[contract-fuzz] ERROR: %s\n' "$*" >&2; exit 1; }

VENV="$ROOT/.venv-ci"
REQS="$ROOT/.ci/requirements.txt"
OUT="$ROOT/target/contract-fuzz"
DB_URL="${FUZZ_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fleetgate_ci_fuzz}"
DB_NAME="${DB_URL##*/}"
DB_NAME="${DB_NAME%%\?*}"
DB_ADMIN_URL="${DB_URL%/*}/postgres"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-50}"
PHASES="${FUZZ_PHASES:-examples,coverage,fuzzing,stateful}"
WORKERS="${FUZZ_WORKERS:-1}"
TIMEOUT="${FUZZ_TIMEOUT:-900}"
# The demo tenant is enterprise: 6000 requests/min per key. Stay under it so no 429 hides a bug.
RATE_LIMIT="${FUZZ_RATE_LIMIT:-5000/m}"
PYTHON="${PYTHON:-python3}"
CHECKS="${FUZZ_CHECKS:-all}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

[[ "$DB_NAME" =~ ^[A-Za-z0-9_]+$ ]] || die "refusing odd database name '$DB_NAME' in FUZZ_DATABASE_URL"

# --- services (already up on these machines; start them if not) ----------------------------
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL is not answering on 127.0.0.1:5432"

PRIVATE_REDIS=no
if [[ -z "${FUZZ_REDIS_URL+set}" ]]; then
  if command -v redis-server >/dev/null 2>&1; then
    # A Redis of its own: rate-limit and login-throttle state of earlier runs (or of other
    # users of a shared Redis) cannot leak into this run, nor this run's into theirs.
    PRIVATE_REDIS=yes
    FUZZ_REDIS_URL=""
  elif redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    FUZZ_REDIS_URL="redis://127.0.0.1:6379"
  else
    log "Redis not answering on 127.0.0.1:6379: the server uses its in-process limiter"
    FUZZ_REDIS_URL=""
  fi
fi

# --- virtualenv with pinned schemathesis ---------------------------------------------------
req_hash="$(sha256sum "$REQS" | cut -d' ' -f1)"
stamp="$VENV/.requirements.sha256"
if [[ ! -x "$VENV/bin/st" || ! -f "$stamp" || "$(cat "$stamp")" != "$req_hash" ]] \
  || ! "$VENV/bin/python" -c 'import schemathesis' >/dev/null 2>&1; then
  log "creating virtualenv $VENV from .ci/requirements.txt"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet -r "$REQS"
  "$VENV/bin/python" -m pip check
  echo "$req_hash" >"$stamp"
fi
log "$("$VENV/bin/st" --version)"

# --- gateway ------------------------------------------------------------------------------
log "cargo build -p gateway"
cargo build -p gateway
GATEWAY="${CARGO_TARGET_DIR:-$ROOT/target}/debug/gateway"
[[ -x "$GATEWAY" ]] || die "$GATEWAY was not built"

mkdir -p "$OUT"
rm -rf "$OUT/report"
SERVER_OUT="$OUT/server.stdout.log"
SERVER_ERR="$OUT/server.stderr.log"
: >"$SERVER_OUT"
: >"$SERVER_ERR"

log "dropping database $DB_NAME"
psql -q -X -v ON_ERROR_STOP=1 "$DB_ADMIN_URL" \
  -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null

PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"

SERVER_PID=""
status=1
REDIS_PID=""
stop_server() {
  if [[ -n "$REDIS_PID" ]]; then
    kill -TERM "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
  fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
on_exit() {
  local rc=$?
  stop_server
  if [[ $rc -ne 0 ]]; then
    if [[ -s "$SERVER_ERR" ]] && grep -q -E 'ERROR|WARN|panicked|^Error' "$SERVER_ERR"; then
      echo "---- gateway stderr: first errors, warnings and panics ----" >&2
      grep -n -m 20 -E 'ERROR|WARN|panicked|^Error' "$SERVER_ERR" >&2 || true
    fi
    echo "---- gateway stderr (last 60 lines of ${SERVER_ERR#"$ROOT"/}) ----" >&2
    tail -n 60 "$SERVER_ERR" >&2 2>/dev/null || true
    echo "---- end of gateway stderr ----" >&2
    echo "[contract-fuzz] FAILED (exit $rc); reports and logs in ${OUT#"$ROOT"/}/" >&2
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ $PRIVATE_REDIS == yes ]]; then
  RPORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  redis-server --bind 127.0.0.1 --port "$RPORT" --save "" --appendonly no >"$OUT/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 50); do redis-cli -p "$RPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$RPORT" ping >/dev/null 2>&1 || die "the private redis-server did not start (see $OUT/redis.log)"
  FUZZ_REDIS_URL="redis://127.0.0.1:$RPORT"
fi
log "starting gateway serve --demo on $BASE (database $DB_NAME, REDIS_URL='${FUZZ_REDIS_URL}')"
# AUTH_FAILURES_PER_MINUTE: schemathesis deliberately sends missing/invalid keys; the per-IP
# limit on those (20/min by default) must not turn later requests into 429s.
redis_env=(-u REDIS_URL)
[[ -n "$FUZZ_REDIS_URL" ]] && redis_env=(REDIS_URL="$FUZZ_REDIS_URL")
env "${redis_env[@]}" \
  DATABASE_URL="$DB_URL" \
  BIND_ADDR="127.0.0.1:$PORT" \
  AUTH_FAILURES_PER_MINUTE=1000000 \
  LOG_FORMAT=pretty \
  NO_COLOR=1 \
  RUST_LIB_BACKTRACE=0 \
  RUST_LOG="${RUST_LOG:-info}" \
  "$GATEWAY" serve --demo </dev/null >"$SERVER_OUT" 2>"$SERVER_ERR" &
SERVER_PID=$!

KEY=""
for _ in $(seq 1 240); do
  kill -0 "$SERVER_PID" 2>/dev/null || die "gateway exited during start-up"
  if curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null; then
    KEY="$(grep -o -m1 'lf_pk_[A-Za-z0-9]\+' "$SERVER_OUT" || true)"
    [[ -n "$KEY" ]] && break
  fi
  sleep 0.5
done
curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" || die "gateway did not answer $BASE/healthz within 120 s"
[[ -n "$KEY" ]] || die "no lf_pk_ key in the output of serve --demo ($SERVER_OUT)"
log "gateway up (pid $SERVER_PID); using the demo's live all-permissions key ${KEY:0:10}…"

# The management API: sign the demo operator in (credentials printed by serve --demo).
OP_LINE="$(grep -m1 '^Demo operator' "$SERVER_OUT" || true)"
OP_EMAIL="$(sed -n 's/.*: \([^ ]*@[^ ]*\) .*/\1/p' <<<"$OP_LINE")"
OP_PASSWORD="$(sed -n 's/.*password: \([^ ]*\).*/\1/p' <<<"$OP_LINE")"
[[ -n "$OP_EMAIL" && -n "$OP_PASSWORD" ]] || die "no demo operator in the output of serve --demo"
SESSION="$(curl -fsS --max-time 10 -H 'Content-Type: application/json' \
  -d "{\"email\":\"$OP_EMAIL\",\"password\":\"$OP_PASSWORD\"}" \
  "$BASE/api/admin/v1/auth/login" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["data"]["token"])')"
[[ -n "$SESSION" ]] || die "could not sign the demo operator in"
log "management session for $OP_EMAIL opened"
# The first subaccount the key reaches: .ci/fuzz_hooks.py names it where a global key must
# choose one (creates, analytics).
SUBACCOUNT="$(curl -fsS --max-time 10 -H "X-Partner-Api-Key: $KEY" "$BASE/api/partner/v1/me" \
  | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["data"]["subaccounts"][0]["id"])')"
[[ -n "$SUBACCOUNT" ]] || die "the demo key reaches no subaccount"
export FUZZ_API_KEY="$KEY" FUZZ_SESSION_TOKEN="$SESSION" FUZZ_SUBACCOUNT_ID="$SUBACCOUNT"
# Cross-field and stateful rules the document cannot state (fresh Idempotency-Key, page or
# cursor, a subaccount for creates, analytics ranges): see .ci/fuzz_hooks.py.
export SCHEMATHESIS_HOOKS=fuzz_hooks PYTHONPATH="$ROOT/.ci${PYTHONPATH:+:$PYTHONPATH}"

# --- schemathesis -------------------------------------------------------------------------
st_args=(
  --config-file "$ROOT/.ci/schemathesis.toml"
  run "$BASE/openapi.json"
  # The key as a fixed header on every request: with only `[auth.openapi.api_key]`, the
  # coverage phase sent generated values in its place (5000 of 6500 partner requests were 401).
  --header "X-Partner-Api-Key: $KEY"
  --phases "$PHASES"
  --max-examples "$MAX_EXAMPLES"
  --workers "$WORKERS"
  --request-timeout 10
  --rate-limit "$RATE_LIMIT"
  --generation-database none
  --report junit,vcr
  --report-dir "$OUT/report"
  --no-color
  # Server-Sent Events never end on their own (clients reconnect); schemathesis would wait for
  # the whole body until --request-timeout. The stream is covered by the telematics tests.
  --exclude-path /api/partner/v1/telematics/stream
  # Signing out would end the session the remaining management cases use (it is covered by
  # the management tests).
  --exclude-path /api/admin/v1/auth/logout
)
# Every check is schemathesis' default; naming them with `--checks` would also override the
# per-operation settings of .ci/schemathesis.toml, so the option is only passed for a subset.
[[ "$CHECKS" != all ]] && st_args+=(--checks "$CHECKS")
SEED="${FUZZ_SEED:-20261204}"
[[ "$SEED" != random ]] && st_args+=(--seed "$SEED")
# shellcheck disable=SC2206 # deliberate word splitting of user-supplied extra args
[[ -n "${FUZZ_EXTRA_ARGS:-}" ]] && st_args+=($FUZZ_EXTRA_ARGS)

shown=""
for a in "${st_args[@]}"; do
  a="${a//$KEY/\$KEY}"
  if [[ "$a" =~ [[:space:]] ]]; then shown+=" \"$a\""; else shown+=" $a"; fi
done
log "$VENV/bin/st$shown"

started=$SECONDS
set +e
# Run from target/contract-fuzz/ so schemathesis' crash cache (.schemathesis/, used by
# `st replay ID`) and hypothesis' storage land there, not in the work tree.
rm -rf "$OUT/.schemathesis"
# Three runs: the partner API (and the open endpoints) without key self-service first, then
# the partner key operations, then the management API. Key operations can regenerate or revoke
# any key in reach (the fuzz key included, once they have listed the ids), which would turn the
# rest of a combined run into 401s (it did from request 1517 of 6867).
status=0
for part in "--exclude-path-regex ^/api/(admin/|partner/v1/api-keys)" \
  "--include-path-regex ^/api/partner/v1/api-keys" \
  "--include-path-regex ^/api/admin/"; do
  log "schemathesis: $part"
  # shellcheck disable=SC2086 # $part is two words on purpose
  (cd "$OUT" && HYPOTHESIS_STORAGE_DIRECTORY="$OUT/.hypothesis" \
    timeout --kill-after=30 "$TIMEOUT" "$VENV/bin/st" "${st_args[@]}" $part)
  rc=$?
  [[ $rc -ne 0 && $status -eq 0 ]] && status=$rc
  [[ $rc -eq 124 || $rc -eq 137 ]] && break
done
set -e
elapsed=$((SECONDS - started))

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  die "the gateway died during the run (schemathesis exit $status)"
fi
if [[ $status -eq 124 || $status -eq 137 ]]; then
  die "schemathesis did not finish within FUZZ_TIMEOUT=${TIMEOUT}s"
fi
if [[ $status -ne 0 ]]; then
  die "schemathesis reported failures (exit $status, ${elapsed}s): see FAILURES above (each with a curl line to reproduce; the server is gone now, start one with \`just dev\`), or rerun the same cases with FUZZ_SEED=<Seed above> bash .ci/contract-fuzz.sh"
fi
log "passed in ${elapsed}s"
