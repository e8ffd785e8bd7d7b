"""The Lighting panel of the director's console: a preset placed round a subject.

Apply reads the scene into a World, asks `previz.skills.lighting.lights_for` for the preset's
lights round the subject as the scene camera sees it (with the colour temperature and key/fill
ratio overrides folded into the preset), and only then replaces the lights an earlier Apply
made (tagged ``previz_lighting``) — lights a person made stay. The lights are built by the
bridge's own light builder, so reading the scene back gives the same World lights. The preset's
sky (an ambient colour and strength) goes into the scene's Blender world. One undo step;
no subject or no camera reports and changes nothing.
"""

from __future__ import annotations

import dataclasses

import bpy
from bpy.props import BoolProperty, EnumProperty, FloatProperty, PointerProperty
from bpy.types import PropertyGroup

from previz.skills.lighting import PRESETS, LightingPreset, lights_for, preset
from previz.skills.vocabulary import terms

from ..panels import PrevizPanel, draw_jobs

TAG = "previz_lighting"
"""Custom property on the light objects an Apply made: the preset's name."""
PRESET_ITEMS = [(t.name, t.label, t.description) for t in terms("look")]
"""Every lighting look the skills declare (`previz.skills.vocabulary`, kind look)."""


class PREVIZ_PG_lighting_settings(PropertyGroup):
    """Settings of the Lighting panel, stored in ``Scene.previz.lighting``."""

    preset: EnumProperty(name="Preset", items=PRESET_ITEMS, default="three_point")
    use_kelvin: BoolProperty(name="Override Colour Temperature", default=False)
    kelvin: FloatProperty(name="Temperature", min=1000.0, max=20000.0, default=5600.0,
                          description="Kelvin for every light of the preset")
    use_ratio: BoolProperty(name="Override Key/Fill", default=False)
    ratio: FloatProperty(name="Key : Fill", min=1.0, max=64.0, default=2.0,
                         description="Key to fill illuminance on the subject, n : 1")
    intensity: FloatProperty(name="Intensity", min=0.01, max=10.0, default=1.0,
                             description="Scales every light of the preset")
    subject: PointerProperty(type=bpy.types.Object, name="Subject",
                             description="The entity to light (empty: the active object)")
    sky: BoolProperty(name="Sky", default=True,
                      description="Set the world background to the preset's sky")


def adjusted(name: str, kelvin: float | None, ratio: float | None) -> LightingPreset:
    """The preset with every light at ``kelvin`` and the fill at 1/``ratio`` of the key."""
    p = preset(name)
    roles = list(p.roles)
    if kelvin is not None:
        roles = [dataclasses.replace(r, kelvin=float(kelvin), color=None) for r in roles]
    if ratio is not None:
        if "fill" not in {r.role for r in roles}:
            from previz.world.errors import InputError

            raise InputError(f"preset {p.name!r} has no fill light to set a ratio for")
        roles = [dataclasses.replace(r, ratio=1.0 / ratio) if r.role == "fill" else r
                 for r in roles]
    return dataclasses.replace(p, roles=tuple(roles))


def _subject(context: bpy.types.Context) -> str:
    from previz.world.errors import InputError

    obj = context.scene.previz.lighting.subject or context.active_object
    if obj is None:
        raise InputError("choose a subject to light (an entity) or select one")
    if obj.previz.role != "ENTITY":
        raise InputError(f"subject {obj.name!r} is not a Previz entity; choose a character, "
                         "animal or prop")
    return obj.previz.id


def _camera(scene: bpy.types.Scene) -> bpy.types.Object:
    from previz.world.errors import InputError

    cam = scene.camera
    if cam is None or cam.previz.role != "CAMERA":
        raise InputError("the scene has no Previz camera: lights are placed relative to it; "
                         "add a camera (or a shot) first")
    return cam


def apply_sky(scene: bpy.types.Scene, world, p: LightingPreset, lights: list,  # type: ignore[no-untyped-def]
              replaced: set[str], intensity: float) -> None:
    """The preset's sky as the World's environment (`skills.lighting.environment_for`), built
    the bridge's way so it reads back into the World, its sun linked to the preset's sun
    light."""
    from previz.addon.bridge.environment import build_environment
    from previz.skills.lighting import environment_for

    env = environment_for(p, lights, intensity=intensity)
    kept = [li for li in world.lights if li.id not in replaced]
    shown = world.model_copy(update={"lights": [*kept, *lights], "environment": env})
    old = scene.world
    build_environment(shown, scene)
    if old is not None and old != scene.world and old.users == 0:
        bpy.data.worlds.remove(old)


