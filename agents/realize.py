"""Plan → World: solve the layout, key the actions, pick assets, frame shots, light the scene.

The World it returns has passed validation (constructing a `World` runs every check). The
setting becomes one `set` entity: indoors an entity ``room`` (semantic class ``wall``) whose box
is the room's interior, outdoors ``ground`` (semantic class ``ground``); the supervisor treats
both as the playable bounds, not as obstacles.

A shot's subject is recorded in the World as ``facing`` relations from the shot's camera to the
subject's entities (the World's shots carry no subject field), which is where `previz check`
reads it from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from previz.skills.geometry import entity_box
from previz.world import (
    DEFAULT_RESOLUTION,
    AssetRef,
    Camera,
    Entity,
    Relation,
    Shot,
    Transform,
    World,
)

from .adapters import skill_providers
from .compose import compose_named, named_things
from .interfaces import (
    CameraRequest,
    LightingRequest,
    Providers,
    StaticFramingCamera,
)
from .layout import Layout, Placement, solve_layout
from .motion import Timeline, animate_entities, plan_motion, room_for_moves
from .plan import ScenePlan, ShotPlan
from .setting import fit_setting, layout_parts, set_entities, set_for, set_relations
from .shots import coverage_shots, shot_prompt, shot_seed, unnamed_subject, visible_in_shot
from .vocabulary import category

RESOLUTION = DEFAULT_RESOLUTION  # every planned shot's frame size


@dataclass
class Realized:
    world: World
    layout: Layout
    timeline: Timeline
    notes: list[str] = field(default_factory=list)


def realize(plan: ScenePlan, seed: int = 0, providers: Providers | None = None, *,
            candidates: int = 48, time_limit: float = 5.0,
            avoid_walls: tuple[str, ...] = ()) -> Realized:
    # The skills (camera moves and occlusion solver, lighting presets) unless the caller chose
    # other providers (`default_providers()` is the simple static camera and key light).
    prov = providers or skill_providers()
    # A procedural set (setting.set): its parts become set entities, its solid parts
    # obstacles and its tops floors for the layout; the setting grows to hold it.
    built = set_for(plan, seed)
    plan = room_for_moves(fit_setting(plan, built))
    set_obstacles, set_tops = layout_parts(built)
    sizes = {}
    assets = {}
    scales: dict[str, tuple[float, float, float]] = {}
    size_notes: list[str] = []
    for g in [*plan.objects, *plan.characters]:
        base = category(g.category).size
        size = tuple(getattr(g, "size", None) or base)
        if getattr(g, "height", None):
            s = g.height / base[2]  # type: ignore[union-attr]
            size = (base[0] * s, base[1] * s, g.height)  # type: ignore[union-attr]
        ref = prov.assets.select(g.category, getattr(g, "style", ""), size)  # type: ignore[arg-type]
        assets[g.id] = ref
        sizes[g.id] = tuple(ref.size) if ref.size is not None else size
        scale = fit_scale(ref, size) if _explicit_size(g) else None
        if scale is not None and max(scale) > MAX_STRETCH * min(scale):
            # Not the shape asked (a 12 m tall sailboat from a motorboat hull): stretched that
            # far it would be a block, not the thing; it keeps its own size and that is said.
            dims = " × ".join(f"{v:g}" for v in (round(x, 2) for x in ref.size or ()))
            asked = " × ".join(f"{v:g}" for v in (round(x, 2) for x in size))
            size_notes.append(f"{g.id}: the library's {g.category.replace('_', ' ')} is "
                              f"{dims} m, not the shape asked ({asked} m): placed at its own "
                              "size")
            scale = None
        if scale is not None:
            # The plan named the size (a 2.4 m table): the library's model is scaled to it,
            # not placed at its own default size.
            scales[g.id] = scale
            sizes[g.id] = size
    layout = solve_layout(plan, seed, sizes=sizes, candidates=candidates, time_limit=time_limit,
                          avoid_walls=avoid_walls, obstacles=set_obstacles, tops=set_tops,
                          area=built.footprint if built is not None and not built.indoor
                          else None)
    timeline = plan_motion(plan, layout, set_obstacles, built.path if built is not None else ())
    entities = [_setting_entity(plan), *set_entities(built)]
    for p in layout.placements:
        entities.append(_entity(p, plan, prov, assets, timeline, scales.get(p.group)))
    entities = animate_entities(entities, layout, timeline, prov.motion, plan.fps)
    relations = _relations(plan, layout) + set_relations(built, entities[0].id)
    # What a character picked up follows its hand (keyed relative to the wrist by the motion).
    relations += [Relation(type="attached_to", subject=o, target=c, joint=j)
                  for o, c, j in timeline.held]
    notes = size_notes + [f"played in the rest pose: {a}" for a in timeline.in_place]
    notes += timeline.problems

    shots_plan = list(plan.shots) or coverage_shots(plan)
    if not shots_plan:
        from .plan import ShotPlan

        duration = max(4.0, (timeline.end_frame - 1) / plan.fps)
        subject = plan.characters[0].id if plan.characters else None
        shots_plan = [ShotPlan(id="shot_1", size="wide", subject=subject, duration=duration)]
    # A first World without cameras lets us measure where the subjects are over each shot.
    draft = World(name=plan.title, description=plan.description, fps=plan.fps,
                  entities=entities, relations=relations)
    sizes_by_id = {e.id: e.asset.size for e in entities}
    cameras: list[Camera] = []
    requests: list[CameraRequest] = []
    shots: list[Shot] = []
    prompt_args: list[tuple[ShotPlan, float, list[str], list[str]]] = []
    frame = 1
    said = len(getattr(prov.camera, "notes", []))  # the camera provider's notes before ours
    for sp in shots_plan:
        n = max(1, round(sp.duration * plan.fps))
        frames = (frame, frame + n - 1)
        subject_groups = _shot_groups(plan, sp)
        subject_ids = [i for g in subject_groups for i in _subject_ids(g, layout)] \
            if subject_groups else unnamed_subject(layout, plan)
        boxes = []
        for f in sorted({frames[0], (frames[0] + frames[1]) // 2, frames[1]}):
            state = draft.evaluate(f)
            boxes += [entity_box(state.entities[i].matrix, sizes_by_id[i]) for i in subject_ids]
        obstacles = [entity_box(draft.evaluate(frames[0]).entities[e.id].matrix, e.asset.size)
                     for e in entities[1:] if e.id not in subject_ids]
        cam_id = f"cam-{sp.id.replace('_', '-')}"
        req = CameraRequest(sp.id, sp.size, sp.movement, boxes, frames, layout.bounds,
                            layout.height, RESOLUTION, obstacles, draft, tuple(subject_ids),
                            params=dict(sp.params), lens_mm=sp.lens_mm,
                            camera_body=sp.camera_body, subject_part=sp.subject_part,
                            end_size=sp.end_size, beats=tuple(
                                (b.movement, dict(b.params), b.share, b.end_size,
                                 tuple(_subject_ids(b.subject, layout)) if b.subject else ())
                                for b in sp.beats))
        cameras.append(prov.camera.camera(req, cam_id))
        requests.append(req)
        if sp.movement != "static" and isinstance(prov.camera, StaticFramingCamera):
            notes.append(f"{sp.id}: {sp.movement} framed as a static shot by the default camera")
        shots.append(Shot(id=sp.id.replace("_", "-"), camera=cam_id, frame_start=frames[0],
                          frame_end=frames[1], resolution=RESOLUTION,
                          seed=shot_seed(seed, sp.id), camera_body=sp.camera_body,
                          time_map=getattr(prov.camera, "time_maps", {}).get(sp.id),
                          prompt=shot_prompt(plan, sp, (frames[0] - 1) / plan.fps,
                                             subject_groups, _look(plan))))
        prompt_args.append((sp, (frames[0] - 1) / plan.fps, subject_groups, subject_ids))
        relations += [Relation(type="facing", subject=cam_id, target=i) for i in subject_ids]
        frame = frames[1] + 1
    # Every named thing in some shot where the planned moves allow: shots framed again from
    # another side or angle; what none can show is said.
    cam_notes = getattr(prov.camera, "notes", None)
    composed = compose_named(
        draft, requests, cameras, named_things(draft, {
            g.id: (g.category, [p.id for p in layout.group(g.id)]) for g in plan.objects}),
        prov.camera.camera, cam_notes if isinstance(cam_notes, list) else [], said)
    cameras = composed.cameras
    # What the camera adapted (kept out of geometry, inside the room, a fallback) is the shots'.
    notes += list(getattr(prov.camera, "notes", []))[said:]
    notes += composed.notes
    with_cameras = World(name=plan.title, description=plan.description, fps=plan.fps,
                         entities=entities, cameras=cameras, relations=relations, shots=shots)
    shots = _prompts_from_view(plan, with_cameras, shots, prompt_args)
    first_subject = next((r.target for r in relations if r.type == "facing"
                          and r.subject == cameras[0].id), None)
    lp = plan.lighting
    light_request = LightingRequest(
        plan.mood, layout.bounds, layout.height, layout.indoor, with_cameras, first_subject,
        cameras[0].id, **({} if lp is None else dict(
            look=lp.look, key_direction=lp.key_direction, temperature_k=lp.temperature_k,
            practicals=tuple(i for g in lp.practicals for i in _subject_ids(g, layout)),
            fog=lp.fog, time_of_day=lp.time_of_day)))
    lights = prov.lighting.lights(light_request)
    # A lighting provider may also set the sky (optional method: the default has none), and
    # tie lights to objects (practicals attached to their lamps).
    sky = getattr(prov.lighting, "environment", None)
    environment = sky(light_request, lights) if sky is not None else None
    relations += list(getattr(prov.lighting, "relations", []))
    world = World(name=plan.title, description=plan.description, fps=plan.fps,
                  entities=entities, cameras=cameras, lights=lights, environment=environment,
                  relations=relations, shots=shots)
    return Realized(world, layout, timeline, notes)


def _prompts_from_view(plan: ScenePlan, world: World, shots: list[Shot],
                       args: list[tuple[ShotPlan, float, list[str], list[str]]]) -> list[Shot]:
    """Each shot's prompt again, now naming every other entity its camera sees (the
    supervisor's box render through the solved camera) by its appearance, largest first."""
    from .supervisor.framing import supervisor_visibility

    vis = supervisor_visibility(world)
    looks = {e.id: e.appearance for e in world.entities}
    out = []
    for shot, (sp, start, groups, subject_ids) in zip(shots, args, strict=True):
        seen = [i for i in visible_in_shot(vis, shot.id, list(looks)) if i not in subject_ids]
        text = shot_prompt(plan, sp, start, groups, _look(plan), [looks[i] for i in seen])
        out.append(shot.model_copy(update={"prompt": text}))
    return out


