"""BVH motion capture files: read, write, and retarget onto a template skeleton.

BVH is what mocap libraries and text-to-motion models (HumanML3D / MoMask exports) produce, so
it is the interchange format for skeletal motion. The format is small enough that a careful
reader/writer is shorter than adapting a package (the PyPI parsers `bvh` and `bvhio` either
stop at parsing or bring their own transform classes), and it is tested against the reference
that matters: Blender's own importer.

Conventions:

- Files are Y-up with the character facing +Z, the usual BVH orientation (and Blender's
  importer default, ``axis_forward='-Z', axis_up='Y'``). World space (Blender) maps to BVH as
  ``(x, y, z) → (x, z, −y)``.
- BVH rotations, like the World's, are relative to an identity rest orientation, so joint
  rotations carry over unchanged once the axes are converted. We write the channel order
  ``Zrotation Yrotation Xrotation`` (R = Rz·Ry·Rx); any order is read.
- The root's position channels are its absolute position (as Blender's importer reads them),
  its OFFSET the rest position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.spatial.transform import Rotation

from previz.world import InputError, Joint, Skeleton
from previz.world.files import atomic_write_text

from .motion.clip import Motion
from .motion.rig import Rig

# Blender (x, y, z) -> BVH (x, z, -y)
_TO_BVH = np.array([[1.0, 0, 0], [0, 0, 1.0], [0, -1.0, 0]])


def to_bvh_axes(v: np.ndarray) -> np.ndarray:
    return np.asarray(v, float) @ _TO_BVH.T


def from_bvh_axes(v: np.ndarray) -> np.ndarray:
    return np.asarray(v, float) @ _TO_BVH


class BVHError(InputError):
    """A BVH file that cannot be read, with the line that broke it."""


@dataclass
class BVHJoint:
    name: str
    parent: int
    offset: np.ndarray
    channels: list[str]
    end_site: np.ndarray | None = None


@dataclass
class BVH:
    joints: list[BVHJoint]
    frame_time: float
    data: np.ndarray
    """(F, C) channel values in file order."""

    @property
    def fps(self) -> float:
        return 1.0 / self.frame_time


# --------------------------------------------------------------------------- reading


def parse(text: str, source: str = "BVH") -> BVH:
    """Parse BVH text (HIERARCHY and MOTION sections)."""
    tokens = re.findall(r"[^\s{}]+|[{}]", text)
    pos = 0

    def take() -> str:
        nonlocal pos
        if pos >= len(tokens):
            raise BVHError(f"{source}: unexpected end of file")
        pos += 1
        return tokens[pos - 1]

    def expect(word: str) -> None:
        got = take()
        if got.upper() != word.upper():
            raise BVHError(f"{source}: expected {word!r}, found {got!r}")

    def number(what: str) -> float:
        tok = take()
        try:
            return float(tok)
        except ValueError:
            raise BVHError(f"{source}: expected a number for {what}, found {tok!r}") from None

    expect("HIERARCHY")
    joints: list[BVHJoint] = []
    stack: list[int] = []
    word = take()
    if word.upper() != "ROOT":
        raise BVHError(f"{source}: the hierarchy must start with ROOT, found {word!r}")
    while True:
        if word.upper() in ("ROOT", "JOINT"):
            name = take()
            expect("{")
            expect("OFFSET")
            off = np.array([number("OFFSET") for _ in range(3)])
            expect("CHANNELS")
            n = int(number("CHANNELS"))
            chans = [take() for _ in range(n)]
            joints.append(BVHJoint(name, stack[-1] if stack else -1, off, chans))
            stack.append(len(joints) - 1)
        elif word.upper() == "END":
            expect("Site")
            expect("{")
            expect("OFFSET")
            joints[stack[-1]].end_site = np.array([number("End Site OFFSET") for _ in range(3)])
            expect("}")
        elif word == "}":
            stack.pop()
            if not stack:
                break
        else:
            raise BVHError(f"{source}: unexpected {word!r} in the hierarchy")
        word = take()
    expect("MOTION")
    expect("Frames:")
    frames = int(number("Frames"))
    expect("Frame")
    expect("Time:")
    frame_time = number("Frame Time")
    n_ch = sum(len(j.channels) for j in joints)
    values = tokens[pos:]
    if len(values) < frames * n_ch:
        raise BVHError(f"{source}: {frames} frames of {n_ch} channels announced, "
                       f"only {len(values)} values found")
    try:
        data = np.array(values[: frames * n_ch], float).reshape(frames, n_ch)
    except ValueError:
        raise BVHError(f"{source}: the MOTION section holds something that is not a number") \
            from None
    if frame_time <= 0:
        raise BVHError(f"{source}: Frame Time must be positive, got {frame_time:g}")
    return BVH(joints, frame_time, data)


def read(path: str | Path) -> BVH:
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as e:
        raise BVHError(f"{p}: cannot read ({e.strerror})") from None
    return parse(text, str(p))


def _channel_rotations(bvh: BVH, j: int, values: np.ndarray) -> np.ndarray:
    """(F, 3, 3) rotation of joint j in BVH axes, composing its rotation channels in order."""
    chans = bvh.joints[j].channels
    out = np.broadcast_to(np.eye(3), (len(values), 3, 3)).copy()
    for k, ch in enumerate(chans):
        if ch.lower().endswith("rotation"):
            axis = ch[0].lower()
            r = Rotation.from_euler(axis, np.radians(values[:, k:k + 1])).as_matrix()
            out = out @ r
    return out


def to_motion(bvh: BVH, scale: float = 1.0, template: str | None = None
              ) -> tuple[Skeleton, Motion]:
    """A World skeleton (BVH offsets in metres via ``scale``) and its motion.

    The entity stays at the origin; the root joint carries the root motion in its location
    channel (relative to its rest offset) and rotation."""
    joints = []
    offsets = []
    for bj in bvh.joints:
        off = from_bvh_axes(bj.offset) * scale
        offsets.append(off)
        parent = bvh.joints[bj.parent].name if bj.parent >= 0 else None
        joints.append(Joint(name=bj.name, parent=parent, offset=tuple(float(v) for v in off)))
    names = [j.name for j in joints]
    if len(set(names)) != len(names):
        raise BVHError("BVH has two joints with the same name")
    skel = Skeleton(template=template, joints=joints)
    rig = Rig.from_skeleton(skel)
    frames = len(bvh.data)
    rot = rig.identity(frames)
    loc = np.zeros((frames, len(rig.names), 3))
    col = 0
    for j, bj in enumerate(bvh.joints):
        vals = bvh.data[:, col: col + len(bj.channels)]
        col += len(bj.channels)
        i = rig.index(bj.name)
        r = _channel_rotations(bvh, j, vals)
        rot[:, i] = _TO_BVH.T @ r @ _TO_BVH
        pos = np.zeros((frames, 3))
        has_pos = False
        for k, ch in enumerate(bj.channels):
            if ch.lower().endswith("position"):
                pos[:, "xyz".index(ch[0].lower())] = vals[:, k]
                has_pos = True
        if has_pos:
            p = from_bvh_axes(pos) * scale
            # Root positions are absolute; a joint's are relative to its offset.
            loc[:, i] = p - offsets[j] if bj.parent < 0 else p
    motion = Motion(rig.names, bvh.fps, rot, loc, np.zeros((frames, 3)),
                    np.zeros((frames, 3)), {}, name="bvh")
    return skel, motion


# --------------------------------------------------------------------------- writing


def dumps(skeleton: Skeleton, motion: Motion, scale: float = 1.0) -> str:
    """BVH text for ``motion`` on ``skeleton``. The entity's root motion is folded into the
    root joint, so the file alone reproduces every joint's world matrix; ``scale`` converts
    metres to file units (100 for centimetres)."""
    rig = Rig.from_skeleton(skeleton)
    g = motion.globals(rig)
    children: dict[int, list[int]] = {i: [] for i in range(len(rig.names))}
    roots = []
    for i, p in enumerate(rig.parents):
        (children[p] if p >= 0 else roots).append(i)
    if len(roots) != 1:
        raise InputError(f"BVH needs exactly one root joint, the skeleton has {len(roots)}")
    order: list[int] = []
    lines = ["HIERARCHY"]

    def fmt(v: np.ndarray) -> str:
        return " ".join(f"{x:.6f}" for x in v)

    def emit(i: int, depth: int) -> None:
        ind = "  " * depth
        kind = "ROOT" if rig.parents[i] < 0 else "JOINT"
        lines.append(f"{ind}{kind} {rig.names[i]}")
        lines.append(f"{ind}{{")
        lines.append(f"{ind}  OFFSET {fmt(to_bvh_axes(rig.offsets[i]) * scale)}")
        if rig.parents[i] < 0:
            lines.append(f"{ind}  CHANNELS 6 Xposition Yposition Zposition "
                         "Zrotation Yrotation Xrotation")
        else:
            lines.append(f"{ind}  CHANNELS 3 Zrotation Yrotation Xrotation")
        order.append(i)
        for c in children[i]:
            emit(c, depth + 1)
        if not children[i]:
            # An end site continuing the bone (or a short stub up for a lone root).
            p = rig.parents[i]
            d = rig.offsets[i] if p >= 0 else np.array([0.0, 0.0, 0.1])
            n = np.linalg.norm(d)
            tip = d / n * min(0.1, 0.5 * n) if n > 0 else np.array([0.0, 0.0, 0.05])
            lines.append(f"{ind}  End Site")
            lines.append(f"{ind}  {{")
            lines.append(f"{ind}    OFFSET {fmt(to_bvh_axes(tip) * scale)}")
            lines.append(f"{ind}  }}")
        lines.append(f"{ind}}}")

    emit(roots[0], 0)
    root = roots[0]
    root_rot = g[:, root, :3, :3]
    columns = [to_bvh_axes(g[:, root, :3, 3]) * scale]
    for i in order:
        local = root_rot if i == root else motion.rotations[:, i]
        r_bvh = _TO_BVH @ local @ _TO_BVH.T
        # Extrinsic 'xyz' Euler is R = Rz·Ry·Rx, i.e. the ZYX channel order.
        e = np.degrees(_continuous_zyx(r_bvh))
        columns.append(e[:, ::-1])  # Z, Y, X
    data = np.concatenate(columns, axis=1)
    lines += ["MOTION", f"Frames: {motion.frames}", f"Frame Time: {1.0 / motion.fps:.8f}"]
    lines += [" ".join(f"{x:.6f}" for x in row) for row in data]
    return "\n".join(lines) + "\n"


def _continuous_zyx(mats: np.ndarray) -> np.ndarray:
    from .motion.rig import matrix_to_euler

    return matrix_to_euler(mats)


def write(path: str | Path, skeleton: Skeleton, motion: Motion, scale: float = 1.0) -> None:
    """Write a BVH file atomically."""
    atomic_write_text(Path(path), dumps(skeleton, motion, scale))


# --------------------------------------------------------------------------- retargeting


def retarget(source: Motion, source_skeleton: Skeleton, target_skeleton: Skeleton,
             name_map: dict[str, str] | None = None) -> Motion:
    """Move ``source`` onto ``target_skeleton``.

    ``name_map`` maps source joint names to target names (identity for shared names). Each
    mapped joint's *global* rotation is carried over, corrected by the rotation that aligns
    the target's rest bone with the source's (so an A-pose rig drives a T-pose one), and
    unmapped target joints keep their rest pose relative to their parent. Root translation is
    scaled by the ratio of the two skeletons' root heights (longer legs, longer strides)."""
    src = Rig.from_skeleton(source_skeleton)
    dst = Rig.from_skeleton(target_skeleton)
    name_map = name_map or {n: n for n in src.names if n in dst.names}
    missing = [s for s in name_map if s not in src.names]
    if missing:
        raise InputError(f"retarget: source has no joint(s) {', '.join(missing)}")
    bad = [t for t in name_map.values() if t not in dst.names]
    if bad:
        raise InputError(f"retarget: target has no joint(s) {', '.join(bad)}")
    to_src = {t: s for s, t in name_map.items()}
    g_src = source.globals(src)
    frames = source.frames
    src_rest = src.rest_positions()
    dst_rest = dst.rest_positions()

    def bone_dir(rig: Rig, rest: np.ndarray, i: int, mapped: set[str] | None) -> np.ndarray:
        kids = [k for k, p in enumerate(rig.parents) if p == i
                and (mapped is None or rig.names[k] in mapped)]
        if not kids:
            return np.zeros(3)
        d = np.mean([rest[k] - rest[i] for k in kids], axis=0)
        return d / (np.linalg.norm(d) or 1.0)

    dst_mapped = set(name_map.values())
    globals_dst = np.empty((frames, len(dst.names), 3, 3))
    rot = dst.identity(frames)
    entity_rot = source.entity_matrices()[:, :3, :3]
    for i, name in enumerate(dst.names):
        p = dst.parents[i]
        parent_g = entity_rot if p < 0 else globals_dst[:, p]
        if name in to_src:
            si = src.index(to_src[name])
            # Child directions are compared through the map, so both sides use the same child.
            kids_dst = {dst.names[k] for k, q in enumerate(dst.parents) if q == i} & dst_mapped
            d_dst = bone_dir(dst, dst_rest, i, kids_dst or None)
            src_kids = {to_src[k] for k in kids_dst}
            d_src = bone_dir(src, src_rest, si, src_kids or None)
            align = _align(d_dst, d_src)
            globals_dst[:, i] = g_src[:, si, :3, :3] @ align
            rot[:, i] = np.swapaxes(parent_g, -1, -2) @ globals_dst[:, i]
        else:
            globals_dst[:, i] = parent_g
    loc = np.zeros((frames, len(dst.names), 3))
    s_root, d_root = src.names[int(np.flatnonzero(src.parents < 0)[0])], None
    for i, p in enumerate(dst.parents):
        if p < 0:
            d_root = i
    ratio = (dst_rest[d_root][2] / src_rest[src.index(s_root)][2]
             if src_rest[src.index(s_root)][2] > 0 else 1.0)
    if s_root in name_map:
        loc[:, d_root] = source.locations[:, src.index(s_root)] * ratio
    return Motion(dst.names, source.fps, rot, loc, source.entity_location * [ratio, ratio, 1.0],
                  source.entity_rotation.copy(), dict(source.contacts), name=source.name)


def _align(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Smallest rotation taking unit ``a`` to unit ``b`` (identity when either is zero)."""
    if not np.linalg.norm(a) or not np.linalg.norm(b):
        return np.eye(3)
    v = np.cross(a, b)
    s = np.linalg.norm(v)
    c = float(np.dot(a, b))
    if s < 1e-12:
        if c > 0:
            return np.eye(3)
        perp = np.cross(a, [1.0, 0, 0] if abs(a[0]) < 0.9 else [0, 1.0, 0])
        return Rotation.from_rotvec(perp / np.linalg.norm(perp) * np.pi).as_matrix()
    return Rotation.from_rotvec(v / s * np.arctan2(s, c)).as_matrix()
