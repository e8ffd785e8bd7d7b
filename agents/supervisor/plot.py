"""`previz check --plot`: a top-down map of a World that a person reads at a glance.

The supervisor's report says *what* is wrong in words; the map shows *where*: the obstacles'
footprints (from the same white-box proxies the supervisor measures with), every character's
and animal's path with a mark each second, the camera's path and what it sees at the start,
middle and end of the shot, and a red marker with the problem's kind at the entities involved.

For a skeleton with keyed joints the path drawn is its body's: the ground track of the root
joint (the pelvis) from the keyed channels, which is where the character really goes even when
the motion lives in the root joint (a BVH) rather than the entity; the entity's own path is
drawn thin beside it where the two differ. Foot skating is marked where it happens: a small red
dot at every frame a planted foot slides more than the limit, and the problem's marker at the
worst slide.

Pure: a World and a Report in, a Pillow image or PNG bytes out. Nothing depends on the clock or
on dict order, so the same World gives byte-identical PNGs (PNG written without metadata).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from previz.world import Entity, World
from previz.world.evaluate import CameraState
from previz.world.files import atomic_path
from previz.world.proxy import proxy_boxes

from .check import Report, check_frames
from .motion import root_track, skating_spots

SIZE = (1024, 1024)
MARGIN = 48  # pixels between the scene bounds and the image edge
FRUSTUM_FRACTION = 0.18  # wedge length as a fraction of the scene's larger side
# Rows a label may move down to find a free place before it is left out: a problem's label
# goes a long way rather than be lost; a name or a second mark stays near what it names.
LABEL_TRIES = {0: 40, 1: 40}
NEAR_TRIES = 4

BACKGROUND = (255, 255, 255)
GRID = (232, 232, 232)
OBSTACLE_FILL = (190, 190, 190)
OBSTACLE_EDGE = (110, 110, 110)
WALL_FILL = (90, 90, 90)
CAMERA = (30, 90, 200)
FRUSTUM_FILL = (200, 220, 250)
PROBLEM = (220, 20, 20)
TEXT = (30, 30, 30)
# Path colours, one per mover in id order; none is grey, blue or red, which mean other things.
PATH_COLOURS = [(230, 120, 0), (0, 150, 70), (150, 50, 170), (0, 160, 170), (180, 150, 0),
                (200, 60, 130), (100, 70, 30), (90, 160, 40)]
MOVERS = ("character", "animal")
#: Movers named one by one in the legend up to this many; a larger cast is grouped by kind
#: ("100 x person"), so the legend stays a few rows whatever the cast.
LEGEND_NAMED = 8
#: Kinds listed in a grouped legend; the rest are one row ("… 3 more kinds").
LEGEND_KINDS = 6


@dataclass(frozen=True)
class MapView:
    """World XY (metres) → image pixels: a uniform scale, +Y up in the image."""

    lo: tuple[float, float]
    hi: tuple[float, float]
    scale: float  # pixels per metre
    size: tuple[int, int]

    def to_pixel(self, x: float, y: float) -> tuple[float, float]:
        w, h = self.size
        cx, cy = (self.lo[0] + self.hi[0]) / 2, (self.lo[1] + self.hi[1]) / 2
        return (w / 2 + (x - cx) * self.scale, h / 2 - (y - cy) * self.scale)


@dataclass
class _Scene:
    """Everything the map draws, in world XY, gathered before any pixel is set."""

    obstacles: list[tuple[str, list[np.ndarray], bool]]  # id, footprint polygons, is a set
    paths: dict[str, np.ndarray]  # mover id → (frames, 2) body positions (root joint if keyed)
    origins: dict[str, np.ndarray]  # mover id → entity origin path, where it differs from paths
    slides: list[np.ndarray]  # positions where a planted foot slides
    frames: list[int]
    cameras: dict[str, np.ndarray]  # camera id → (frames, 2) positions over its shot
    frusta: list[np.ndarray]  # wedge polygons (N, 2), first point the camera
    problems: list[tuple[str, np.ndarray]]  # kind, position


def _hull(points: np.ndarray) -> np.ndarray:
    """Convex hull of 2D points (Andrew's monotone chain), counter-clockwise."""
    pts = sorted({(round(float(x), 9), round(float(y), 9)) for x, y in points})
    if len(pts) <= 2:
        return np.array(pts, float)

    def half(seq: list[tuple[float, float]]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for p in seq:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(pts), half(pts[::-1])
    return np.array(lower[:-1] + upper[:-1], float)


def _footprints(entity: Entity, matrix: np.ndarray) -> list[np.ndarray]:
    """XY outlines of the entity's proxy boxes under ``matrix``; a set's floor is left out so
    the room reads as its walls."""
    polys = []
    for lo, hi in proxy_boxes(entity):
        if entity.kind == "set" and hi[2] <= 0.0:
            continue
        corners = np.array([[x, y, z, 1.0] for x in (lo[0], hi[0]) for y in (lo[1], hi[1])
                            for z in (lo[2], hi[2])])
        polys.append(_hull((matrix @ corners.T).T[:, :2]))
    return polys


def _frustum(cam: CameraState, width: int, height: int, length: float) -> np.ndarray:
    """Top view of the camera's view volume cut at ``length`` metres along its axis."""
    half_w = cam.sensor_width / 2 / cam.focal_length * length
    half_h = half_w * height / width
    corners = np.array([[sx * half_w, sy * half_h, -length, 1.0]
                        for sx in (-1, 1) for sy in (-1, 1)])
    far = (cam.matrix @ corners.T).T[:, :2]
    origin = cam.matrix[:2, 3]
    return _hull(np.vstack([origin, far]))


def _gather(world: World, report: Report, shot: str | None) -> _Scene:
    frames = check_frames(world, shot)
    shots = [world.shot(shot)] if shot is not None else list(world.shots)
    wanted = set(frames)
    for s in shots:
        wanted.update(range(s.frame_start, s.frame_end + 1))
    # Only entity and camera matrices are drawn: skip the skeletons, most of evaluate's cost.
    # (An entity something hangs from by a joint — a cup attached_to a wrist — keeps it.)
    hangs = {r.target for r in world.relations if r.type == "attached_to" and r.joint}
    bare = world.model_copy(update={"entities": [
        e if e.skeleton is None or e.id in hangs else e.model_copy(update={"skeleton": None})
        for e in world.entities]})
    states = {f: bare.evaluate(f) for f in sorted(wanted)}
    first = states[frames[0]]

    obstacles = [(e.id, _footprints(e, first.entities[e.id].matrix), e.kind == "set")
                 for e in world.entities if e.kind not in MOVERS]
    paths = {e.id: np.array([states[f].entities[e.id].matrix[:2, 3] for f in frames])
             for e in sorted(world.entities, key=lambda e: e.id) if e.kind in MOVERS}

    def matrix(eid: str, f: int) -> np.ndarray:
        return (states.get(f) or bare.evaluate(f)).entities[eid].matrix

    origins: dict[str, np.ndarray] = {}
    for eid in list(paths):
        body = root_track(world.entity(eid), frames, matrix)
        if body is not None:
            if np.abs(body - paths[eid]).max() > 0.05:
                origins[eid] = paths[eid]
            paths[eid] = body

    cameras: dict[str, np.ndarray] = {}
    keyframes: list[tuple[str, int, tuple[int, int]]] = []
    for s in shots:
        span = list(range(s.frame_start, s.frame_end + 1))
        cameras[f"{s.camera} ({s.id})"] = np.array(
            [states[f].cameras[s.camera].matrix[:2, 3] for f in span])
        for f in sorted({span[0], span[len(span) // 2], span[-1]}):
            keyframes.append((s.camera, f, s.resolution))

    pts = [p for polys in (o[1] for o in obstacles) for poly in polys for p in poly]
    pts += [p for path in (*paths.values(), *cameras.values()) for p in path]
    arr = np.array(pts, float) if pts else np.zeros((1, 2))
    extent = float(max(np.ptp(arr[:, 0]), np.ptp(arr[:, 1]), 2.0))
    frusta = [_frustum(states[f].cameras[cid], res[0], res[1], FRUSTUM_FRACTION * extent)
              for cid, f, res in keyframes]

    problems: list[tuple[str, np.ndarray]] = []
    slides: list[np.ndarray] = []
    ids = {e.id for e in world.entities}
    cam_ids = {c.id for c in world.cameras}
    for p in report.problems:
        frame = p.frames[0] if p.frames else frames[0]
        state = states.get(frame) or bare.evaluate(frame)
        if p.kind == "foot_skating":
            spots = [s for eid in p.entities if eid in ids
                     for s in skating_spots(world, eid, frames, matrix)]
            if spots:
                slides += [xy for xy, _ in spots]
                problems.append((p.kind, max(spots, key=lambda s: s[1])[0]))
                continue
        for eid in p.entities:
            if eid in ids:
                m = state.entities[eid].matrix
                e = world.entity(eid)
                if e.kind == "set" and len(p.entities) > 1:
                    continue  # the room's centre says little; the others mark the place
                problems.append((p.kind, m[:2, 3].copy()))
            elif eid in cam_ids:
                problems.append((p.kind, state.cameras[eid].matrix[:2, 3].copy()))
    return _Scene(obstacles, paths, origins, slides, frames, cameras, frusta, problems)


def map_view(world: World, report: Report, shot: str | None = None,
             size: tuple[int, int] = SIZE) -> MapView:
    """The world→pixel mapping `plot_map` uses (for callers that annotate or test the map)."""
    return _view(_gather(world, report, shot), size)


def _view(scene: _Scene, size: tuple[int, int]) -> MapView:
    pts = [p for _, polys, _ in scene.obstacles for poly in polys for p in poly]
    pts += [p for path in (*scene.paths.values(), *scene.cameras.values()) for p in path]
    pts += [p for poly in scene.frusta for p in poly]
    arr = np.array(pts, float) if pts else np.zeros((1, 2))
    lo, hi = arr.min(axis=0) - 0.5, arr.max(axis=0) + 0.5
    span = np.maximum(hi - lo, 1e-6)
    scale = float(min((size[0] - 2 * MARGIN) / span[0], (size[1] - 2 * MARGIN) / span[1]))
    return MapView((float(lo[0]), float(lo[1])), (float(hi[0]), float(hi[1])), scale, size)


@dataclass(frozen=True)
class MapLayout:
    """Where the map put its legend and labels (pixel boxes x0, y0, x1, y1), for tests and
    callers that annotate the map."""

    legend: tuple[float, float, float, float]
    legend_rows: list[str]
    labels: list[tuple[float, float, float, float]]
    label_texts: list[str]


def plot_map(world: World, report: Report, shot: str | None = None,
             size: tuple[int, int] = SIZE) -> Image.Image:
    """Draw the top-down map of ``world`` (over ``shot``'s frames, or every shot's) with the
    problems of ``report`` marked."""
    return _plot(world, report, shot, size)[0]


def map_layout(world: World, report: Report, shot: str | None = None,
               size: tuple[int, int] = SIZE) -> MapLayout:
    """The legend's and labels' boxes of `plot_map`'s picture."""
    return _plot(world, report, shot, size)[1]


def _group(world: World, movers: list[str]) -> list[tuple[str, list[str]]]:
    """Movers by kind (semantic class, else entity kind), largest group first, then by name."""
    groups: dict[str, list[str]] = {}
    for eid in movers:
        e = world.entity(eid)
        groups.setdefault(e.semantic_class or e.kind, []).append(eid)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _plot(world: World, report: Report, shot: str | None,
          size: tuple[int, int]) -> tuple[Image.Image, MapLayout]:
    scene = _gather(world, report, shot)
    view = _view(scene, size)
    img = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=12)

    def px(p: np.ndarray) -> tuple[float, float]:
        return view.to_pixel(float(p[0]), float(p[1]))

    step = _grid(draw, view)
    labels = _Labels()
    for poly in scene.frusta:  # the view's fill under everything, its outline on top
        draw.polygon([px(p) for p in poly], fill=FRUSTUM_FILL)
    for _, polys, is_set in scene.obstacles:
        for poly in polys:
            if len(poly) >= 3:
                draw.polygon([px(p) for p in poly], fill=WALL_FILL if is_set else OBSTACLE_FILL,
                             outline=OBSTACLE_EDGE)
    colours = {eid: PATH_COLOURS[i % len(PATH_COLOURS)] for i, eid in enumerate(scene.paths)}
    if len(colours) <= LEGEND_NAMED:
        legend = [(f"{eid} (body track, mark each second)", [c]) for eid, c in colours.items()]
    else:
        groups = _group(world, list(colours))
        legend = [(f"{len(ids)} x {kind} (body tracks, marks each second)",
                   [colours[e] for e in ids[:4]]) for kind, ids in groups[:LEGEND_KINDS]]
        if len(groups) > LEGEND_KINDS:
            rest = groups[LEGEND_KINDS:]
            legend.append((f"... {len(rest)} more kinds ({sum(len(i) for _, i in rest)} movers)",
                           [colours[ids[0]] for _, ids in rest[:4]]))
    legend_box = _legend_box(draw, font, legend)
    labels.placed.append(legend_box)
    for eid, path in scene.paths.items():
        colour = colours[eid]
        if eid in scene.origins:  # the entity's own path, thin, under the body's track
            _polyline(draw, [px(p) for p in scene.origins[eid]], colour, 1)
        points = [px(p) for p in path]
        _polyline(draw, points, colour, 3)
        x, y = points[0]
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], outline=colour, width=2)
        labels.add((x + 7, y + 2), eid, colour, priority=2)
        _ticks(draw, labels, points, scene.frames, world.fps, colour)
    # The shot's camera over the cast: a crowd never hides where the camera goes and looks.
    for poly in scene.frusta:
        outline = [px(p) for p in poly]
        draw.line([*outline, outline[0]], fill=CAMERA, width=1)
    for name, path in scene.cameras.items():
        _polyline(draw, [px(p) for p in path], CAMERA, 2)
        x, y = px(path[0])
        draw.rectangle([x - 5, y - 4, x + 5, y + 4], fill=CAMERA)
        labels.add((x + 7, y - 14), name, CAMERA, priority=1)

    at: dict[tuple[int, int], list[str]] = {}  # one marker per place, its kinds in one label
    for kind, pos in scene.problems:
        x, y = px(pos)
        kinds = at.setdefault((round(x), round(y)), [])
        if kind not in kinds:
            kinds.append(kind)
    markers = list(at)
    for pos in scene.slides:
        x, y = px(pos)
        draw.ellipse([x - 2, y - 2, x + 2, y + 2], fill=PROBLEM)
    for x, y in markers:
        labels.placed.append((x - 9, y - 9, x + 9, y + 9))
    for (x, y), kinds in at.items():
        labels.add((x + 10, y - 8), ", ".join(kinds), PROBLEM, priority=0)

    boxes = labels.draw(draw, font)
    for x, y in markers:  # last, so that no label's halo hides a problem
        draw.ellipse([x - 8, y - 8, x + 8, y + 8], outline=PROBLEM, width=3)
        draw.line([x - 5, y - 5, x + 5, y + 5], fill=PROBLEM, width=2)
        draw.line([x - 5, y + 5, x + 5, y - 5], fill=PROBLEM, width=2)
    _scale_bar(draw, font, view)
    _legend(draw, font, legend, step)
    rows = [t for t, _ in legend]
    return img, MapLayout(legend_box, rows, [b for b, _ in boxes], [t for _, t in boxes])


class _Labels:
    """Text drawn last, with a white halo, each label moved down until it overlaps no earlier
    one nor the legend, so that problems found at the same place stay readable. Labels are
    placed by priority (problems, cameras, movers' names, then the second marks); one that finds
    no free place within a few rows (`LABEL_TRIES`) is left out rather than drawn over another (a
    crowd's second marks), so no two labels ever overlap."""

    def __init__(self) -> None:
        self.items: list[tuple[int, tuple[float, float], str, tuple[int, int, int]]] = []
        self.placed: list[tuple[float, float, float, float]] = []  # boxes to keep clear

    def add(self, xy: tuple[float, float], text: str, colour: tuple[int, int, int],
            priority: int = 3) -> None:
        self.items.append((priority, xy, text, colour))

    def draw(self, draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont
             ) -> list[tuple[tuple[float, float, float, float], str]]:
        placed = self.placed
        drawn = []
        for priority, (x, y), text, colour in sorted(self.items, key=lambda item: item[0]):
            w = draw.textlength(text, font=font)
            for _ in range(LABEL_TRIES.get(priority, NEAR_TRIES)):
                box = (x - 2, y - 1, x + w + 2, y + 14)
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                           for b in placed):
                    break
                y += 14
            else:
                continue
            placed.append(box)
            drawn.append((box, text))
            draw.text((x, y), text, fill=colour, font=font, stroke_width=2,
                      stroke_fill=BACKGROUND)
        return drawn


def _polyline(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]],
              colour: tuple[int, int, int], width: int) -> None:
    if len(points) == 1 or len(set(points)) == 1:
        x, y = points[0]
        draw.ellipse([x - width, y - width, x + width, y + width], fill=colour)
    else:
        draw.line(points, fill=colour, width=width, joint="curve")


