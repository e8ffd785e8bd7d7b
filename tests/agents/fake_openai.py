"""A fake OpenAI-compatible server on 127.0.0.1 (stdlib only) that plays recorded answers.

The `openai` client talks HTTP to it for real, so timeouts, status codes and malformed bodies
are exercised end to end. Each scripted step is one of:

- ``("json", content_string)``: a chat completion whose message content is the string;
- ``("status", code)``: an HTTP error with an OpenAI-style error body;
- ``("sleep", seconds)``: answer only after ``seconds`` (the client times out first);
- ``("raw", bytes)``: a 200 response whose body is not JSON at all.

Instead of a script, ``respond(body) -> step`` may choose each answer from the request (a
conversation whose turns depend on what the client sent).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeServer:
    def __init__(self, steps: list[tuple], respond=None) -> None:
        self.steps = list(steps)
        self.respond = respond
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append({"path": self.path, "body": body,
                                        "authorization": self.headers.get("Authorization")})
                if server.respond is not None:
                    step = server.respond(body)
                else:
                    step = server.steps.pop(0) if server.steps else ("status", 500)
                kind, value = step
                if kind == "sleep":
                    time.sleep(value)
                    kind, value = "json", "{}"
                if kind == "status":
                    payload = json.dumps({"error": {"message": f"fake {value}",
                                                    "type": "server_error"}}).encode()
                    self._send(value, payload)
                elif kind == "raw":
                    self._send(200, value)
                else:
                    payload = json.dumps({
                        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0,
                        "model": body.get("model", "fake"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": value}}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1,
                                  "total_tokens": 2},
                    }).encode()
                    self._send(200, payload)

            def _send(self, code: int, payload: bytes) -> None:
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
