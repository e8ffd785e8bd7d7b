"""The scene for other tools: glTF binary, FBX, USD and Alembic through Blender's own exporters,
cameras, lights and animation included.

The World is built into an empty scene (or the .blend is opened), the scene's frame range is
every shot's frames, and the exporter writes into a fresh folder beside the output; the file is
renamed over the output only when the exporter finished, so an export over an existing file
replaces it only on success and a failed or killed export leaves no half file.

Per format (the options Blender's exporters name; each is passed only where this Blender's
operator has it, and the ones that carry cameras and animation must exist):

- ``glb``: ``export_scene.gltf`` with cameras, lights and the whole scene's animation sampled
  every frame (animation mode ``SCENE``), so each camera's path is a node animation; a light
  colour above 1 is scaled into glTF's 0-1 with the power scaled up to match;
- ``fbx``: ``export_scene.fbx`` with every object type, animation baked every frame with no
  simplification, no leaf bones. Key times are the scene's (frame 1 at 1/fps s, as Maya and
  other tools read them); Blender's FBX importer adds one frame by default (``anim_offset``
  1), so re-import into Blender with ``anim_offset=0`` for the same camera path, frame for frame;
- ``usd``: ``wm.usd_export`` with animation, cameras and lights;
- ``abc``: ``wm.alembic_export`` over the scene's frame range, run in the foreground.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import bpy

from previz.world import World
from previz.world.errors import InputError

SUFFIXES = {"glb": (".glb",), "fbx": (".fbx",), "usd": (".usd", ".usdc", ".usda", ".usdz"),
            "abc": (".abc",)}

_OPTIONS: dict[str, tuple[Any, dict[str, Any], tuple[str, ...]]] = {
    # format: (operator, options, options that must exist)
    "glb": (lambda: bpy.ops.export_scene.gltf, {
        "export_format": "GLB", "export_cameras": True, "export_lights": True,
        "export_animations": True, "export_frame_range": True, "export_force_sampling": True,
        "export_animation_mode": "SCENE", "export_frame_step": 1,
        "export_optimize_animation_size": False, "export_anim_slide_to_zero": False,
        "use_selection": False, "use_visible": False, "export_yup": True},
        ("export_cameras", "export_animations")),
    "fbx": (lambda: bpy.ops.export_scene.fbx, {
        "object_types": {"CAMERA", "MESH", "ARMATURE", "EMPTY", "LIGHT", "OTHER"},
        "bake_anim": True, "bake_anim_step": 1.0, "bake_anim_simplify_factor": 0.0,
        "bake_anim_use_all_actions": False, "bake_anim_use_nla_strips": False,
        "bake_anim_force_startend_keying": True, "add_leaf_bones": False,
        "use_selection": False, "use_visible": False},
        ("object_types", "bake_anim")),
    "usd": (lambda: bpy.ops.wm.usd_export, {
        "export_animation": True, "export_cameras": True, "export_lights": True,
        "selected_objects_only": False, "visible_objects_only": False},
        ("export_animation", "export_cameras")),
    "abc": (lambda: bpy.ops.wm.alembic_export, {
        "selected": False, "visible_objects_only": False, "as_background_job": False,
        "init_scene_frame_range": False},
        ("start", "end")),
}


def check_output(fmt: str, out: str | Path) -> Path:
    """``out`` named for ``fmt`` (``.glb``, ``.fbx``, ``.usd[a|c|z]``, ``.abc``)."""
    if fmt not in SUFFIXES:
        raise InputError(f"--format {fmt}: use one of {', '.join(SUFFIXES)}")
    p = Path(out)
    if p.suffix.lower() not in SUFFIXES[fmt]:
        raise InputError(f"-o {out}: a {fmt} export is named *{' or *'.join(SUFFIXES[fmt])}")
    if p.is_dir():
        raise InputError(f"-o {out}: is a folder")
    return p


def load_scene(source: Path, report: list[str]) -> World:
    """Make ``source`` (World JSON or .blend) Blender's current scene; its World."""
    from .bridge import build, read_file

    if source.suffix.lower() == ".blend":
        return read_file(source)  # opens the file
    from previz.world import load_world

    world = load_world(source)
    bpy.ops.wm.read_homefile(use_empty=True)
    build(world, bpy.context.scene, base_dir=source.resolve().parent, report=report)
    return world


