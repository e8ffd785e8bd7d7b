"""Regenerate docs/images/storyboard.png: the first page of `previz board` for the example scene
(two shots, three Workbench clay key frames each with the edges inked, safe frames, timecodes,
lens, the move and the top-down map), rendered to PNG with pypdfium2.

    python scripts/storyboard_image.py [--out docs/images/storyboard.png] [--dpi 110]
"""

from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "two_characters_room.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "storyboard.png")
    parser.add_argument("--dpi", type=int, default=110)
    args = parser.parse_args()

    import pypdfium2 as pdfium

    from previz.addon.cli import main as previz
    from previz.world.files import atomic_write_bytes

    with tempfile.TemporaryDirectory() as tmp:
        board = Path(tmp) / "board.pdf"
        if previz(["-q", "board", str(EXAMPLE), "-o", str(board)]) != 0:
            raise SystemExit("previz board failed")
        doc = pdfium.PdfDocument(str(board))
        try:
            page = doc[0].render(scale=args.dpi / 72).to_pil().convert("RGB")
        finally:
            doc.close()
    buf = io.BytesIO()
    page.save(buf, format="PNG", optimize=True)
    atomic_write_bytes(args.out, buf.getvalue())
    print(f"wrote {args.out} ({page.size[0]}x{page.size[1]})")


if __name__ == "__main__":
    main()
