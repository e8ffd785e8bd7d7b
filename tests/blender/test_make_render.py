"""`previz make … --backend NAME` renders each shot with that backend, weights or not (a tiny
backend needs none): before, `make` rendered only with --weights and dropped --backend alone
without a word."""

from __future__ import annotations

import json

import pytest

from previz.addon.cli import main

pytestmark = [pytest.mark.blender, pytest.mark.slow, pytest.mark.render]


def test_make_with_a_backend_and_no_weights_renders(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PREVIZ_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    code = main(["make", "Close-up of Anna at her desk with a laptop on the desk for "
                 "0.5 seconds.", "-o", str(out),
                 "--resolution", "48x32", "--passes", "depth", "--backend", "tiny-wan"])
    text = capsys.readouterr().out
    assert code == 0, text
    (shot,) = [p for p in (out / "passes").iterdir() if (p / "manifest.json").is_file()]
    info = json.loads((shot / "render" / "render.json").read_text())
    assert info["settings"]["backend"] == "tiny-wan" and info["weights_ref"] is None
    assert len(list((shot / "render" / "frames").glob("*.png"))) == 12
    assert "neural render: not run" not in text and "render" in text.split("made ")[-1]