def _ticks(draw: ImageDraw.ImageDraw, labels: _Labels, points: list[tuple[float, float]],
           frames: list[int], fps: float,
           colour: tuple[int, int, int]) -> None:
    """A small labelled mark at each whole second after the first frame, placed by linear
    interpolation between the sampled frames (fps need not be a whole number)."""
    f = np.array(frames, float)
    xs, ys = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    seconds = int((f[-1] - f[0]) / fps)
    runs: list[tuple[float, float, int, int]] = []  # x, y, first and last second there
    for k in range(1, seconds + 1):
        t = f[0] + k * fps
        x, y = float(np.interp(t, f, xs)), float(np.interp(t, f, ys))
        if runs and abs(runs[-1][0] - x) < 4 and abs(runs[-1][1] - y) < 4:
            runs[-1] = (*runs[-1][:3], k)  # standing still: one mark, "2-5s"
        else:
            runs.append((x, y, k, k))
    for x, y, k0, k1 in runs:
        draw.rectangle([x - 3, y - 3, x + 3, y + 3], fill=BACKGROUND, outline=colour, width=2)
        labels.add((x + 5, y + 3), f"{k0}s" if k0 == k1 else f"{k0}-{k1}s", colour)


def _grid(draw: ImageDraw.ImageDraw, view: MapView) -> float:
    """Grid lines every metre (every 10 m, 100 m … when metres would be closer than 6 px)."""
    step = 1.0
    while step * view.scale < 6:
        step *= 10
    w, h = view.size
    # Lines over the whole image: walk from the pixel edges back to world coordinates.
    cx, cy = (view.lo[0] + view.hi[0]) / 2, (view.lo[1] + view.hi[1]) / 2
    wx0, wx1 = cx - w / 2 / view.scale, cx + w / 2 / view.scale
    wy0, wy1 = cy - h / 2 / view.scale, cy + h / 2 / view.scale
    for i in range(math.ceil(wx0 / step), math.floor(wx1 / step) + 1):
        x, _ = view.to_pixel(i * step, 0.0)
        draw.line([(x, 0), (x, h)], fill=GRID, width=1)
    for j in range(math.ceil(wy0 / step), math.floor(wy1 / step) + 1):
        _, y = view.to_pixel(0.0, j * step)
        draw.line([(0, y), (w, y)], fill=GRID, width=1)
    return step


