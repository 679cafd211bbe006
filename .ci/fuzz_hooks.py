"""schemathesis hooks for .ci/contract-fuzz.sh (loaded through SCHEMATHESIS_HOOKS=fuzz_hooks).

`Idempotency-Key` means "the same request as before" (SPEC §6): the server answers a key reused
for a *different* request with a documented 422 IDEMPOTENCY_KEY_REUSED, a rule no schema can
state. Generated cases reuse a handful of short strings ("0", "00", …) across unrelated
requests, so every schema-valid key is replaced by a fresh one, as a real client does. Keys that
violate the schema (negative cases) are left alone, so the server's refusal of them is still
tested.
"""

import re
import uuid

import schemathesis

_VALID = re.compile(r"[\x21-\x7e]{1,255}")


@schemathesis.hook
def before_call(ctx, case, **kwargs):  # noqa: ARG001 (schemathesis' signature)
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key":
            value = headers[name]
            if isinstance(value, str) and _VALID.fullmatch(value):
                headers[name] = f"fuzz-{uuid.uuid4()}"
    return None
