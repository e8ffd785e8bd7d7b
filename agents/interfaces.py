"""The narrow interfaces through which agents use other packages, each with a built-in default.

Agents turn a plan into a World; what things look like (assets), how characters move, where
cameras go and how a scene is lit is know-how that lives in `previz.asset_index` and
`previz.skills`. Agents only ask these small questions, so those packages can grow without the
agents changing, and a plan always builds even when they offer nothing:

- `AssetSelector`: category, style, size → `AssetRef` (default: a white-box of that size);
- `SkeletonProvider`: category, height → `Skeleton` (default: the skills template, or a
  one-joint skeleton when skills has none);
- `CameraProvider`: shot size, movement, subject boxes, frames, setting → `Camera` (default: one
  static camera in front of the subject that keeps every corner of its box in frame);
- `LightingProvider`: mood, setting → lights (default: one key light and a soft fill);
- `TextEmbedder`: texts → unit vectors (default: none; the planner then matches words only).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from previz.skills.geometry import Box
from previz.world import AssetRef, Camera, Entity, Joint, Light, Skeleton, Transform, World
from previz.world.transforms import look_at_euler


class AssetSelector(Protocol):
    def select(self, category: str, style: str, size: tuple[float, float, float]) -> AssetRef: ...


class SkeletonProvider(Protocol):
    def skeleton(self, category: str, template: str | None, height: float) -> Skeleton | None: ...


@dataclass(frozen=True)
class CameraRequest:
    shot_id: str
    size: str  # plan shot size
    movement: str  # plan movement name
    subject: list[Box]  # the subject's boxes at the shot's first, middle and last frames
    frames: tuple[int, int]
    bounds: tuple[float, float, float, float]
    height: float | None  # ceiling, None outdoors
    resolution: tuple[int, int]
    obstacles: list[Box]
    world: World | None = None  # the World so far (entities, no cameras)
    subject_ids: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)  # the plan's move parameters
    lens_mm: float | None = None  # focal length; None: from the shot size
    camera_body: str | None = None  # a `previz.skills.camera.bodies` name
    subject_part: str | None = None  # face, hands … of the (first) subject
    end_size: str | None = None  # plan shot size the move ends on
    # Several moves in one shot, in order: (plan movement, params, share of the shot,
    # end size or None, subject entity ids or () for the shot's).
    beats: tuple[tuple[str, dict[str, Any], float, str | None, tuple[str, ...]], ...] = ()
    # Where the camera stands round the subject (radians, 0 = in front, as the camera skill's
    # azimuth) and its angle ('eye_level', 'high' …): None = the provider's own choice. Set
    # when a shot is framed again to show what the director named (`previz.agents.compose`).
    azimuth: float | None = None
    angle: str | None = None


class CameraProvider(Protocol):
    def camera(self, request: CameraRequest, camera_id: str) -> Camera: ...


@dataclass(frozen=True)
class LightingRequest:
    mood: str
    bounds: tuple[float, float, float, float]
    height: float | None
    indoor: bool
    world: World | None = None  # the World so far, cameras included
    subject: str | None = None  # entity id of the first shot's subject
    camera: str | None = None  # camera id of the first shot
    look: str | None = None  # a lighting look (preset) named by the plan
    key_direction: str | None = None  # compass point (north = +Y), above, front/behind/left/right
    temperature_k: float | None = None  # the key's colour temperature
    practicals: tuple[str, ...] = ()  # entity ids of objects that are lights
    fog: float | None = None  # haze 0..1
    time_of_day: str | None = None


class LightingProvider(Protocol):
    def lights(self, request: LightingRequest) -> list[Light]: ...


class MotionProvider(Protocol):
    """Body motion for one character: its script (`previz.agents.motion.Timeline.scripts`,
    steps with start times) → the entity with keyed joints (`previz.agents.motion.Animated`),
    or None to leave it in the rest pose. Default: `previz.agents.motion.SkillsMotion`."""

    def animate(self, entity: Entity, script: list[dict], fps: float,
                targets: dict[str, tuple[float, float, float]]) -> Any: ...


class TextEmbedder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


# -- defaults -----------------------------------------------------------------------------------


class WhiteBoxAssets:
    """No library: the entity is a white-box proxy of the category's size."""

    def select(self, category: str, style: str, size: tuple[float, float, float]) -> AssetRef:
        return AssetRef(size=tuple(float(v) for v in size))  # type: ignore[arg-type]


