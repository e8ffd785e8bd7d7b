"""Colour at the seams of a long shot: the mean CIE76 ΔE between a chunk and the previous one
over the frames they share, without colour matching (the baseline, measured in the same run on
the same chunks) and with it (`previz.neural_render.chunking.match_seam`), and their ratio.

    python benchmarks/render_seams.py                       # tiny-wan on CPU, ~1 minute
    python benchmarks/render_seams.py --backend wan-vace --frames 161 --width 832 --height 480

Each seam is measured twice on the same generated frames: ``before`` (the new chunk as the model
gave it) and ``after`` (moved to the previous chunk's L*a*b* mean and spread over the overlap).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "neural_render"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", default="tiny-wan", choices=["tiny-wan", "wan-vace"])
    ap.add_argument("--weights")
    ap.add_argument("--frames", type=int, default=33)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--height", type=int, default=64)
    ap.add_argument("--steps", type=int, default=2)
    args = ap.parse_args()

    from synthetic_passes import make_passes

    from previz.neural_render import Renderer, RenderOptions

    tmp = Path(tempfile.mkdtemp(prefix="previz-seams-"))
    shot = make_passes(tmp / "OUT", frames=args.frames, width=args.width, height=args.height)
    renderer = Renderer(tmp / "cache")
    result = renderer.render(shot, RenderOptions(backend=args.backend, weights=args.weights,
                                                 steps=args.steps), write=False)
    seams = result.info["seams"]
    if not seams:
        ap.error("the shot fits one chunk: give more --frames")
    before = statistics.mean(s["delta_e_before"] for s in seams)
    after = statistics.mean(s["delta_e_after"] for s in seams)
    print(f"{args.backend}: {args.frames} frames {args.width}x{args.height}, "
          f"{len(result.info['chunks'])} chunks, {len(seams)} seams, {args.steps} steps")
    for s in seams:
        print(f"  chunk {s['chunk']}: overlap ΔE {s['delta_e_before']:7.3f} -> "
              f"{s['delta_e_after']:7.3f}")
    print(f"mean overlap ΔE without colour matching (baseline): {before:7.3f}")
    print(f"mean overlap ΔE with colour matching             : {after:7.3f}")
    print(f"ratio matched/baseline                            : {after / before:7.3f}")
    renderer.release()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