def _scale_bar(draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont, view: MapView) -> None:
    """A bar of a round length (1, 2, 5 × 10^k m) about a fifth of the image wide."""
    target = view.size[0] / 5 / view.scale
    base = 10 ** math.floor(math.log10(target))
    length = max(m * base for m in (1, 2, 5) if m * base <= target)
    h = view.size[1]
    x0, y0 = 16, h - 20
    x1 = x0 + length * view.scale
    draw.line([(x0, y0), (x1, y0)], fill=TEXT, width=3)
    draw.line([(x0, y0 - 5), (x0, y0 + 5)], fill=TEXT, width=2)
    draw.line([(x1, y0 - 5), (x1, y0 + 5)], fill=TEXT, width=2)
    draw.text((x0, y0 - 18), f"{length:g} m", fill=TEXT, font=font)


Legend = list[tuple[str, list[tuple[int, int, int]]]]  # text, path colours (a group: several)
FIXED_ROWS = 5  # obstacle, set wall, camera, problem, grid


def _legend_box(draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont,
                paths: Legend) -> tuple[float, float, float, float]:
    """The legend's box (drawn later, on top; labels keep clear of it)."""
    texts = ["camera path / view", "grid 1000 m, +Y up"] + [t for t, _ in paths]
    width = 16 + max(int(draw.textlength(t, font=font)) for t in texts) + 30
    return (8, 8, 8 + width, 8 + 10 + 16 * (FIXED_ROWS + len(paths)))


