"""Placing a preset's lights round a subject and a camera, with powers that give the ratios.

Each role's light stands at its azimuth/elevation/distance from the subject's face (0.8 of its
height), measured from the subject→camera direction, and points at the face. Its power is set so
the illuminance it puts on the face is ``ratio × key_irradiance`` under Blender's light units:

- point and spot: radiant intensity P / (4π) W/sr, so E = P / (4π d²);
- area (square of side a, pointed at the subject): Lambertian; on its axis a disc of the same
  area (R² = a²/π) gives E = P / (π (d² + R²)) = P / (π d² + a²) — P / (π d²) for a light
  small next to its distance, less for a big soft source close by (measured in Cycles:
  without the a² term a 1.5 m fill at 2 m gave 25 % less than asked);
- sun: the strength is the irradiance itself, E = strength.

So a 2:1 preset gives a fill with half the key's illuminance whatever the light types are.
"""

from __future__ import annotations

import math

import numpy as np

from previz.world import Camera, Environment, Light, Transform, World
from previz.world.color import kelvin_to_rgb
from previz.world.errors import InputError
from previz.world.transforms import look_at_euler

from .presets import LightingPreset, LightRole, preset

FACE = 0.8  # fraction of the subject's height the lights aim at
REFERENCE_HEIGHT = 1.8


def power_for(kind: str, irradiance: float, distance: float, size: float = 0.0) -> float:
    """Blender power (W; sun: W/m²) that puts ``irradiance`` W/m² on a surface facing a light
    of ``kind`` at ``distance`` metres (an area light of side ``size`` m)."""
    if kind == "sun":
        return irradiance
    if kind == "area":
        return irradiance * (math.pi * distance**2 + size**2)
    if kind in ("point", "spot"):
        return irradiance * 4.0 * math.pi * distance**2
    raise ValueError(f"unknown light type {kind!r}")


def _luminance(role: LightRole) -> float:
    """Luminance of a role's colour (Rec. 709): a light given by temperature is white-balanced
    to 1 (Blender's blackbody colour keeps luminance); a saturated colour (neon magenta, 0.31)
    needs that much more power for the ratio, which is photometric — what a meter and the eye
    read."""
    if role.kelvin is not None or role.color is None:
        return 1.0
    r, g, b = role.color
    return max(0.2126 * r + 0.7152 * g + 0.0722 * b, 0.05)


def irradiance_from(kind: str, power: float, distance: float, size: float = 0.0) -> float:
    """Inverse of `power_for`: W/m² on a surface facing the light."""
    if kind == "sun":
        return power
    if kind == "area":
        return power / (math.pi * distance**2 + size**2)
    return power / (4.0 * math.pi * distance**2)


def _camera_position(world: World, camera: str | Camera | np.ndarray, frame: float) -> np.ndarray:
    if isinstance(camera, np.ndarray | list | tuple):
        return np.asarray(camera, float)
    if isinstance(camera, Camera):
        w = World(entities=world.entities, relations=world.relations, cameras=[camera])
        return w.evaluate(frame).cameras[camera.id].matrix[:3, 3]
    if camera not in {c.id for c in world.cameras}:
        raise InputError(f"lights_for: no camera with id {camera!r}")
    return world.evaluate(frame).cameras[camera].matrix[:3, 3]


def role_position(face: np.ndarray, toward_camera: np.ndarray, role: LightRole,
                  scale: float) -> np.ndarray:
    a = math.radians(role.azimuth)
    c, s = math.cos(a), math.sin(a)
    h = np.array([c * toward_camera[0] - s * toward_camera[1],
                  s * toward_camera[0] + c * toward_camera[1], 0.0])
    el = math.radians(role.elevation)
    d = role.distance * (1.0 if role.type == "sun" else scale)
    return face + d * (math.cos(el) * h + math.sin(el) * np.array([0.0, 0.0, 1.0]))


def lights_for(
    name: str | LightingPreset,
    world: World,
    subject: str,
    camera: str | Camera | np.ndarray,
    *,
    frame: float = 1.0,
    prefix: str | None = None,
    intensity: float = 1.0,
) -> list[Light]:
    """The preset's lights for ``subject`` seen from ``camera`` (an id, a Camera, or a
    position) at ``frame``. Light ids are ``<prefix>-<role>`` (prefix: the preset name)."""
    from previz.skills.camera.subject import Subject, measure

    p = preset(name) if isinstance(name, str) else name
    Subject(subject).check(world)
    ms = measure(world, frame, Subject(subject))
    face = ms.at(FACE)
    cam = _camera_position(world, camera, frame)
    toward = (cam - face) * np.array([1.0, 1.0, 0.0])
    if np.linalg.norm(toward) < 1e-6:
        toward = ms.forward.copy()
    toward /= np.linalg.norm(toward)
    scale = max(ms.height, 0.2) / REFERENCE_HEIGHT
    prefix = (prefix or p.name).replace("_", "-")
    lights = []
    for role in p.roles:
        pos = role_position(face, toward, role, scale)
        dist = float(np.linalg.norm(pos - face))
        irr = role.ratio * p.key_irradiance * intensity
        size = math.radians(role.softness) if role.type == "sun" else role.softness * scale
        colour = {"temperature": role.kelvin} if role.kelvin is not None else {
            "color": role.color}
        extra = {}
        if role.type == "spot":
            # Cone wide enough for the subject's whole height at this distance, plus margin.
            extra = {"spot_angle": min(2.0 * math.atan2(ms.height, dist) + 0.2, 3.0),
                     "spot_blend": 0.3}
        lights.append(Light(
            id=f"{prefix}-{role.role}",
            name=f"{p.name} {role.role}",
            type=role.type,
            transform=Transform(location=tuple(float(v) for v in pos),
                                rotation=tuple(look_at_euler(pos, face))),
            power=power_for(role.type, irr, dist, size) / _luminance(role),
            size=size,
            **colour,
            **extra,
        ))
    return lights


def environment_for(name: str | LightingPreset, lights: list[Light] | None = None,
                    *, intensity: float = 1.0) -> Environment:
    """The preset's sky as the World's environment: the black-body colour of ``sky_kelvin``
    at ``sky_strength`` (moonlight: a dark blue at 0.05; golden hour: warm). When the preset's
    sky follows its sun and ``lights`` (from `lights_for`) hold that sun, it is linked."""
    p = preset(name) if isinstance(name, str) else name
    sun = None
    if p.sky_sun and lights:
        sun = next((li.id for li in lights if li.type == "sun"), None)
    return Environment(color=kelvin_to_rgb(p.sky_kelvin), strength=p.sky_strength * intensity,
                       sun=sun)