def export_scene(fmt: str, out: str | Path, world: World) -> tuple[Path, list[str]]:
    """Export the current scene as ``fmt`` to ``out`` (see the module docstring); the file
    and what the format could not carry."""
    target = check_output(fmt, out).resolve()
    scene = bpy.context.scene
    if world.shots:
        scene.frame_start = min(s.frame_start for s in world.shots)
        scene.frame_end = max(s.frame_end for s in world.shots)
    scene.frame_set(scene.frame_start)
    get_op, options, required = _OPTIONS[fmt]
    op = get_op()
    names = {p.identifier for p in op.get_rna_type().properties}
    missing = [k for k in required if k not in names and k not in ("start", "end")]
    if missing:
        raise RuntimeError(f"this Blender's {op.idname_py()} has no {', '.join(missing)}: it "
                           "cannot export cameras and animation")
    kwargs = {k: v for k, v in options.items() if k in names}
    notes = _gltf_light_colors(scene) if fmt == "glb" else []
    if fmt == "abc":
        kwargs.update(start=scene.frame_start, end=scene.frame_end)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        tmp = tmp_dir / target.name
        result = op(filepath=str(tmp), **kwargs)
        if "FINISHED" not in result or not tmp.is_file() or tmp.stat().st_size == 0:
            raise RuntimeError(f"Blender's {fmt} exporter did not write {target.name} "
                               f"({', '.join(sorted(result))})")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return target, notes + _not_carried(fmt, world)


def _gltf_light_colors(scene: Any) -> list[str]:
    """glTF light colours are 0-1 (KHR_lights_punctual). Blender's exporter writes the colour
    times the black body of the light's temperature, which for a warm or cold light is above 1
    in a channel; such a light gets that product divided by its largest channel as its colour
    (temperature off) and its power multiplied by it — the same light, in glTF's terms, at the
    first frame (glTF without KHR_animation_pointer keys no light). Changes the scene in memory
    only (the export's scene is never saved)."""
    notes = []
    for obj in scene.objects:
        if obj.type != "LIGHT":
            continue
        data = obj.data
        color = list(data.color)
        if getattr(data, "use_temperature", False):
            color = [c * t for c, t in zip(color, data.temperature_color, strict=True)]
        peak = max(color)
        if peak <= 1.0:
            continue
        if data.animation_data is not None:
            data.animation_data_clear()
            notes.append(f"glTF: {obj.name}'s colour, temperature or power keys are not "
                         "carried (frame-1 values)")
        if hasattr(data, "use_temperature"):
            data.use_temperature = False
        data.color = [c / peak for c in color]
        data.energy *= peak
        notes.append(f"glTF: {obj.name}'s colour scaled into 0-1 (x{1 / peak:.3f}) and its "
                     f"power by x{peak:.3f}")
    return notes


def _not_carried(fmt: str, world: World) -> list[str]:
    """What ``fmt`` leaves out of this World, said rather than dropped silently."""
    notes = []
    if fmt == "glb":
        area = [li.id for li in world.lights if li.type == "area"]
        if area:
            notes.append(f"glTF has no area lights (KHR_lights_punctual: point, spot, sun); "
                         f"not in the file: {', '.join(area)}")
        if any(e.skeleton is not None for e in world.entities):
            notes.append("glTF: a skinned mesh stays under its armature's node (the validator "
                         "notes NODE_SKINNED_MESH_NON_ROOT; the skin carries the motion)")
    return notes
