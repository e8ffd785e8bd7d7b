"""PDF pages as pictures and text, for the storyboard tests.

Pages are rendered to PNG with poppler's ``pdftoppm`` where it is installed (``apt install
poppler-utils``); CI installs only Python packages, so there the pages are rendered with
pypdfium2 (PDFium, the `dev` extra) instead. Both give a page at the asked resolution, and the
tests read the same things off either. Text comes from pypdfium2 on every machine.
``PREVIZ_PDF_RENDERER=pypdfium2`` takes CI's path where poppler is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

#: The band a storyboard panel starts with (`previz.agents.handoff.board.BAND`).
BAND_TOLERANCE = 14


def renderer() -> str:
    """``pdftoppm`` where installed, else ``pypdfium2``; ``PREVIZ_PDF_RENDERER=pypdfium2``
    takes CI's path on a machine that has poppler."""
    if os.environ.get("PREVIZ_PDF_RENDERER") == "pypdfium2":
        return "pypdfium2"
    return "pdftoppm" if shutil.which("pdftoppm") else "pypdfium2"


def pages_png(pdf: Path, dpi: int = 100) -> list[Image.Image]:
    """Every page of ``pdf`` as an RGB picture at ``dpi``, through PNG files."""
    if renderer() == "pdftoppm":
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{tmp}/page"],
                           check=True, capture_output=True)
            files = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
            return [Image.open(f).convert("RGB") for f in files]
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(len(doc)):
                path = Path(tmp) / f"page-{i + 1}.png"
                doc[i].render(scale=dpi / 72).to_pil().convert("RGB").save(path)
                out.append(Image.open(path).convert("RGB"))
    finally:
        doc.close()
    return out


def pages_text(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def band_runs(page: Image.Image, x_pt: float, colour: tuple[int, int, int], dpi: int = 100,
              min_pt: float = 10.0) -> list[tuple[int, int]]:
    """Vertical runs (first and last pixel row) of ``colour`` at least ``min_pt`` points tall
    in the pixel column at ``x_pt`` points from the left: the storyboard's panel bands."""
    column = np.asarray(page)[:, round(x_pt * dpi / 72)].astype(int)
    hit = np.all(np.abs(column - np.array(colour)) <= BAND_TOLERANCE, axis=1)
    runs, start = [], None
    for y, h in enumerate([*hit, False]):
        if h and start is None:
            start = y
        elif not h and start is not None:
            if y - start >= min_pt * dpi / 72:
                runs.append((start, y - 1))
            start = None
    return runs
