# docs/webhooks/examples/receiver.py — a local webhook receiver for trying Fleetgate (Python 3,
# standard library only). It answers every POST with 200, prints one line per delivery and,
# given the endpoint's secret, checks both signatures with verify.py next to it.
#
#   python3 docs/webhooks/examples/receiver.py PORT [whsec_…]
#
# Start the gateway with WEBHOOK_ALLOW_PRIVATE_TARGETS=true so it may deliver to
# http://127.0.0.1:PORT/…
import http.server
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verify import verify_levy_signature, verify_standard_webhook  # noqa: E402

SECRET = sys.argv[2] if len(sys.argv) > 2 else None


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if SECRET:
            ok = verify_levy_signature(body, self.headers.get("X-Levy-Signature", ""), SECRET) and \
                verify_standard_webhook(body, self.headers.get("webhook-id", ""),
                                        self.headers.get("webhook-timestamp", ""),
                                        self.headers.get("webhook-signature", ""), SECRET)
            verdict = "signature valid" if ok else "signature INVALID"
        else:
            verdict = "signature not checked (no secret given)"
        event = json.loads(body or b"{}")
        print(f"{self.headers.get('X-Levy-Event')} {event.get('event_id')} "
              f"delivery {self.headers.get('X-Levy-Delivery')}: {verdict}", flush=True)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):  # one line per delivery is enough
        pass


if __name__ == "__main__":
    port = int(sys.argv[1])
    print(f"listening on http://127.0.0.1:{port}/", flush=True)
    http.server.HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