def _setting_entity(plan: ScenePlan) -> Entity:
    w, d, h = plan.setting.size
    if plan.setting.type == "room":
        return Entity(id="room", name=plan.setting.name.capitalize() or "Room", kind="set",
                      semantic_class="wall", appearance=plan.setting.name,
                      asset={"size": (w, d, h)})
    return Entity(id="ground", name=plan.setting.name.capitalize() or "Ground", kind="set",
                  semantic_class="ground", appearance=plan.setting.name,
                  asset={"size": (w, d, 0.01)}, transform=Transform(location=(0.0, 0.0, -0.01)))


def _explicit_size(g: object) -> bool:
    """Whether the plan gave the group its own size or height (not the category default)."""
    return getattr(g, "size", None) is not None or bool(getattr(g, "height", None))


FIT_TOLERANCE = 0.02  # relative size difference under which a model is used as it is
MAX_STRETCH = 12.0  # most one axis of a model is scaled relative to another (a 9 m table: 5.5;
#                     a 40 m floodlight tower from a 2.4 m floodlight: 8.3)


def fit_scale(ref: AssetRef, size: tuple[float, float, float]
              ) -> tuple[float, float, float] | None:
    """The per-axis scale that makes a library or user model (``ref``: a file or library id
    with its own size) the ``size`` the plan asked for; None when it already is (within
    `FIT_TOLERANCE`), or when ``ref`` is a white-box of the asked size anyway."""
    if ref.size is None or not (ref.path or ref.id):
        return None
    scale = tuple(float(w) / float(r) for w, r in zip(size, ref.size, strict=True))
    if all(abs(s - 1.0) <= FIT_TOLERANCE for s in scale):
        return None
    return scale  # type: ignore[return-value]


