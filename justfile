# Fleetgate developer recipes: thin wrappers over cargo and the CI scripts.
# `just` is optional (CI never needs it): `cargo install just`, or `pip install rust-just`.

# List the recipes.
default:
    @just --list

# Run the gateway with the seeded demo tenant (prints the demo keys; Swagger UI at /docs/).
dev:
    cargo run -p gateway -- serve --demo

# Run all tests (needs the local PostgreSQL and Redis): the README's test command.
test:
    cargo test --workspace

# Formatting check and clippy with warnings as errors, as in CI.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Regenerate the checked-in OpenAPI document (CI fails when it drifts).
openapi:
    cargo run -q -p gateway -- openapi > openapi/openapi.json.tmp
    mv openapi/openapi.json.tmp openapi/openapi.json

# Everything CI runs: fmt, clippy, tests, OpenAPI drift check, contract fuzz.
ci:
    bash .ci/run

# Regenerate both SDKs (sdks/typescript, sdks/python) from openapi/openapi.json.
sdks:
    bash sdks/generate.sh

# The SDK checks of CI: redocly lint, SDK drift, tsc/mypy --strict, both SDKs against the demo.
sdk-check:
    bash sdks/check.sh

# Contract fuzz only: schemathesis against `gateway serve --demo` (venv in .venv-ci/).
fuzz:
    bash .ci/contract-fuzz.sh

# Authenticated hot-path benchmark (release build, wrk): `just bench-auth [seconds] [rounds]`.
bench-auth *ARGS:
    bash scripts/bench-auth.sh {{ARGS}}

# Nearby search over 100 000 seeded vehicles next to a bare handler (release build, wrk):
# `just bench-nearby [seconds] [rounds]`.
bench-nearby *ARGS:
    bash scripts/bench-nearby.sh {{ARGS}}
# Webhook delivery benchmark (release build, local receiver): `just bench-webhooks [events] [workers]`.
bench-webhooks *ARGS:
    bash scripts/bench-webhooks.sh {{ARGS}}
# Telematics ingest benchmark (release build, wrk): batch pings/s, single-ping req/s, bare
# handler, COPY ceiling: `just bench-ingest [batch-s] [single-s] [bare-s]`.
bench-ingest *ARGS:
    bash scripts/bench-ingest.sh {{ARGS}}

# Every benchmark there is so far.
bench *ARGS:
    bash scripts/bench-auth.sh {{ARGS}}
    bash scripts/bench-ingest.sh
# Public GBFS vehicle_status.json of a 100 000-vehicle subaccount next to a bare handler
# (release build, wrk): `just bench-gbfs [seconds] [rounds]`.
bench-gbfs *ARGS:
    bash scripts/bench-gbfs.sh {{ARGS}}
