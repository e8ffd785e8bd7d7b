"""The Scene & assets panel: search the asset index (with thumbnails), place the chosen asset on
the surface under the 3D cursor, re-solve the layout of the selected objects.

- Search runs on the worker thread: the default asset index (`previz.asset_index.open_index`,
  the starter library included), the query, a size class and a support filter; thumbnails of
  the hits are drawn there too (`previz.asset_index.thumbnails`, no `bpy`) and cached under the
  cache folder of the preferences; the main thread loads them into a `bpy.utils.previews`
  collection.
- Place casts a ray straight down from ``ray_height`` above the 3D cursor onto the evaluated
  scene (`Scene.ray_cast`); no hit means the ground, z = 0. The asset's box (its size from the
  index, bottom centre on the hit point) is tested against every entity's box at the current
  frame (`previz.agents.geometry`, the supervisor's geometry); any overlap deeper than 1 cm
  refuses the placement with a message naming what it would hit. Otherwise the entity is added
  through the bridge (an `Entity` with the asset's `AssetRef`, so `read(scene)` holds it), with
  an ``on`` relation to the entity it stands on: one undo step.
- Re-solve runs `previz.agents.layout.solve_subset` on the worker thread: the selected entities
  move, everything else stays fixed; the new positions are applied as one undo step.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import bpy
from bpy.props import (
    CollectionProperty,
    EnumProperty,
    FloatProperty,
    FloatVectorProperty,
    IntProperty,
    StringProperty,
)
from bpy.types import PropertyGroup

from ..jobs import JOBS
from ..panels import PrevizPanel, draw_jobs
from ..previews import free_previews, preview_of, previews  # noqa: F401 - the panel's collection, as tests read it
from . import director_apply as apply

SIZE_CLASSES = [
    ("ANY", "Any size", "No size filter"),
    ("SMALL", "Small", "Largest side up to 0.5 m (cups, vases, lamps on a table)"),
    ("MEDIUM", "Medium", "Largest side 0.5 m to 1.5 m (chairs, side tables)"),
    ("LARGE", "Large", "Largest side over 1.5 m (sofas, beds, vehicles)"),
]
SIZE_RANGES = {"SMALL": (0.0, 0.5), "MEDIUM": (0.5, 1.5), "LARGE": (1.5, math.inf)}
SUPPORT_ITEMS = [
    ("ANY", "Any support", "No support filter"),
    ("floor", "Floor", "Stands on the floor"),
    ("on_object", "On objects", "Stands on tables, shelves …"),
    ("wall", "Wall", "Hangs on a wall"),
    ("ceiling", "Ceiling", "Hangs from the ceiling"),
]
TOUCH = 0.01  # metres: closer than this is contact, deeper is interpenetration
LEVEL = 0.7  # a surface whose normal has z below this is too steep to stand on

class PREVIZ_PG_asset_result(PropertyGroup):
    """One search hit."""

    asset_id: StringProperty(name="Asset id")
    label: StringProperty(name="Name")
    category: StringProperty(name="Category")
    description: StringProperty(name="Description")
    path: StringProperty(name="File", subtype="FILE_PATH")
    size: FloatVectorProperty(name="Size", size=3, subtype="XYZ_LENGTH")
    support: StringProperty(name="Support")
    score: FloatProperty(name="Score")
    thumbnail: StringProperty(name="Thumbnail", subtype="FILE_PATH")


class PREVIZ_PG_assets_settings(PropertyGroup):
    """Settings of the Scene & assets panel, stored in ``Scene.previz.assets``."""

    query: StringProperty(name="Search", description="What you are looking for: 'wooden "
                          "chair', 'floor lamp'")
    size_class: EnumProperty(name="Size", items=SIZE_CLASSES, default="ANY")
    support: EnumProperty(name="Support", items=SUPPORT_ITEMS, default="ANY")
    count: IntProperty(name="Results", default=12, min=1, max=60)
    results: CollectionProperty(type=PREVIZ_PG_asset_result)
    active_result: IntProperty(name="Result")
    ray_height: FloatProperty(
        name="Ray height", default=1.0, min=0.0, soft_max=10.0, subtype="DISTANCE",
        description="Place casts straight down from this far above the 3D cursor: the first "
        "surface it meets is where the asset stands")
    yaw: FloatProperty(name="Turn", subtype="ANGLE", description="Rotation about Z of the "
                       "placed asset (0: its front faces −Y)")
    seed: IntProperty(name="Seed", min=0, description="Layout seed of Re-solve")
    status: StringProperty(name="Status")


def search_assets(query: str, count: int, size_class: str, support: str,
                  cache: str, progress) -> list[dict]:  # type: ignore[no-untyped-def]
    """The hits for ``query`` as plain dicts with their thumbnails (worker thread; no bpy)."""
    from previz.asset_index import open_index
    from previz.asset_index.thumbnails import thumbnail

    progress(0.05, "opening the asset index")
    index = open_index()
    progress(0.3, "searching")
    lo, hi = SIZE_RANGES.get(size_class, (0.0, math.inf))
    hits = index.search(query or "object", k=count * 4 if size_class != "ANY" else count,
                        support=None if support == "ANY" else support,
                        candidates=max(100, count * 8))
    rows = []
    for hit in hits:
        if hit.size is None or not hit.path:
            continue
        if not lo <= max(hit.size) < hi:
            continue
        rows.append(hit)
        if len(rows) == count:
            break
    out = []
    for i, hit in enumerate(rows):
        progress(0.4 + 0.6 * i / max(1, len(rows)), f"thumbnail {hit.name}")
        try:
            thumb = str(thumbnail(cache, hit.id, hit.path))
        except Exception:  # a file trimesh cannot read still gets listed, without a picture
            thumb = ""
        out.append({"asset_id": hit.id, "label": hit.name, "category": hit.category,
                    "description": hit.description, "path": hit.path,
                    "size": tuple(max(float(v), 1e-3) for v in hit.size),
                    "support": hit.support or "", "score": hit.score["total"],
                    "thumbnail": thumb})
    progress(1.0, f"{len(out)} result(s)")
    return out


class PREVIZ_OT_asset_search(bpy.types.Operator):
    """Search the asset index (the starter library and what you ingested), with thumbnails"""

    bl_idname = "previz.asset_search"
    bl_label = "Search Assets"
    bl_options = {"REGISTER"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        from ..operators import start_job
        from ..preferences import settings

        scene = context.scene
        s = scene.previz.assets
        query, count, size_class, support = s.query.strip(), s.count, s.size_class, s.support
        if not query:
            self.report({"ERROR"}, "Type what to search for")
            return {"CANCELLED"}
        cache, scene_name = settings(context).cache_folder, scene.name

        def work(progress):  # type: ignore[no-untyped-def]
            return search_assets(query, count, size_class, support, cache, progress)

        def done(job) -> None:  # type: ignore[no-untyped-def]
            if job.state != "done":
                return
            target = bpy.data.scenes[scene_name].previz.assets
            target.results.clear()
            for row in job.result:
                item = target.results.add()
                for key, value in row.items():
                    setattr(item, key, value)
                preview_of(item.thumbnail)
            target.active_result = 0
            target.status = f"{len(job.result)} result(s) for {query!r}"

        return start_job(self, work, "Asset search", on_done=done)


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (s if s and s[0].isalnum() else f"asset-{s}".strip("-"))[:50] or "asset"


def _new_id(taken: set[str], base: str) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def collisions(world, frame: int, box) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    """Entities of ``world`` whose solid boxes at ``frame`` overlap ``box`` deeper than `TOUCH`,
    with the depth, deepest first."""
    from previz.agents.geometry import entity_box, penetration, proxy_part_boxes
    from previz.world.proxy import proxy_size

    state = world.evaluate(frame)
    hits = []
    for e in world.entities:
        m = state.entities[e.id].matrix
        boxes = proxy_part_boxes(e, m) if e.kind == "set" else [entity_box(m, proxy_size(e))]
        depth = max(penetration(box, b) for b in boxes)
        if depth > TOUCH:
            hits.append((e.id, depth))
    return sorted(hits, key=lambda h: (-h[1], h[0]))


def outside_room(world, frame: int, box) -> str:  # type: ignore[no-untyped-def]
    """The id of the scene's room if ``box`` is not inside it (1 cm of slack), else ""."""
    from previz.agents.geometry import entity_box
    from previz.agents.layout.resolve import ROOMS, enclosure

    room = enclosure(world)
    if room is None or room.semantic_class not in ROOMS or room.asset.size is None:
        return ""
    inner = entity_box(world.evaluate(frame).entities[room.id].matrix, room.asset.size)
    inside = all(inner.contains(c, margin=-TOUCH) for c in box.corners())
    return "" if inside else room.id


