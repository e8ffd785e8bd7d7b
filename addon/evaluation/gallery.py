"""One self-contained HTML page of a benchmark run: per prompt and track, the text, the contact
sheet and top-down map, and every expectation with its verdict and what was measured — so a
person can look through all of them in a minute. Images are embedded (base64), so the page can
be mailed or archived alone.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from pathlib import Path

from previz.agents.fidelity.expectations import Prompt

STYLE = """
body{font:13px/1.4 system-ui,sans-serif;margin:16px;background:#111;color:#ddd}
h1{font-size:18px} h2{font-size:15px;margin:24px 0 4px}
.p{border-top:1px solid #333;padding:8px 0}
.row{display:flex;gap:12px;align-items:flex-start;flex-wrap:wrap}
img{max-width:100%;border:1px solid #333} .sheet{max-width:340px} .map{max-width:300px}
table{border-collapse:collapse} td{padding:1px 6px;vertical-align:top}
.ok{color:#7c7} .miss{color:#e77} .cs{color:#db5} .err{color:#f66}
pre{white-space:pre-wrap;font-size:12px;color:#aaa}
"""


def _img(path: Path, cls: str) -> str:
    if not path.is_file():
        return f"<div class='{cls}'>(no image)</div>"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"<img class='{cls}' src='data:image/png;base64,{data}' alt='{path.name}'>"


def write_gallery(path: Path, prompts: Sequence[Prompt], results: Sequence[dict], out: Path,
                  tables: str) -> None:
    """Write the page to ``path`` (atomically)."""
    from previz.world.files import atomic_write_text

    by = {(r["track"], r["id"]): r for r in results}
    tracks = sorted({r["track"] for r in results})
    parts = ["<!doctype html><meta charset='utf-8'><title>Previz fidelity benchmark</title>",
             f"<style>{STYLE}</style><h1>Previz fidelity benchmark</h1>",
             f"<pre>{html.escape(tables)}</pre>"]
    for p in prompts:
        parts.append(f"<div class='p'><h2>{html.escape(p.id)} <small>({p.kind})</small></h2>"
                     f"<div>{html.escape(p.text)}</div>")
        for t in tracks:
            r = by.get((t, p.id))
            if r is None:
                continue
            sup = "ok" if r["supervisor_ok"] else "problems"
            parts.append(f"<h3>{t}: {100 * r['score']:.0f}% · check says {sup}</h3>")
            if r["error"]:
                parts.append(f"<div class='err'>{html.escape(r['error'])}</div>")
            folder = out / t / p.id
            rows = []
            for res in r["results"]:
                e = p.expect[res["index"]]
                cls = "cs" if res["cannot_say"] else ("ok" if res["ok"] else "miss")
                mark = "✓" if res["ok"] else ("∅" if res["cannot_say"] else "✗")
                what = html.escape(_describe(e))
                rows.append(f"<tr class='{cls}'><td>{mark}</td><td>{res['axis']}</td>"
                            f"<td>{what}</td><td>{html.escape(res['detail'])}</td></tr>")
            parts.append("<div class='row'>" + _img(folder / "sheet.png", "sheet")
                         + _img(folder / "map.png", "map")
                         + "<table>" + "".join(rows) + "</table></div>")
            if r["problems"]:
                probs = "\n".join(r["problems"][:12])
                parts.append(f"<pre>{html.escape(probs)}</pre>")
        parts.append("</div>")
    atomic_write_text(path, "\n".join(parts) + "\n")


def _describe(e) -> str:  # type: ignore[no-untyped-def]
    """A short human line for an expectation: its check and its set fields."""
    data = e.model_dump(exclude_defaults=True, exclude={"note"})
    check = data.pop("check")
    fields = ", ".join(f"{k}={v}" for k, v in data.items() if not isinstance(v, dict))
    note = f" — {e.note}" if e.note else ""
    return f"{check}: {fields}{note}"
