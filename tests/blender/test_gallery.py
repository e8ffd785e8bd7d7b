"""`previz assets gallery`: a clay contact sheet per group, the size the cells ask for, with
something drawn in every cell; bad options exit 2 and write nothing."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from previz.addon.cli import main
from previz.addon.gallery import COLUMNS, groups, render_gallery
from previz.asset_index.props import ROWS


def test_one_sheet_per_group_with_every_category_drawn(tmp_path: Path) -> None:
    (path,) = render_gallery(tmp_path, ["lighting"], cell=48)
    assert path == tmp_path / "lighting.png"
    n = sum(1 for r in ROWS if r.group == "lighting")
    rows = math.ceil(n / COLUMNS)
    image = np.asarray(Image.open(path).convert("L"), dtype=np.int16)
    assert image.shape == (round(rows * 48 * 1.2), COLUMNS * 48)
    background = np.median(image)
    cell_h = image.shape[0] / rows
    for i in range(n):  # every cell holds a prop darker than the paper
        col, line = i % COLUMNS, i // COLUMNS
        cell = image[int(line * cell_h):int((line + 1) * cell_h), col * 48:(col + 1) * 48]
        assert (np.abs(cell - background) > 40).sum() > 20, ROWS[i].name
    # the empty cells of the last line stay empty
    last = image[int((rows - 1) * cell_h):, (n % COLUMNS or COLUMNS) * 48:]
    assert (np.abs(last - background) > 40).sum() == 0
    assert {"furniture", "vehicles", "instruments"} <= set(groups())


def test_bad_gallery_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "a_file"
    file.write_text("x")
    assert main(["assets", "gallery", "-o", str(file)]) == 2
    assert "-o" in capsys.readouterr().err
    assert main(["assets", "gallery", "-o", str(tmp_path / "g"), "--groups", "spaceships"]) == 2
    assert "spaceships" in capsys.readouterr().err
    assert main(["assets", "gallery", "-o", str(tmp_path / "g"), "--cell", "5"]) == 2
    assert not (tmp_path / "g").exists() or not any((tmp_path / "g").iterdir())