class PREVIZ_OT_asset_place(bpy.types.Operator):
    """Place the chosen asset on the surface under the 3D cursor (refused if it would
    interpenetrate something); one undo step"""

    bl_idname = "previz.asset_place"
    bl_label = "Place at Cursor"
    bl_options = {"REGISTER", "UNDO"}

    index: IntProperty(name="Result", default=-1, description="-1: the active result")

    def execute(self, context: bpy.types.Context) -> set[str]:
        from previz.agents.geometry import yaw_box
        from previz.world import InputError, World

        from ..bridge import build, read
        from ..operators import rollback_on_error

        scene = context.scene
        s = scene.previz.assets
        index = s.active_result if self.index < 0 else self.index
        if not 0 <= index < len(s.results):
            self.report({"ERROR"}, "Choose an asset in the search results first")
            return {"CANCELLED"}
        item = s.results[index]
        if not Path(item.path).is_file():
            self.report({"ERROR"}, f"The asset file {item.path} is missing (search again)")
            return {"CANCELLED"}
        try:
            current = read(scene)
        except InputError as exc:
            self.report({"ERROR"}, f"The scene is not a valid Previz World: {exc}")
            return {"CANCELLED"}

        cursor = scene.cursor.location
        origin = (cursor.x, cursor.y, cursor.z + s.ray_height)
        depsgraph = context.evaluated_depsgraph_get()
        hit, location, normal, _, obj, _ = scene.ray_cast(depsgraph, origin, (0.0, 0.0, -1.0))
        support, surface = "", "the ground"
        if hit:
            owner = obj.previz.id if obj is not None and obj.previz.role in apply.ROLES else ""
            if abs(normal.z) < LEVEL:  # proxies are not always wound outward
                self.report({"ERROR"}, f"Not placed: the surface under the cursor "
                            f"({owner or obj.name}) is too steep to stand on")
                return {"CANCELLED"}
            z = location.z
            kinds = {e.id: e for e in current.entities}
            if owner in kinds and kinds[owner].kind != "set":
                support = surface = owner
            else:
                surface = f"the floor of {owner}" if owner else obj.name
        else:
            z = 0.0
        size = tuple(item.size)
        x, y = cursor.x, cursor.y
        box = yaw_box(x, y, z, s.yaw, size)
        outside = outside_room(current, scene.frame_current, box)
        if outside:
            self.report({"ERROR"}, f"Not placed: {item.label} would stand outside {outside} or "
                        "on its walls; move the 3D cursor inside")
            return {"CANCELLED"}
        blocked = collisions(current, scene.frame_current, box)
        if blocked:
            names = ", ".join(f"{i} ({d:.2f} m)" for i, d in blocked)
            self.report({"ERROR"}, f"Not placed: {item.label} would interpenetrate {names}; "
                        "move the 3D cursor")
            return {"CANCELLED"}

        taken = {e.id for e in current.entities} | {c.id for c in current.cameras} | \
            {li.id for li in current.lights}
        new_id = _new_id(taken, _slug(item.category or item.label))
        entity = {"id": new_id, "name": item.label, "kind": "prop",
                  "semantic_class": item.category, "appearance": item.description or item.label,
                  "asset": {"id": item.asset_id, "path": item.path, "size": list(size)},
                  "transform": {"location": [x, y, z], "rotation": [0.0, 0.0, s.yaw]}}
        relation = {"type": "on", "subject": new_id, "target": support} if support else None
        data = current.model_dump(mode="json")
        data["entities"].append(entity)
        if relation:
            data["relations"].append(relation)
        try:
            World.model_validate(data)  # the whole World must stay valid
            one = World.model_validate({"name": current.name, "description": current.description,
                                        "fps": current.fps, "entities": [entity]})
        except Exception as exc:
            self.report({"ERROR"}, f"Not placed: {exc}")
            return {"CANCELLED"}
        warnings: list[str] = []
        try:
            with rollback_on_error(scene):
                build(one, scene, report=warnings)
                if relation:
                    rel = scene.previz.relations.add()
                    rel.type, rel.subject, rel.target = "ON", new_id, support
        except Exception as exc:
            self.report({"ERROR"}, f"Could not place {item.label}: {exc}")
            return {"CANCELLED"}
        for line in warnings:
            self.report({"WARNING"}, line)
        s.status = f"Placed {new_id} on {surface} at ({x:.2f}, {y:.2f}, {z:.2f})"
        self.report({"INFO"}, s.status)
        return {"FINISHED"}


