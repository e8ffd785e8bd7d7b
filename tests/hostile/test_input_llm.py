"""A hostile or broken model endpoint (issue 23): an answer that trickles a byte every half
second ends at the request deadline with a clear message (httpx's timeout is per read, so it
never fired), headers that trickle too, a plan deadline over all attempts, an answer too large
or nested 100,000 deep refused without a RecursionError, and credentials in the base URL or
the API key never printed nor logged. A loopback server (stdlib) plays each endpoint."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from previz.addon.cli import main
from previz.agents.llm import LLMConfig, LLMError, plan_with_llm
from previz.agents.llm.client import redact

SECRET_KEY = "sk-previz-secret-0123456789"
PASSWORD = "hunter2pass"


def _completion(content: str) -> bytes:
    return json.dumps({
        "id": "c", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
    }).encode()


class Endpoint:
    """A loopback HTTP server whose every POST is answered by ``behaviour(handler)``."""

    def __init__(self, behaviour) -> None:  # type: ignore[no-untyped-def]
        self.hits = 0
        self.stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # type: ignore[no-untyped-def]
                pass

            def do_POST(self) -> None:
                outer.hits += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with contextlib.suppress(OSError):  # the client hung up
                    behaviour(self, outer.stop)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> Endpoint:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def trickle_body(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    """Headers at once, then one byte of a never-ending body every 0.5 s."""
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", "100000000")
    h.end_headers()
    h.wfile.write(b'{"id": "')
    while not stop.wait(0.5):
        h.wfile.write(b"x")
        h.wfile.flush()


def trickle_headers(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    """The status line and headers themselves, one byte every 0.5 s."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"X-Slow: " + b"y" * 1000
    for byte in head:
        if stop.wait(0.5):
            return
        h.wfile.write(bytes([byte]))
        h.wfile.flush()


def answer(content: str):  # type: ignore[no-untyped-def]
    def play(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        body = _completion(content)
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    return play


def status_500(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    body = b'{"error": {"message": "down", "type": "server_error"}}'
    h.send_response(500)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("behaviour", [trickle_body, trickle_headers],
                         ids=["body", "headers"])
def test_a_trickling_answer_ends_at_the_request_deadline(behaviour, tmp_path) -> None:
    with Endpoint(behaviour) as ep:
        config = LLMConfig(model="m", base_url=ep.url, api_key="k", timeout=3.0, attempts=1,
                           log_path=str(tmp_path / "llm.jsonl"))
        started = time.monotonic()
        with pytest.raises(LLMError, match=r"timed out: no complete answer within its 3 s "
                                           r"deadline"):
            plan_with_llm("a chair", config)
        elapsed = time.monotonic() - started
    # Bounded, not forever: before the fix this never returned (pytest-timeout would fire).
    assert elapsed < 30


@pytest.mark.timeout(60)
def test_the_plan_deadline_bounds_every_attempt_together(tmp_path) -> None:
    with Endpoint(trickle_body) as ep:
        config = LLMConfig(model="m", base_url=ep.url, api_key="k", timeout=3.0, attempts=5,
                           plan_timeout=4.0)
        with pytest.raises(LLMError) as info:
            plan_with_llm("a chair", config)
        hits = ep.hits
    # 3 s for the first request, the 1 s left for the second, then the plan deadline stops it.
    assert hits == 2
    assert "plan's deadline (4 s in all) passed" in str(info.value)


def test_a_100k_deep_answer_is_refused_without_recursion_error(tmp_path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    with Endpoint(answer(deep)) as ep:
        config = LLMConfig(model="m", base_url=ep.url, api_key="k", timeout=10.0, attempts=2)
        with pytest.raises(LLMError, match="nested more than 32 deep"):
            plan_with_llm("a chair", config)


def test_an_answer_over_the_size_cap_is_refused(tmp_path) -> None:
    with Endpoint(answer("x" * 300_000)) as ep:
        config = LLMConfig(model="m", base_url=ep.url, api_key="k", timeout=10.0, attempts=1,
                           max_answer_bytes=100_000)
        with pytest.raises(LLMError, match="larger than 100000 bytes"):
            plan_with_llm("a chair", config)


def test_redact_removes_url_credentials_query_secrets_and_the_key() -> None:
    config = LLMConfig(model="m", api_key=SECRET_KEY)
    text = (f"could not reach https://bob:{PASSWORD}@llm.example/v1?api_key=abc123&x=1 "
            f"with {SECRET_KEY}")
    assert redact(text, config) == ("could not reach https://***@llm.example/v1?api_key=***&x=1 "
                                    "with ***")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("where", ["refused", "http_500"])
def test_credentials_never_reach_stderr_or_the_log(where, tmp_path, capsys, monkeypatch) -> None:
    log = tmp_path / "llm.jsonl"
    monkeypatch.setenv("PREVIZ_LLM_API_KEY", SECRET_KEY)
    if where == "refused":
        with socket.socket() as s:  # a port with nobody listening
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"http://bob:{PASSWORD}@127.0.0.1:{port}/v1"
        code = main(["plan", "a chair", "-o", str(tmp_path / "w.json"), "--llm-model", "m",
                     "--llm-base-url", url, "--llm-log", str(log), "--llm-timeout", "5"])
    else:
        with Endpoint(status_500) as ep:
            url = ep.url.replace("http://", f"http://bob:{PASSWORD}@")
            code = main(["plan", "a chair", "-o", str(tmp_path / "w.json"), "--llm-model", "m",
                         "--llm-base-url", url, "--llm-log", str(log), "--llm-timeout", "5"])
    out, err = capsys.readouterr()
    assert code == 1 and not (tmp_path / "w.json").exists()
    text = out + err + log.read_text()
    assert "could not produce a valid plan" in err
    assert PASSWORD not in text and SECRET_KEY not in text
    if where == "refused":
        assert "bob:" not in text and "***@127.0.0.1" in err


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "1e9"])
def test_a_bad_llm_timeout_is_blamed_on_the_option(value, tmp_path, capsys) -> None:
    code = main(["plan", "a chair", "-o", str(tmp_path / "w.json"), "--llm-model", "m",
                 "--llm-base-url", "http://127.0.0.1:9/v1", "--llm-timeout", value])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"previz: --llm-timeout {float(value)}") and "endpoint" not in err
    assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
