"""The webhook receiver of the benchmark and chaos scripts: answers every POST with 200 and
appends one line per request to OUT: the event id, or "<event_id> <unix seconds>" with
--timestamps. --delay SECONDS sleeps before answering (a slow receiver).

Usage: webhook_receiver.py PORT OUT [--timestamps] [--delay SECONDS]
"""
import argparse
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("out")
parser.add_argument("--timestamps", action="store_true")
parser.add_argument("--delay", type=float, default=0.0)
args = parser.parse_args()
out = open(args.out, "a", buffering=1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        now = time.time()
        if args.delay:
            time.sleep(args.delay)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        event_id = json.loads(body)["event_id"]
        out.write(f"{event_id} {now:.6f}\n" if args.timestamps else event_id + "\n")

    def log_message(self, *a):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 1024  # listen backlog (default 5: SYNs dropped, 1 s retries)
ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