class PREVIZ_OT_layout_resolve(bpy.types.Operator):
    """Re-solve the layout of the selected entities (everything else stays fixed): each moves to
    the nearest spot that is free, inside the set and supported; one undo step"""

    bl_idname = "previz.layout_resolve"
    bl_label = "Re-solve Selected"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        from previz.agents.layout import solve_subset
        from previz.world import InputError

        from ..bridge import read
        from ..operators import start_job

        scene = context.scene
        try:
            world = read(scene)
        except InputError as exc:
            self.report({"ERROR"}, f"The scene is not a valid Previz World: {exc}")
            return {"CANCELLED"}
        entities = {e.id for e in world.entities}
        chosen = apply.selected_ids(context) & entities
        if not chosen:
            self.report({"ERROR"}, "Select the entities to re-solve")
            return {"CANCELLED"}
        frame, seed = scene.frame_current, scene.previz.assets.seed
        digest, scene_name = world.content_hash(), scene.name

        def work(progress):  # type: ignore[no-untyped-def]
            progress(0.1, "solving")
            return solve_subset(world, chosen, frame=frame, seed=seed)

        def done(job) -> None:  # type: ignore[no-untyped-def]
            if job.state != "done":
                return
            solved = job.result
            target = bpy.data.scenes[scene_name]
            if read(target).content_hash() != digest:
                raise InputError("the scene changed while solving; nothing was applied")
            if not solved.moved:
                raise InputError(f"nothing to re-solve: {solved.summary()}")
            apply.set_static_poses(target, {i: (m.location, m.yaw)
                                            for i, m in solved.moved.items()})
            status = f"Re-solved: {solved.summary()}"
            if solved.unsatisfied:
                status += f"; not satisfied: {'; '.join(solved.unsatisfied)}"
            target.previz.assets.status = status
            apply.undo_step("Previz: Re-solve layout")

        return start_job(self, work, "Re-solve layout", on_done=done)


