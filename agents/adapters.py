"""Adapters from the agents' narrow interfaces to the asset index and the skills packages.

Each adapter answers one `previz.agents.interfaces` question with another package's function
and falls back to the built-in default where that package cannot answer (no matching asset, a
group subject the camera skill cannot frame, a skill error); every fallback is written to
``adapter.notes`` so a report can say what was used. `skill_providers()` gathers them.

Wired here (stable, importable at the time of writing):
- `IndexAssets` → `previz.asset_index` (`AssetIndex.search` + `to_asset_ref`);
- `SkillsCamera` → `previz.skills.camera.vocabulary.camera_for`;
- `SkillsLighting` → `previz.skills.lighting.lights_for` with `parse_mood`;
- skeletons already come from `previz.skills.skeletons.make_skeleton` (`TemplateSkeletons`).
"""

from __future__ import annotations

from typing import Any

from previz.world import AssetRef, Camera, Light

from .interfaces import (
    CameraRequest,
    KeyLight,
    LightingRequest,
    Providers,
    StaticFramingCamera,
    TemplateSkeletons,
    WhiteBoxAssets,
)

# Plan vocabulary → camera skills' codes.
SHOT_CODES = {"extreme_wide": "ELS", "wide": "LS", "full": "FS", "medium": "MS",
              "close_up": "CU", "extreme_close_up": "ECU"}
MOVES: dict[str, tuple[str, dict[str, Any]]] = {
    "static": ("static", {}), "pan": ("pan", {}), "tilt": ("tilt", {}),
    "dolly_in": ("dolly", {"distance": 1.0}), "dolly_out": ("dolly", {"distance": -1.0}),
    "truck": ("truck", {}), "orbit": ("orbit", {}), "crane": ("crane", {}),
    "follow": ("follow", {}), "handheld": ("handheld", {}), "zoom": ("zoom", {}),
}
MOOD_WORDS = {"neutral": "three point", "warm": "warm", "cool": "moonlight",
              "dramatic": "noir", "bright": "daylight", "soft": "soft"}


class IndexAssets:
    """The best asset of the category in an asset index, by style and size; a white-box of the
    asked size when the index has none of that category."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.notes: list[str] = []
        self._fallback = WhiteBoxAssets()

    def select(self, category: str, style: str, size: tuple[float, float, float]) -> AssetRef:
        from previz.asset_index import to_asset_ref

        query = f"{style} {category.replace('_', ' ')}".strip()
        try:
            hits = self.index.search(query, k=1, size=tuple(size),
                                     category=category.replace("_", " "))
        except ValueError as exc:  # InputError included
            self.notes.append(f"asset search for {category!r} failed: {exc}")
            hits = []
        if not hits or hits[0].kind != "asset" or hits[0].size is None:
            self.notes.append(f"no {category!r} in the asset index: white-box")
            return self._fallback.select(category, style, size)
        return to_asset_ref(hits[0])


class SkillsCamera:
    """`camera_for` from the camera skills for one-entity subjects; the built-in static framing
    for groups and the whole scene (the skill frames one subject)."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self._fallback = StaticFramingCamera()

    def camera(self, request: CameraRequest, camera_id: str) -> Camera:
        if request.world is None or len(request.subject_ids) != 1:
            return self._fallback.camera(request, camera_id)
        from previz.skills.camera.vocabulary import camera_for

        movement, params = MOVES.get(request.movement, ("static", {}))
        try:
            return camera_for(SHOT_CODES.get(request.size, "LS"), movement,
                              request.subject_ids[0], request.frames, request.world,
                              camera_id=camera_id, resolution=request.resolution, **params)
        except (ValueError, KeyError) as exc:
            self.notes.append(f"{request.shot_id}: camera skill failed ({exc}); static framing")
            return self._fallback.camera(request, camera_id)


class SkillsLighting:
    """The lighting skills' preset for the mood, placed round the first shot's subject and
    camera; the built-in key light when there is no subject."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self._fallback = KeyLight()

    def lights(self, request: LightingRequest) -> list[Light]:
        if request.world is None or request.subject is None or request.camera is None:
            return self._fallback.lights(request)
        from previz.skills.lighting import lights_for, parse_mood

        try:
            preset = parse_mood(MOOD_WORDS.get(request.mood, request.mood))
            return lights_for(preset, request.world, request.subject, request.camera)
        except (ValueError, KeyError) as exc:
            self.notes.append(f"lighting skill failed ({exc}); key light")
            return self._fallback.lights(request)


def skill_providers(index: Any = None) -> Providers:
    """Providers backed by the skills packages (and ``index`` for assets when given)."""
    assets = IndexAssets(index) if index is not None else WhiteBoxAssets()
    return Providers(assets, TemplateSkeletons(), SkillsCamera(), SkillsLighting())