class TemplateSkeletons:
    """Skeletons from `previz.skills.skeletons.make_skeleton` (a stable function of the skills
    package); a single root joint when the template is unknown there."""

    def skeleton(self, category: str, template: str | None, height: float) -> Skeleton | None:
        if template is None:
            return None
        try:
            from previz.skills.skeletons import make_skeleton
        except ImportError:  # pragma: no cover - skills always ships with previz
            make_skeleton = None
        if make_skeleton is not None:
            try:
                return make_skeleton(template, height)
            except ValueError:
                pass
        return Skeleton(template=None, joints=[Joint(name="root", offset=(0.0, 0.0, height / 2))])


DEFAULT_AZIMUTH = 0.3  # the camera skill's side (radians round the subject) when none is asked
#: More subjects than this are a crowd, which the static framing looks down on at `CROWD_PITCH`.
CROWD = 12
CROWD_PITCH = math.radians(45.0)
#: Share of the frame (from its centre) a crowd's boxes may fill: its members are small, and
#: each pixel of frame the whole action leaves empty makes them smaller (100 soldiers marching
#: 10 m in a 21 m column: at 0.85, as a wide, under half of them visible in most frames).
CROWD_MARGIN = 0.95

# The part of the frame (from its centre) the subject's box may fill, per shot size.
_MARGIN = {"extreme_wide": 0.8, "wide": 0.85, "full": 0.9, "medium": 0.92, "close_up": 0.95,
           "extreme_close_up": 0.95}