class PREVIZ_UL_asset_results(bpy.types.UIList):
    """Search hits: thumbnail, name, size."""

    def draw_item(self, context, layout, data, item, icon, active_data, active_property,  # type: ignore[no-untyped-def]
                  index=0, flt_flag=0):
        row = layout.row(align=True)
        preview = preview_of(item.thumbnail)
        if preview is not None:
            row.label(text=item.label, icon_value=preview.icon_id)
        else:
            row.label(text=item.label, icon="MESH_CUBE")
        w, d, h = item.size
        row.label(text=f"{w:.2f}×{d:.2f}×{h:.2f} m")


class PREVIZ_PT_scene_assets(PrevizPanel, bpy.types.Panel):
    bl_label = "Scene & assets"
    bl_order = 1

    @classmethod
    def unregister(cls) -> None:
        free_previews()

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        draw_jobs(layout)
        scene = context.scene
        if scene is None:
            layout.label(text="No scene")
            return
        s = scene.previz.assets
        busy = bool(JOBS.running())  # one agent job at a time: its result must fit the scene
        row = layout.row(align=True)
        row.enabled = not busy
        row.prop(s, "query", text="", icon="VIEWZOOM")
        row.operator("previz.asset_search", text="", icon="VIEWZOOM")
        row = layout.row(align=True)
        row.prop(s, "size_class", text="")
        row.prop(s, "support", text="")
        row.prop(s, "count", text="")
        if s.status:
            layout.label(text=s.status)
        if len(s.results):
            layout.template_list("PREVIZ_UL_asset_results", "", s, "results", s,
                                 "active_result", rows=4)
            if 0 <= s.active_result < len(s.results):
                item = s.results[s.active_result]
                preview = preview_of(item.thumbnail)
                if preview is not None:
                    layout.template_icon(icon_value=preview.icon_id, scale=5.0)
                layout.label(text=f"{item.category} · {item.support or 'any support'}")
            box = layout.box()
            box.enabled = not busy
            row = box.row(align=True)
            row.prop(s, "ray_height")
            row.prop(s, "yaw")
            box.operator("previz.asset_place", icon="PIVOT_CURSOR")
        else:
            layout.label(text="No results: search the asset library")
        row = layout.row(align=True)
        row.enabled = not busy
        row.operator("previz.layout_resolve", icon="SNAP_ON")
        row.prop(s, "seed")


SETTINGS = PREVIZ_PG_assets_settings
PROPERTY_GROUPS: tuple[type, ...] = (PREVIZ_PG_asset_result,)
CLASSES: tuple[type, ...] = (
    PREVIZ_OT_asset_search,
    PREVIZ_OT_asset_place,
    PREVIZ_OT_layout_resolve,
    PREVIZ_UL_asset_results,
    PREVIZ_PT_scene_assets,
)
