# Shared helpers of the benchmark and chaos scripts (sourced, not run):
#   bench_prerequisites   wrk installed (Debian package), the shared Postgres and Redis up
#   free_port             a free TCP port on 127.0.0.1
#   wait_healthz PORT [TRIES] [PAUSE]   poll GET /healthz until it answers (default 150 × 0.2 s);
#                         returns non-zero when it never did
#   start_receiver PORT OUT [--timestamps] [--delay SECONDS]   the webhook receiver
#                         (scripts/lib/webhook_receiver.py) in the background; sets RECEIVER_PID
#   start_bench_gateway   "$BIN" serve on $PORT over $DB_URL and $REDIS_URL with the bench
#                         routes, output in $OUT and $ERR; sets PID; exits when it never answers
#   cli ARGS…             the gateway's CLI on $DB_URL
LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

bench_prerequisites() {
  if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk (Debian package)" >&2
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
  fi
  pg_isready -h 127.0.0.1 -p 5432 >/dev/null || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_healthz() {
  local port=$1 tries=${2:-150} pause=${3:-0.2}
  for _ in $(seq 1 "$tries"); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep "$pause"; done
  return 1
}

start_receiver() {
  local port=$1 out=$2
  shift 2
  : >"$out"
  python3 "$LIB_DIR/webhook_receiver.py" "$port" "$out" "$@" &
  RECEIVER_PID=$!
}

start_bench_gateway() {
  # `serve` creates the database if missing and runs the migrations.
  DATABASE_URL="$DB_URL" REDIS_URL="$REDIS_URL" BIND_ADDR="127.0.0.1:$PORT" BENCH_ROUTES=true \
    RUST_LOG=warn "$BIN" serve >"$OUT" 2>"$ERR" &
  PID=$!
  wait_healthz "$PORT" 100 || { echo "gateway did not start:" >&2; cat "$ERR" >&2; exit 1; }
}

cli() { DATABASE_URL="$DB_URL" RUST_LOG=error "$BIN" "$@"; }