def _entity(p: Placement, plan: ScenePlan, prov: Providers, assets: dict,
            timeline: Timeline, scale: tuple[float, float, float] | None = None) -> Entity:
    cat = category(p.category)
    kind = p.kind if p.kind in ("set", "prop", "character", "animal") else "prop"
    ref = assets.get(p.group)
    if scale is None and (ref is None or ref.size is None or tuple(ref.size) != tuple(p.size)):
        ref = prov.assets.select(p.category, "", p.size)
    track = timeline.tracks.get(p.id)
    if track is not None:
        loc, rot = track.transform_channels(p.z)
    else:
        loc, rot = (p.x, p.y, p.z), (0.0, 0.0, p.yaw)
    skeleton = None
    if kind in ("character", "animal"):
        skeleton = prov.skeletons.skeleton(p.category, cat.skeleton, p.size[2])
    label = p.description or p.category.replace("_", " ")
    # What the video model is told this entity looks like: the plan's appearance when it
    # gives one ("a detective in a grey suit"), else its description or category.
    try:
        look = getattr(plan.group(p.group), "appearance", "") or label
    except KeyError:
        look = label
    return Entity(id=p.id, name=p.id.replace("-", " ").capitalize(), kind=kind, asset=ref,
                  semantic_class=p.category, appearance=look,
                  transform=Transform(location=loc, rotation=rot, scale=scale or (1.0, 1.0, 1.0)),
                  skeleton=skeleton)


