"""The World's environment ⇄ the scene's Blender world.

Previz owns a Blender world only when it made it (marked ``previz_environment``): a Background
shader whose colour and strength carry the (keyed) values; with a sun, a physical sky drives the
colour, its sun direction keyed from the linked sun light's rotation. A Blender world a person
made is not part of the World and is left alone.
"""

from __future__ import annotations

import math
from typing import Any

import bpy

from previz.world import World
from previz.world.models import Environment
from previz.world.tracks import Curve, sample

from .fcurves import read_param, write_param

ENVIRONMENT_KEY = "previz_environment"
"""Marks the Blender world a Previz environment owns."""
ENVIRONMENT_SUN_KEY = "previz_sun"
"""The id of the light the sky's sun follows, on the Blender world."""
ENVIRONMENT_FOG_KEY = "previz_fog"
"""The World's fog (0..1), on the Blender world that draws it."""


def background_path(node: bpy.types.Node, socket: str) -> str:
    """The F-curve data path of a node input's value, from the node tree."""
    index = list(node.inputs).index(node.inputs[socket])
    return f'nodes["{node.name}"].inputs[{index}].default_value'


def build_environment(world: World, scene: bpy.types.Scene) -> None:
    """``world.environment`` as the scene's Blender world (a new one each call); without an
    environment, a Blender world Previz made is unset. Takes the whole World because a sky
    keys its sun from the linked light. Also used by the console's Lighting panel."""
    env = world.environment
    if env is None:
        if scene.world is not None and scene.world.get(ENVIRONMENT_KEY):
            scene.world = None
        return
    bw = bpy.data.worlds.new("Previz Environment")
    bw[ENVIRONMENT_KEY] = True
    if bw.node_tree is None:  # Blender 4.x; a 5.x world always has nodes (use_nodes goes in 6.0)
        bw.use_nodes = True
    tree = bw.node_tree
    bg = next(n for n in tree.nodes if n.type == "BACKGROUND")
    color, strength = bg.inputs["Color"], bg.inputs["Strength"]
    for i, channel in enumerate(env.color):
        write_param(tree, color, "default_value", channel, index=i,
                    data_path=background_path(bg, "Color"))
    color.default_value[3] = 1.0
    write_param(tree, strength, "default_value", env.strength,
                data_path=background_path(bg, "Strength"))
    bw.color = tuple(sample(c, 1.0) for c in env.color)  # the viewport's flat colour
    if env.sun is not None:
        bw[ENVIRONMENT_SUN_KEY] = env.sun
        _sun_sky(tree, bg, world, env)
    if env.fog is not None:
        bw[ENVIRONMENT_FOG_KEY] = float(env.fog)
        _fog(tree, float(env.fog))
    scene.world = bw


FOG_DENSITY = 0.08
"""Volume density (1/m) of fog 1: about 12 m of visibility."""


def _fog(tree: bpy.types.NodeTree, fog: float) -> None:
    """A Principled Volume on the world's volume output: haze of ``fog`` (0..1) everywhere."""
    out = next(n for n in tree.nodes if n.type == "OUTPUT_WORLD")
    vol = tree.nodes.new("ShaderNodeVolumePrincipled")
    vol.name = "Previz Fog"
    vol.inputs["Density"].default_value = FOG_DENSITY * fog
    tree.links.new(vol.outputs["Volume"], out.inputs["Volume"])


def _sun_sky(tree: bpy.types.NodeTree, bg: bpy.types.Node, world: World,
             env: Environment) -> None:
    """A physical sky into the Background, its sun where the linked light shines from (keyed
    at the light's rotation keys)."""
    sky = tree.nodes.new("ShaderNodeTexSky")
    sky.name = "Previz Sky"
    if "NISHITA" in sky.bl_rna.properties["sky_type"].enum_items:
        sky.sky_type = "NISHITA"
    tree.links.new(sky.outputs["Color"], bg.inputs["Color"])
    sun = next(li for li in world.lights if li.id == env.sun)
    rot = sun.transform.rotation
    frames = sorted({k.frame for ch in rot if isinstance(ch, Curve) for k in ch.keys}) or [1.0]
    state_at = {f: world.evaluate(f).lights[sun.id].matrix for f in frames}
    for f, m in state_at.items():
        towards = m[:3, 2]  # a sun shines down its local −Z: the sun stands along +Z
        sky.sun_elevation = math.asin(max(-1.0, min(1.0, float(towards[2]))))
        sky.sun_rotation = math.atan2(float(towards[0]), float(towards[1])) % math.tau
        if len(frames) > 1:
            sky.keyframe_insert("sun_elevation", frame=f)
            sky.keyframe_insert("sun_rotation", frame=f)


def read_environment(scene: bpy.types.Scene) -> dict[str, Any] | None:
    """The environment of a Blender world that Previz built (others are not part of the
    World): the Background's colour and strength, keyed or not, and the linked sun."""
    bw = scene.world
    if bw is None or not bw.get(ENVIRONMENT_KEY) or bw.node_tree is None:
        return None
    bg = next((n for n in bw.node_tree.nodes if n.type == "BACKGROUND"), None)
    if bg is None:
        return None
    tree, color, strength = bw.node_tree, bg.inputs["Color"], bg.inputs["Strength"]
    out: dict[str, Any] = {
        "color": [read_param(tree, color, "default_value", index=i,
                             data_path=background_path(bg, "Color"), where="world colour")
                  for i in range(3)],
        "strength": read_param(tree, strength, "default_value",
                               data_path=background_path(bg, "Strength"),
                               where="world strength"),
    }
    if bw.get(ENVIRONMENT_SUN_KEY):
        out["sun"] = str(bw[ENVIRONMENT_SUN_KEY])
    if bw.get(ENVIRONMENT_FOG_KEY) is not None:
        out["fog"] = float(bw[ENVIRONMENT_FOG_KEY])
    return out