def unlink_sun(scene: bpy.types.Scene, world, replaced: set[str]) -> None:  # type: ignore[no-untyped-def]
    """Keep the scene's sky when Sky is off, but untie it from a sun light being replaced (a
    sky naming a light that is gone would make the scene an invalid World)."""
    env = getattr(world, "environment", None)
    if env is None or env.sun not in replaced:
        return
    from previz.addon.bridge.environment import build_environment

    kept = [li for li in world.lights if li.id not in replaced]
    shown = world.model_copy(update={"lights": kept,
                                     "environment": env.model_copy(update={"sun": None})})
    old = scene.world
    build_environment(shown, scene)
    if old is not None and old != scene.world and old.users == 0:
        bpy.data.worlds.remove(old)


class PREVIZ_OT_lighting_apply(bpy.types.Operator):
    """Light the subject with the preset, relative to the scene camera (replaces the lights
    of the previous preset; lights you made stay)"""

    bl_idname = "previz.lighting_apply"
    bl_label = "Apply Lighting"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        from previz.addon.bridge import read
        from previz.addon.bridge.light import build_light
        from previz.addon.operators import rollback_on_error
        from previz.world.errors import InputError

        scene = context.scene
        s = scene.previz.lighting
        try:
            subject = _subject(context)
            cam = _camera(scene)
            world = read(scene)
            p = adjusted(s.preset, s.kelvin if s.use_kelvin else None,
                         s.ratio if s.use_ratio else None)
            lights = lights_for(p, world, subject, cam.previz.id,
                                frame=float(scene.frame_current), intensity=s.intensity)
            ours = [o for o in scene.objects if o.previz.role == "LIGHT" and TAG in o]
            mine = {o.previz.id for o in ours}
            taken = {o.previz.id for o in scene.objects if o.previz.role in
                     ("ENTITY", "CAMERA", "LIGHT")} - mine
            clash = sorted({light.id for light in lights} & taken)
            if clash:
                raise InputError(f"light id(s) {clash} already belong to lights you made; "
                                 "rename them to apply this preset")
            with rollback_on_error(scene):
                for obj in ours:
                    data = obj.data
                    bpy.data.objects.remove(obj)
                    if data is not None and data.users == 0:
                        bpy.data.lights.remove(data)
                for light in lights:
                    obj = build_light(light, scene)
                    obj[TAG] = p.name
                if s.sky:
                    apply_sky(scene, world, p, lights, mine, s.intensity)
                else:
                    unlink_sun(scene, world, mine)
        except InputError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        ratios = p.ratios
        fill = ratios.get("fill")
        key_fill = f"; key:fill {1 / fill:.3g}:1" if fill else ""
        self.report({"INFO"}, f"{p.name}: {len(lights)} lights "
                              f"({', '.join(r.role for r in p.roles)}) on {subject}{key_fill}")
        return {"FINISHED"}


def preset_lights(scene: bpy.types.Scene) -> list[bpy.types.Object]:
    return [o for o in scene.objects if o.previz.role == "LIGHT" and TAG in o]


class PREVIZ_PT_lighting(PrevizPanel, bpy.types.Panel):
    bl_label = "Lighting"
    bl_order = 4

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        draw_jobs(layout)
        scene = context.scene
        if scene is None:
            layout.label(text="No scene")
            return
        s = scene.previz.lighting
        layout.prop(s, "preset")
        p = PRESETS[s.preset]
        layout.label(text=p.description)
        col = layout.column(align=True)
        row = col.row(align=True)
        row.prop(s, "use_kelvin", text="")
        sub = row.row(align=True)
        sub.enabled = s.use_kelvin
        sub.prop(s, "kelvin")
        row = col.row(align=True)
        row.prop(s, "use_ratio", text="")
        sub = row.row(align=True)
        sub.enabled = s.use_ratio
        sub.prop(s, "ratio")
        col.prop(s, "intensity")
        layout.prop(s, "subject")
        if s.subject is None:
            active = context.active_object
            who = active.name if active is not None and active.previz.role == "ENTITY" else None
            layout.label(text=f"Subject: {who} (active)" if who else "Choose a subject",
                         icon="INFO")
        layout.prop(s, "sky")
        if scene.camera is None:
            layout.label(text="No camera: lights are placed relative to it", icon="ERROR")
        layout.operator("previz.lighting_apply", icon="LIGHT")
        made = preset_lights(scene)
        if made:
            box = layout.box()
            box.label(text=f"Preset lights ({made[0][TAG]})")
            for obj in made:
                box.label(text=f"{obj.name}: {obj.data.type.lower()} "
                               f"{obj.data.energy:.3g} W", icon="LIGHT_DATA")


SETTINGS = PREVIZ_PG_lighting_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = (PREVIZ_OT_lighting_apply, PREVIZ_PT_lighting)
