"""Plans from any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio) via `openai`.

The model's answer is **data**: JSON validated against `ScenePlan`, never executed. The flow:

1. ask with ``response_format = json_schema`` (the plan's JSON Schema; servers that enforce it
   give a conforming answer);
2. if the server refuses schema output (HTTP 400/404/422), fall back to ``json_object`` mode for
   the rest of the conversation;
3. parse and validate; on invalid JSON or a schema violation (a 1e9 m table, ten thousand
   chairs, an unknown relation) re-ask with the validation errors, at most ``attempts`` times
   in all;
4. HTTP 5xx, timeouts and refused connections count as attempts too; when they run out,
   `LLMError` says what happened and the caller writes nothing.

Every request and response can be appended to a JSONL log (`LLMConfig.log_path`);
`replay_plan(log)` re-validates the last answer in such a log without a server.

Bounded against a hostile or broken endpoint: ``timeout`` is a deadline for the whole request
(an answer trickling one byte at a time ends there, not only a silent one), ``plan_timeout``
one for the whole conversation (every attempt), an answer is at most `MAX_ANSWER_BYTES` and
nests at most `MAX_ANSWER_DEPTH` deep, and credentials (a key, ``user:password@`` in the base
URL) never reach standard error or the log (`redact`).
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..plan import ScenePlan
from ..vocabulary import ACTIONS, CATEGORIES
from .prompts import system_prompt

#: Bytes of one HTTP answer (a plan is a few kilobytes; the schema caps it far below this).
MAX_ANSWER_BYTES = 2_000_000
#: Nesting of a plan answer (a plan nests about 6 deep).
MAX_ANSWER_DEPTH = 32


class LLMError(RuntimeError):
    """The model gave no valid plan within the allowed attempts."""


_USERINFO = re.compile(r"(?<=//)[^/@\s]+@")
_SECRET_QUERY = re.compile(r"(?i)((?:api[_-]?key|key|token|secret|password|sig)=)[^&\s\"']+")


def redact(text: str, config: LLMConfig | None = None) -> str:
    """``text`` with credentials removed: the user:password of any URL, secret query
    parameters (``?api_key=…``) and the configured API key itself."""
    out = _SECRET_QUERY.sub(r"\1***", _USERINFO.sub("***@", text))
    key = config.api_key if config is not None else None
    if key and key != "none" and len(key) >= 4:
        out = out.replace(key, "***")
    return out


@dataclass
class LLMConfig:
    model: str
    base_url: str | None = None
    api_key: str | None = None
    timeout: float = 60.0
    attempts: int = 3
    log_path: str | None = None
    temperature: float = 0.0
    seed: int | None = 0
    #: Seconds for the whole conversation (every attempt); None: ``timeout * attempts``.
    plan_timeout: float | None = None
    max_answer_bytes: int = MAX_ANSWER_BYTES
    #: Send the contact sheet and map with the repair turn (a vision turn). Off by default: a
    #: text-only endpoint refuses images; ``$PREVIZ_LLM_VISION=1`` turns it on.
    vision: bool = False

    def __post_init__(self) -> None:
        from previz.world import InputError
        from previz.world.limits import MAX_TIMEOUT_S

        for name, value in (("timeout", self.timeout), ("plan_timeout", self.plan_timeout)):
            if value is not None and not (isinstance(value, int | float) and math.isfinite(value)
                                          and 0 < value <= MAX_TIMEOUT_S):
                option = "--llm-timeout" if name == "timeout" else name
                raise InputError(f"{option} {value}: must be a number of seconds above 0 and "
                                 f"at most {MAX_TIMEOUT_S:g}")
        if not 1 <= self.attempts <= 20:
            raise InputError(f"attempts {self.attempts}: must be from 1 to 20")

    def display_url(self) -> str:
        """The endpoint as it may be printed (no credentials)."""
        return redact(self.base_url or "the endpoint", self)

    @classmethod
    def from_env(cls, model: str | None = None, base_url: str | None = None,
                 timeout: float = 60.0, log_path: str | None = None) -> LLMConfig:
        env = os.environ
        return cls(
            model=model or env.get("PREVIZ_LLM_MODEL", ""),
            base_url=base_url or env.get("PREVIZ_LLM_BASE_URL") or env.get("OPENAI_BASE_URL"),
            api_key=env.get("PREVIZ_LLM_API_KEY") or env.get("OPENAI_API_KEY") or "none",
            timeout=timeout, log_path=log_path, vision=vision_from_env())


def vision_from_env() -> bool:
    """``$PREVIZ_LLM_VISION``: 1/true/yes/on sends images, 0/false/no/off or unset does not;
    anything else is bad input naming the variable."""
    raw = os.environ.get("PREVIZ_LLM_VISION", "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    from previz.world import InputError

    raise InputError(f"PREVIZ_LLM_VISION={raw!r}: use 1 (the endpoint reads images) or 0")


class _Deadline:
    """The moment (``time.monotonic``) the request in flight must have its whole answer by,
    and why the transport gave up on it, shared by the caller and `_DeadlineTransport`."""

    def __init__(self, max_bytes: int) -> None:
        self.at = math.inf
        self.max_bytes = max_bytes
        self.reason: str | None = None


def _deadline_transport(deadline: _Deadline) -> Any:
    """An httpx transport that enforces ``deadline`` on the whole request: httpx's own
    timeouts are per read, so an answer trickling a byte every half second never ends. The
    request runs on a daemon thread that reads the whole body (checking the deadline and the
    size cap between chunks); the caller waits at most until the deadline."""
    httpx = _http_module()

    class _DeadlineTransport(httpx.BaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.HTTPTransport()

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            deadline.reason = None
            until = deadline.at  # this request's; the next one sets its own
            remaining = until - time.monotonic()
            if remaining <= 0:
                deadline.reason = "the deadline passed before the request was sent"
                raise httpx.ReadTimeout(deadline.reason, request=request)
            box: dict[str, Any] = {}

            def work() -> None:
                try:
                    resp = self.inner.handle_request(request)
                    chunks, total = [], 0
                    try:
                        for chunk in resp.stream:
                            total += len(chunk)
                            if total > deadline.max_bytes:
                                box["reason"] = (f"the answer is larger than "
                                                 f"{deadline.max_bytes} bytes")
                                return
                            if time.monotonic() > until:
                                return
                            chunks.append(chunk)
                    finally:
                        resp.close()
                    box["response"] = httpx.Response(
                        resp.status_code, headers=resp.headers, content=b"".join(chunks),
                        request=request)
                except BaseException as exc:  # handed to the caller's thread
                    box["error"] = exc

            worker = threading.Thread(target=work, name="previz-llm-request", daemon=True)
            worker.start()
            worker.join(max(0.0, remaining))
            if "response" in box:
                return box["response"]
            if "error" in box:
                raise box["error"]
            if "reason" in box:
                deadline.reason = box["reason"]
                raise httpx.ReadError(deadline.reason, request=request)
            deadline.reason = "no complete answer by the deadline"
            raise httpx.ReadTimeout(deadline.reason, request=request)

        def close(self) -> None:
            self.inner.close()

    return _DeadlineTransport()


def _http_module() -> Any:
    """The HTTP library the installed `openai` is built on (``httpx2`` from openai 3, else
    ``httpx``): a custom transport must be of its kind."""
    try:
        import httpx2

        return httpx2
    except ImportError:
        import httpx

        return httpx


def make_client(config: LLMConfig, deadline: _Deadline | None = None) -> Any:
    try:
        import openai

        httpx = _http_module()
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise LLMError("the `openai` package is not installed: pip install 'previz[llm]'") \
            from exc
    http_client = None
    if deadline is not None:
        http_client = httpx.Client(transport=_deadline_transport(deadline),
                                   timeout=config.timeout)
    # Retries are ours (bounded and logged), so the client's own are off.
    return openai.OpenAI(base_url=config.base_url, api_key=config.api_key or "none",
                         timeout=config.timeout, max_retries=0, http_client=http_client)


def _log(config: LLMConfig, record: dict[str, Any]) -> None:
    if not config.log_path:
        return
    path = Path(config.log_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(redact(json.dumps(record, sort_keys=True), config) + "\n")


def _errors(exc: ValidationError) -> str:
    lines = []
    for e in exc.errors()[:20]:
        loc = ".".join(str(x) for x in e["loc"]) or "(root)"
        lines.append(f"- {loc}: {e['msg']}")
    return "\n".join(lines)


def validate_answer(content: str | None) -> ScenePlan:
    """The plan in a model's answer, or ValueError/ValidationError. JSON only: a fenced block
    is unwrapped, nothing is ever evaluated."""
    if content is None or not content.strip():
        raise ValueError("the answer is empty")
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`")
        text = text[text.find("{"):] if "{" in text else text
    if len(text) > 200_000:
        raise ValueError(f"the answer is {len(text)} characters long; at most 200000")
    from previz.world.limits import loads

    data = loads(text, "the answer", max_depth=MAX_ANSWER_DEPTH)  # InputError is a ValueError
    if not isinstance(data, dict):
        raise ValueError("the answer must be one JSON object (a ScenePlan)")
    return ScenePlan.model_validate(data)


def plan_with_llm(text: str, config: LLMConfig, client: Any = None, *,
                  previous: ScenePlan | None = None, report: dict | None = None,
                  edit: str | None = None, scene: str | None = None,
                  images: Sequence[tuple[str, bytes]] = (),
                  notes: list[str] | None = None) -> ScenePlan:
    """Ask the model for a `ScenePlan` of ``text``; `LLMError` when it cannot give a valid one.

    With ``previous`` and ``report`` (the supervisor's report of the World built from it) the
    model is asked to repair its plan. With ``previous`` and ``edit`` ("make the sofa red and
    move the camera lower") it is asked to change that plan as little as the edit needs,
    keeping every id, instead of planning anew (the Director panel's Refine); ``scene`` is
    the current World as `previz.agents.refine.scene_summary` writes it, sent beside the edit.

    ``images`` (name, PNG bytes: the contact sheet and the top-down map of the built shot) go
    with the repair turn as ``image_url`` data-URL parts when ``config.vision`` is on (a
    vision turn); off, or when the endpoint refuses them (HTTP 400/415/422), the turn is text
    only and ``notes`` gets a line saying so."""
    import openai

    if not text.strip():
        from previz.world import InputError

        raise InputError("the scene text is empty: describe what should happen")
    if not config.model:
        raise LLMError("no model named: pass --llm-model or set PREVIZ_LLM_MODEL")
    deadline = _Deadline(config.max_answer_bytes)
    client = client or make_client(config, deadline)
    plan_seconds = config.plan_timeout or config.timeout * max(1, config.attempts)
    plan_end = time.monotonic() + plan_seconds
    notes = notes if notes is not None else []
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": system_prompt()},
        {"role": "user", "content": f"Director's text:\n<<<\n{text}\n>>>"},
    ]
    if previous is not None and edit is not None:
        messages += [{"role": "assistant", "content": previous.model_dump_json()},
                     {"role": "user", "content": edit_prompt(edit, scene)}]
    elif previous is not None and report is not None:
        messages += [{"role": "assistant", "content": previous.model_dump_json()},
                     {"role": "user", "content": repair_prompt(report)}]
    if images and previous is not None and report is not None:
        if config.vision:
            messages[-1] = {"role": "user", "content": vision_content(
                messages[-1]["content"], images)}
        else:
            notes.append("the contact sheet and map were not sent: vision is off for this "
                         "endpoint (set PREVIZ_LLM_VISION=1 if its model reads images)")
    with_images = isinstance(messages[-1]["content"], list)
    schema_mode = True
    last_problem = "no attempt made"
    for attempt in range(1, max(1, config.attempts) + 1):
        now = time.monotonic()
        if now >= plan_end:
            last_problem = f"the plan's deadline ({plan_seconds:g} s in all) passed"
            break
        deadline.at = min(now + config.timeout, plan_end)
        fmt: dict[str, Any] = (
            {"type": "json_schema", "json_schema": {"name": "ScenePlan", "strict": False,
                                                     "schema": ScenePlan.model_json_schema()}}
            if schema_mode else {"type": "json_object"})
        started = time.perf_counter()
        record: dict[str, Any] = {"attempt": attempt, "model": config.model,
                                  "mode": fmt["type"], "messages": messages}
        try:
            kwargs: dict[str, Any] = {"model": config.model, "messages": messages,
                                      "response_format": fmt,
                                      "temperature": config.temperature}
            if config.seed is not None:
                kwargs["seed"] = config.seed
            resp = client.chat.completions.create(**kwargs)
            content = resp.choices[0].message.content if resp.choices else None
        except openai.APITimeoutError:
            seconds = min(config.timeout, plan_seconds)
            last_problem = (f"the request timed out: no complete answer within its "
                            f"{seconds:g} s deadline")
            _log(config, {**record, "error": last_problem})
            continue
        except openai.APIConnectionError as exc:
            why = deadline.reason or str(exc)
            last_problem = redact(f"could not reach {config.display_url()}: {why}", config)
            _log(config, {**record, "error": last_problem})
            continue
        except openai.APIStatusError as exc:
            last_problem = f"HTTP {exc.status_code} from the endpoint"
            _log(config, {**record, "error": last_problem})
            if with_images and exc.status_code in (400, 404, 415, 422):
                # Images first: a text-only endpoint refuses them before anything else.
                messages = [*messages[:-1], {"role": "user",
                                             "content": text_of(messages[-1]["content"])}]
                with_images = False
                notes.append(f"{config.display_url()} refused the images (HTTP "
                             f"{exc.status_code}): the repair turn went as text only; set "
                             "PREVIZ_LLM_VISION=0 for this endpoint")
                continue
            if schema_mode and exc.status_code in (400, 404, 415, 422):
                schema_mode = False  # a server without schema output: JSON mode from now on
            continue
        except (openai.APIResponseValidationError, ValueError, AttributeError, TypeError,
                IndexError) as exc:
            last_problem = f"the endpoint's reply is not a chat completion ({type(exc).__name__})"
            _log(config, {**record, "error": last_problem})
            continue
        record["response"] = content
        record["seconds"] = round(time.perf_counter() - started, 3)
        try:
            plan = validate_answer(content)
        except json.JSONDecodeError as exc:
            last_problem = f"the answer is not valid JSON ({exc.msg} at position {exc.pos})"
            feedback = f"Your answer was not valid JSON: {exc.msg} at position {exc.pos}. " \
                "Answer again with one JSON object only."
        except ValidationError as exc:
            last_problem = "the answer does not fit the plan schema:\n" + _errors(exc)
            feedback = "Your plan is invalid. Fix these fields and answer with the whole " \
                "corrected JSON object:\n" + _errors(exc)
        except (ValueError, RecursionError) as exc:
            last_problem = str(exc) or type(exc).__name__
            feedback = f"Your answer is unusable: {last_problem}. Answer with one JSON object."
        else:
            _log(config, {**record, "valid": True})
            return plan
        _log(config, {**record, "valid": False, "error": last_problem})
        messages = [*messages, {"role": "assistant", "content": (content or "")[:20000]},
                    {"role": "user", "content": feedback}]
    raise LLMError(redact(f"no valid plan after {attempt} attempt(s); last: {last_problem}",
                          config))


def vision_content(text: str, images: Sequence[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """A user turn's content with images: the text, then each PNG as an ``image_url`` part
    whose URL is a ``data:image/png;base64,`` URL (what OpenAI, Ollama, llama.cpp's server and
    vLLM accept), each preceded by a line naming it."""
    parts: list[dict[str, Any]] = [{"type": "text", "text": text + "\nImages of the built "
                                    "shot follow: " + ", ".join(n for n, _ in images) + "."}]
    for name, png in images:
        if not png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ValueError(f"image {name!r} is not a PNG")
        parts.append({"type": "text", "text": f"{name}:"})
        parts.append({"type": "image_url", "image_url": {
            "url": "data:image/png;base64," + base64.b64encode(png).decode("ascii")}})
    return parts


def text_of(content: str | list[dict[str, Any]]) -> str:
    """A turn's text without its images (what a text-only endpoint is sent instead)."""
    if isinstance(content, str):
        return content
    return next(p["text"] for p in content if p.get("type") == "text")


def edit_prompt(edit: str, scene: str | None = None) -> str:
    """A refinement of the plan above, as data between markers (never instructions); with
    ``scene``, the current World (which the director may have changed by hand) for reference."""
    now = ("" if scene is None else "The scene as it stands now, built from that plan and "
           "perhaps moved by hand since (ids, classes, positions and sizes in metres; for "
           f"reference, not to copy into the plan):\n<<<\n{scene}\n>>>\n")
    return now + ("The director asks to change the plan you gave above. The request is between <<< "
            "and >>>; apply it to that plan and change nothing else: keep every id, object, "
            "character, relation and shot it does not mention. Answer with the whole edited "
            f"ScenePlan as one JSON object.\n<<<\n{edit}\n>>>")


def repair_prompt(report: dict) -> str:
    """The supervisor's findings, as a request to fix the plan (data only, no ids invented)."""
    lines = [f"- {p['kind']}: {p['detail']}" for p in report.get("problems", [])[:30]]
    lines += [f"- layout: {u}" for u in report.get("unsatisfied", [])[:30]]
    unread = [u.get("word", "") for u in report.get("not_understood", [])[:30]
              if isinstance(u, dict)]
    if unread:
        lines.append("- words of the text no part of your plan says: " + ", ".join(unread))
    return ("The scene built from your plan has these problems:\n" + "\n".join(lines) +
            "\nAnswer with a corrected ScenePlan (for example a larger setting, fewer or smaller "
            "objects, different relations, or the fields that say the words you left out), as "
            "one JSON object.")


def replay_plan(log_path: str | Path) -> ScenePlan:
    """Re-validate the last answer recorded in a JSONL log (no server needed)."""
    last = None
    for line in Path(log_path).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("response") is not None:
            last = rec["response"]
    if last is None:
        raise LLMError(f"{log_path}: no model answer recorded")
    return validate_answer(last)


def vocabulary_summary() -> dict[str, list[str]]:
    return {"categories": [c.name for c in CATEGORIES], "actions": sorted(ACTIONS)}