class StaticFramingCamera:
    """One static camera aimed at the subject, backed off, widened or raised until every corner
    of the subject's boxes is inside the frame.

    It tries the south side first (the audience side: fronts face −Y), then west, east and
    north. Indoors the camera stays inside the room (it cannot back through a wall), so it widens
    the lens (down to 12 mm) and then rises toward the ceiling. It steps sideways or up when the
    eye would sit inside an obstacle. Movements other than static are the camera skills' job;
    this default frames them as static shots."""

    SIDES = (0.0, -math.pi / 2, math.pi / 2, math.pi)  # south, west, east, north

    def camera(self, request: CameraRequest, camera_id: str) -> Camera:
        corners = np.vstack([b.corners() for b in request.subject]) if request.subject else \
            np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 1.7]])
        x0, y0, x1, y1 = request.bounds
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2, 0.0])
        found = None
        # A side asked for (a shot framed again from elsewhere) is tried first: the request's
        # azimuth turned from the camera skill's default side (0.3 rad) onto the south.
        turn = 0.0 if request.azimuth is None else request.azimuth - DEFAULT_AZIMUTH
        sides = [s + turn for s in self.SIDES]
        crowd = len(request.subject_ids) > CROWD and request.angle is None
        if crowd:
            # A crowd is seen from the sides it is broadest across (a column from its flank,
            # not end-on), from inside the set when any of those has room, else from beyond.
            def breadth(side: float) -> float:
                across = ((corners - centre) @ _rz(-side).T)[:, 0]
                return float(np.ptp(across))

            sides.sort(key=lambda a: -round(breadth(a), 3))
        for inside in ((True, False) if crowd else (False,)):
            for side in sides:
                # Turn the setting so that this side is south, search there, turn the answer
                # back.
                rot = _rz(-side)
                local = (corners - centre) @ rot.T
                half = np.abs(rot[:2, :2]) @ np.array([(x1 - x0) / 2, (y1 - y0) / 2])
                found = self._crowd(request, local, -half[1], inside) if crowd else \
                    self._search(request, local, -half[1])
                if found is not None:
                    eye, target, focal = found
                    eye = _rz(side) @ eye + centre
                    target = _rz(side) @ target + centre
                    break
            if found is not None:
                break
        if found is None and request.height is not None:  # indoors: a corner sees ~100°
            found = self._corners(request, corners)
            if found is not None:
                eye, target, focal = found
        if found is None:  # nothing fits: the widest lens from the south, high up
            lo, hi = corners.min(axis=0), corners.max(axis=0)
            target = (lo + hi) / 2.0
            top = (request.height - 0.3) if request.height is not None else hi[2] + 3.0
            eye = np.array([float(target[0]), max(y0 + 0.25, float(lo[1]) - 1.0), top]) \
                if request.height is not None else np.array([target[0], lo[1] - 5.0, top])
            focal = 12.0
        eye = _step_out(eye, request.obstacles)
        rot = look_at_euler(eye.tolist(), target.tolist())
        return Camera(id=camera_id, name=f"{request.shot_id} camera",
                      transform=Transform(location=tuple(eye.tolist()), rotation=tuple(rot)),
                      focal_length=focal, focus_distance=float(np.linalg.norm(target - eye)))

    def _search(self, request: CameraRequest, corners: np.ndarray,
                wall_y: float) -> tuple[np.ndarray, np.ndarray, float] | None:
        lo, hi = corners.min(axis=0), corners.max(axis=0)
        target = (lo + hi) / 2.0
        w, h = request.resolution
        margin = _MARGIN.get(request.size, 0.8)
        ceiling = (request.height - 0.3) if request.height is not None else 60.0
        eye_z = float(np.clip(target[2] + 0.35, 0.6, ceiling))
        if request.size in ("extreme_wide", "wide"):
            eye_z = float(np.clip(max(eye_z, 1.7), 0.6, ceiling))
        if request.angle == "high":  # looking down on it: above its top by half its extent
            extent = float(np.max(hi - lo))
            eye_z = float(np.clip(max(eye_z, hi[2] + 0.5 * extent, 3.0), 0.6, ceiling))
        y_min = wall_y + 0.25 if request.height is not None else -math.inf
        heights = sorted({eye_z, *(z for z in (eye_z + 1.0, eye_z + 2.5, eye_z + 5.0, ceiling)
                                   if eye_z < z <= ceiling)})
        for z in heights:  # raise the eye only when no lens fits from lower down
            for focal in (35.0, 28.0, 24.0, 20.0, 16.0, 12.0):
                for back in np.arange(0.8, 80.0, 0.25):
                    y = float(target[1] - (hi[1] - lo[1]) / 2 - back)
                    if y < y_min:
                        break
                    eye = np.array([float(target[0]), y, z])
                    if self._fits(eye, target, corners, focal, w, h, margin):
                        return eye, target, focal
        return None

    def _crowd(self, request: CameraRequest, corners: np.ndarray, wall_y: float,
               inside: bool) -> tuple[np.ndarray, np.ndarray, float] | None:
        """A crowd seen from eye level is its front row (100 soldiers in a column were 0 %
        visible from 1.7 m): from the south, looked down on at `CROWD_PITCH`, the eye rising as
        it backs off so the rows behind show over the ones in front; the longest lens that
        frames it within `CROWD_MARGIN`, from no further back than the set's edge when
        ``inside`` (or a room's)."""
        lo, hi = corners.min(axis=0), corners.max(axis=0)
        target = (lo + hi) / 2.0
        w, h = request.resolution
        margin = max(_MARGIN.get(request.size, 0.8), CROWD_MARGIN)
        ceiling = (request.height - 0.3) if request.height is not None else 60.0
        y_min = wall_y + 0.25 if inside or request.height is not None else -math.inf
        rise = math.tan(CROWD_PITCH)
        for focal in (35.0, 28.0, 24.0, 20.0, 16.0, 12.0):
            for back in np.arange(0.8, 80.0, 0.25):
                y = float(target[1] - (hi[1] - lo[1]) / 2 - back)
                if y < y_min:
                    break
                z = float(np.clip(target[2] + rise * (target[1] - y), 1.7, ceiling))
                eye = np.array([float(target[0]), y, z])
                if self._fits(eye, target, corners, focal, w, h, margin):
                    return eye, target, focal
        return None

    def _corners(self, request: CameraRequest,
                 corners: np.ndarray) -> tuple[np.ndarray, np.ndarray, float] | None:
        x0, y0, x1, y1 = request.bounds
        lo, hi = corners.min(axis=0), corners.max(axis=0)
        target = (lo + hi) / 2.0
        w, h = request.resolution
        margin = _MARGIN.get(request.size, 0.8)
        ceiling = request.height - 0.3  # type: ignore[operator]
        for z in sorted({min(1.7, ceiling), ceiling}):
            for cx, cy in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
                eye = np.array([cx + 0.25 * np.sign(target[0] - cx),
                                cy + 0.25 * np.sign(target[1] - cy), z])
                for focal in (24.0, 20.0, 16.0, 12.0):
                    if self._fits(eye, target, corners, focal, w, h, margin):
                        return eye, target, focal
        return None

    @staticmethod
    def _fits(eye: np.ndarray, target: np.ndarray, corners: np.ndarray, focal: float, w: int,
              h: int, margin: float) -> bool:
        from previz.world.transforms import compose

        rot = look_at_euler(eye.tolist(), target.tolist())
        m = compose(eye.tolist(), rot)
        cam = (np.linalg.inv(m) @ np.c_[corners, np.ones(len(corners))].T)[:3]
        depth = -cam[2]
        if np.any(depth <= 0.15):
            return False
        fx = focal / 36.0 * w
        u = fx * cam[0] / depth
        v = fx * cam[1] / depth
        return bool(np.all(np.abs(u) <= margin * w / 2) and np.all(np.abs(v) <= margin * h / 2))