def _shot_groups(plan: ScenePlan, shot: ShotPlan) -> list[str]:
    """The plan groups a shot is about: its subject; without one, the coverage's subjects
    (a two-shot of the boxers), else none (the whole scene)."""
    if shot.subject is not None:
        return [shot.subject]
    if plan.coverage is not None:
        return list(plan.coverage.subjects)
    return []


def _look(plan: ScenePlan) -> str:
    """The lighting look's name for a shot's prompt: the plan's look, else its mood."""
    if plan.lighting is not None and plan.lighting.look:
        return plan.lighting.look
    return plan.mood


def _subject_ids(subject: str | None, layout: Layout) -> list[str]:
    if subject is not None:
        ids = [p.id for p in layout.placements if p.group == subject]
        if ids:
            return ids
    return [p.id for p in layout.placements if p.size[2] > 0.05 and p.support != "wall"]


def _relations(plan: ScenePlan, layout: Layout) -> list[Relation]:
    """The plan's relations that a World can hold, one per subject instance."""
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()

    def add(kind: str, a: str, b: str) -> None:
        if a != b and (kind, a, b) not in seen:
            seen.add((kind, a, b))
            out.append(Relation(type=kind, subject=a, target=b))

    ids = {p.id for p in layout.placements}
    for p in layout.placements:
        if p.support in ids:
            add("on", p.id, p.support)
        if p.wall is not None and layout.indoor:
            add("against", p.id, "room")
    for rel in plan.relations:
        if rel.type not in ("next_to", "facing") or rel.target is None:
            continue
        targets = layout.group(rel.target)
        for p in layout.group(rel.subject):
            near = [q for q in targets if q.id != p.id]
            if near:
                q = min(near, key=lambda q: np.hypot(q.x - p.x, q.y - p.y))
                add(rel.type, p.id, q.id)
    return out