def _legend(draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont,
            paths: Legend, step: float) -> None:
    rows: list[tuple[str, str, list[tuple[int, int, int]]]] = [
        ("box", "obstacle", [OBSTACLE_FILL]), ("box", "set wall", [WALL_FILL]),
        ("box", "camera path / view", [CAMERA]), ("cross", "problem", [PROBLEM])]
    rows += [("line", text, cs) for text, cs in paths]
    rows.append(("none", f"grid {step:g} m, +Y up", [TEXT]))
    x, y, x1, y1 = _legend_box(draw, font, paths)
    draw.rectangle([x, y, x1, y1], fill=BACKGROUND, outline=TEXT)
    for i, (shape, text, colours) in enumerate(rows):
        ry = y + 8 + 16 * i
        colour = colours[0]
        if shape == "box":
            draw.rectangle([x + 8, ry + 2, x + 22, ry + 12], fill=colour)
        elif shape == "line":
            seg = 14 / len(colours)  # a group: one short dash per colour
            for k, c in enumerate(colours):
                draw.line([(x + 8 + k * seg, ry + 7), (x + 8 + (k + 1) * seg, ry + 7)], fill=c,
                          width=3)
        elif shape == "cross":
            draw.ellipse([x + 9, ry + 1, x + 21, ry + 13], outline=colour, width=2)
        draw.text((x + 30, ry), text, fill=TEXT, font=font)


def plot_png(world: World, report: Report, shot: str | None = None,
             size: tuple[int, int] = SIZE) -> bytes:
    """The map as PNG bytes (no metadata, so equal Worlds give equal bytes)."""
    buf = io.BytesIO()
    plot_map(world, report, shot, size).save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def write_plot(path: str | Path, world: World, report: Report, shot: str | None = None,
               size: tuple[int, int] = SIZE) -> Path:
    """Write the map to ``path`` atomically (a bad path leaves nothing behind)."""
    data = plot_png(world, report, shot, size)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)
