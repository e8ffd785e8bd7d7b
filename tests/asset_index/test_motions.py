"""Motion clips in the index: BVH files and procedural motions, searched like assets."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from previz.addon.cli import main
from previz.addon.commands.assets import procedural_motions
from previz.asset_index import AssetIndex, MotionClip
from previz.asset_index.motions import BvhError, bvh_clip, parse_bvh

HIERARCHY = """HIERARCHY
ROOT Hips
{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation
  JOINT Spine
  {
    OFFSET 0 10 0
    CHANNELS 3 Zrotation Xrotation Yrotation
    JOINT Head
    {
      OFFSET 0 20 0
      CHANNELS 3 Zrotation Xrotation Yrotation
      End Site
      {
        OFFSET 0 5 0
      }
    }
  }
  JOINT LeftUpLeg
  {
    OFFSET 5 0 0
    CHANNELS 3 Zrotation Xrotation Yrotation
    End Site
    {
      OFFSET 0 -40 0
    }
  }
}
"""


def bvh(frames: int, fps: float, loop: bool) -> str:
    lines = [HIERARCHY + "MOTION", f"Frames: {frames}", f"Frame Time: {1 / fps:.6f}"]
    for f in range(frames):
        phase = 2 * math.pi * f / (frames - 1)
        swing = 30 * math.sin(phase) if loop else 60 * f / (frames - 1)
        values = [f * 1.0, 90.0, 0.0, 0, 0, 0, 0, swing / 3, 0, 0, 0, 0, 0, swing, 0]
        lines.append(" ".join(f"{v:.4f}" for v in values))
    return "\n".join(lines) + "\n"


def test_parse_bvh_and_loop_detection() -> None:
    joints, channels, frames, frame_time, motion = parse_bvh(bvh(48, 24, True))
    assert joints == ["Hips", "Spine", "Head", "LeftUpLeg"]
    assert [len(c) for c in channels] == [6, 3, 3, 3]
    assert frames == 48 and motion.shape == (48, 15)
    assert frame_time == pytest.approx(1 / 24, abs=1e-6)
    walk = bvh_clip("walk cycle", bvh(48, 24, True))
    assert walk.loops and walk.skeleton == "humanoid"
    assert walk.duration == pytest.approx(2.0, abs=1e-4)
    reach = bvh_clip("reach", bvh(30, 30, False))
    assert not reach.loops and reach.frames == 30
    with pytest.raises(BvhError, match="truncated"):
        parse_bvh(bvh(48, 24, True)[:-200])
    with pytest.raises(BvhError, match="HIERARCHY"):
        parse_bvh("MOTION\nFrames: 1\n")


def test_bvh_ingest_and_motion_search(tmp_path: Path) -> None:
    root = tmp_path / "mocap"
    root.mkdir()
    (root / "walk_cycle.bvh").write_text(bvh(48, 24, True))
    (root / "reach_up.bvh").write_text(bvh(30, 30, False))
    (root / "broken.bvh").write_text(bvh(48, 24, True)[:-300])
    index = AssetIndex(tmp_path / "i.sqlite")
    report = index.ingest(root)
    assert report.added == 2 and [Path(p).name for p, _ in report.rejected] == ["broken.bvh"]
    assert index.count("motion") == 2 and index.count("asset") == 0
    hits = index.search("walking", kind="motion", k=5)
    assert hits[0].name == "walk cycle" and hits[0].loops is True
    assert hits[0].duration == pytest.approx(2.0, abs=1e-4) and hits[0].skeleton == "humanoid"
    assert [h.name for h in index.search("walking", kind="motion", loops=False)] == ["reach up"]
    assert index.search("walking", kind="asset") == []
    assert index.search("walking", kind="motion", skeleton="fish") == []


def test_procedural_motions_are_kept_in_sync(tmp_path: Path) -> None:
    index = AssetIndex(tmp_path / "i.sqlite")
    clips = procedural_motions()
    assert {c.skeleton for c in clips} == {"humanoid", "quadruped", "bird", "fish"}
    assert index.set_procedural_motions(clips) == len(clips)
    assert index.set_procedural_motions(clips) == 0  # unchanged: no work
    hit = index.search("a dog trotting", kind="motion", skeleton="quadruped", k=1)[0]
    assert hit.name == "quadruped trot" and hit.duration is None and hit.loops
    assert index.entry(hit.id)["extra"]["style"] == "trot"
    fewer = [c for c in clips if c.skeleton != "fish"]
    assert index.set_procedural_motions(fewer) == 1
    assert index.search("fish swimming", kind="motion", skeleton="fish") == []
    extra = MotionClip(name="wave", description="a person waving", skeleton="humanoid",
                       duration=2.0, frames=48, loops=False)
    index.set_procedural_motions([extra], source="other-generator")
    assert index.count("motion") == len(fewer) + 1


def test_motion_search_on_the_command_line(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "mocap"
    root.mkdir()
    (root / "walk_cycle.bvh").write_text(bvh(48, 24, True))
    index = str(tmp_path / "i.sqlite")
    assert main(["assets", "ingest", str(root), "--index", index]) == 0
    capsys.readouterr()
    assert main(["assets", "search", "walk", "--motion", "--loops", "--index", index,
                 "--json"]) == 0
    hit = json.loads(capsys.readouterr().out)[0]
    assert hit["kind"] == "motion" and hit["skeleton"] == "humanoid" and hit["loops"] is True
    assert hit["duration"] == pytest.approx(2.0, abs=1e-4)