def _rz(angle: float) -> np.ndarray:
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def _step_out(eye: np.ndarray, obstacles: Sequence[Box]) -> np.ndarray:
    for dz in (0.0, 0.3, 0.6, 1.0):
        for dx in (0.0, 0.5, -0.5, 1.0, -1.0):
            p = eye + np.array([dx, 0.0, dz])
            if not any(b.contains(p, -0.15) for b in obstacles):
                return p
    return eye


_MOOD_LIGHT = {  # key power W, key colour temperature K, fill fraction, sun irradiance outdoors
    "neutral": (800.0, 5000.0, 0.35, 4.0),
    "warm": (700.0, 3200.0, 0.3, 3.0),
    "cool": (600.0, 7500.0, 0.25, 1.5),
    "dramatic": (1000.0, 4500.0, 0.05, 2.0),
    "bright": (1200.0, 5600.0, 0.5, 6.0),
    "soft": (600.0, 5200.0, 0.6, 2.5),
}


class KeyLight:
    """A key light above and to the camera's left of the scene, and a fill when the mood
    wants one; outdoors a sun."""

    def lights(self, request: LightingRequest) -> list[Light]:
        power, kelvin, fill, sun = _MOOD_LIGHT.get(request.mood, _MOOD_LIGHT["neutral"])
        height, indoor = request.height, request.indoor
        x0, y0, x1, y1 = request.bounds
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if not indoor:
            rot = look_at_euler([cx - 10, cy - 10, 20], [cx, cy, 0])
            return [Light(id="sun", name="Sun", type="sun", power=sun, temperature=kelvin,
                          transform=Transform(location=(cx - 10, cy - 10, 20),
                                              rotation=tuple(rot)), size=0.01)]
        top = (height or 3.0) - 0.3
        key_at = [x0 + 0.3 * (x1 - x0), y0 + 0.25 * (y1 - y0), top]
        out = [Light(id="key", name="Key light", type="area", power=power, temperature=kelvin,
                     size=1.0, transform=Transform(
                         location=tuple(key_at), rotation=tuple(look_at_euler(key_at,
                                                                              [cx, cy, 1.0]))))]
        if fill > 0.1:
            fill_at = [x0 + 0.75 * (x1 - x0), y0 + 0.3 * (y1 - y0), top]
            out.append(Light(id="fill", name="Fill light", type="area", power=power * fill,
                             temperature=kelvin, size=2.0, transform=Transform(
                                 location=tuple(fill_at),
                                 rotation=tuple(look_at_euler(fill_at, [cx, cy, 1.0])))))
        return out


@dataclass
class Providers:
    """The set of providers a pipeline uses; every field has a working default."""

    assets: AssetSelector
    skeletons: SkeletonProvider
    camera: CameraProvider
    lighting: LightingProvider
    embedder: TextEmbedder | None = None
    motion: MotionProvider | None = None  # None: `previz.agents.motion.SkillsMotion`


def default_providers() -> Providers:
    """The simplest working providers: white-box assets, template skeletons, one static
    framing camera and a key light (`previz plan --simple-camera`). `realize` uses
    `previz.agents.adapters.skill_providers` when given none."""
    return Providers(WhiteBoxAssets(), TemplateSkeletons(), StaticFramingCamera(), KeyLight())
