"""Rendering one shot: passes folder in, frames out — chunked, seeded, cached, optionally masked.

`Renderer` keeps loaded backends between renders (Blender keeps one per session; ``release()``
frees them). `render` resolves the settings (the manifest's ``shot_settings`` overridden by the
caller), computes the cache key before touching the model, returns cached frames when it can, and
otherwise generates chunk by chunk and stores the result. A cancelled render raises
`RenderCancelled` and stores and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from previz.world import folders
from previz.world.errors import InputError

from . import preload
from .backend import Backend, BackendOptions, ChunkRequest, RenderCancelled
from .cache import RenderCache, cache_key
from .changes import MASK_IDS, MASK_LABELS, change_mask, entity_mask, load_snapshot, snapshot
from .chunking import Chunk, Seam, blend_into, match_seam, plan_chunks
from .output import RENDER_DIR, has_render, read_previous, write_render
from .passes import Passes, load_passes
from .prompts import shot_text
from .registry import DEFAULT_BACKEND, check_backend, create_backend
from .seeds import chunk_seed, entity_chunk_seed, entity_seed
from .sizing import pad_frames, resize_frames, valid_frame_count, working_size

ProgressCallback = Callable[[int, int], None]  # (steps done, steps in total)
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class RenderOptions:
    """What to render. ``None`` fields come from the manifest's ``shot_settings`` or the
    backend's defaults."""

    backend: str | None = None
    weights: str | None = None
    controls: tuple[str, ...] | None = None
    steps: int | None = None
    guidance_scale: float | None = None
    conditioning_scale: float | None = None
    seed: int | None = None
    prompt: str | None = None
    negative_prompt: str | None = None
    chunk_frames: int | None = None
    overlap: int | None = None
    #: Filled by `resolve_options`: where the prompt came from ("option", "shot", "composed"
    #: — `previz.neural_render.prompts`) and the entities visible in the shot.
    prompt_source: str | None = None
    visible: tuple[str, ...] = ()
    #: Long shots: carry the first chunk's first frame into later chunks as a reference image
    #: (backends with reference images), and match each chunk's colours to the previous one
    #: over their overlap (`previz.neural_render.chunking.match_seam`). Both on by default.
    anchor: bool = True
    colour_match: bool = True


@dataclass
class _Plan:
    settings: dict[str, Any]
    key_parts: dict[str, Any]
    chunks: list[Chunk]
    width: int
    height: int
    steps: int
    guidance: float
    refs: list[tuple[str, Path]]  # (entity id, image) of the entities visible in the shot
    entity_seeds: dict[str, int] = field(default_factory=dict)
    seams: list[Seam] = field(default_factory=list)
    unused_refs: list[tuple[str, Path]] = field(default_factory=list)  # backend takes none


@dataclass
class RenderResult:
    frames: np.ndarray  # (T, H, W, 3) uint8 at the shot's resolution
    key: str
    cache_hit: bool
    info: dict[str, Any]
    out_dir: Path | None = None
    fraction_rerendered: float | None = None
    chunks: list[dict[str, int]] = field(default_factory=list)


def resolve_options(passes: Passes, options: RenderOptions) -> RenderOptions:
    """Fill ``None`` fields from the manifest's shot settings (backend defaults come later);
    the prompt and negative prompt as `previz.neural_render.prompts.shot_text` decides."""
    shot = passes.shot_settings
    render = shot.get("render") or {}
    controls = options.controls or tuple(render.get("control") or ["depth"])
    scale = options.conditioning_scale
    if scale is None:
        scale = render.get("conditioning_scale")
    scale = 1.0 if scale is None else float(scale)
    backend = check_backend(options.backend or render.get("backend") or DEFAULT_BACKEND)
    text = shot_text(passes, backend, options.prompt, options.negative_prompt)
    return replace(
        options,
        backend=backend,
        controls=tuple(controls),
        steps=options.steps or render.get("steps"),
        guidance_scale=options.guidance_scale if options.guidance_scale is not None
        else render.get("guidance_scale"),
        conditioning_scale=scale,
        seed=int(options.seed if options.seed is not None else shot.get("seed", 0)),
        prompt=text.prompt,
        negative_prompt=text.negative_prompt,
        prompt_source=text.source,
        visible=text.visible,
    )


class Renderer:
    """Renders shots with backends it loads once and keeps until `release`."""

    def __init__(self, cache_dir: str | Path | None = None,
                 backend_options: BackendOptions | None = None) -> None:
        self.cache = RenderCache(cache_dir)
        self.backend_options = backend_options or BackendOptions()
        self._backends: dict[tuple[str, str | None], Backend] = {}

    def backend(self, name: str, weights: str | None = None) -> Backend:
        key = (check_backend(name), weights)
        if key not in self._backends:
            self._backends[key] = create_backend(name, weights, self.backend_options)
        return self._backends[key]

    def add_backend(self, backend: Backend) -> Backend:
        """Render with this backend instance whenever its name (and weights) are asked for: a
        model built with other arguments than the registry's defaults (benchmarks, tests)."""
        self._backends[(check_backend(backend.name), backend.weights)] = backend
        return backend

    def release(self) -> None:
        """Free every loaded model (and the VRAM it holds)."""
        for backend in self._backends.values():
            backend.release()
        self._backends.clear()

    def render(self, shot_dir: str | Path, options: RenderOptions | None = None, *,
               masked: bool = False, write: bool = True, progress: ProgressCallback | None = None,
               cancel: CancelCheck | None = None, mask_radius: int | None = None,
               full_if_missing: bool = False) -> RenderResult:
        """Render (or fetch from the cache) one shot's frames; with ``write``, write the outputs
        into ``shot_dir/render/``. ``masked``: regenerate only where conditions changed since the
        previous render in ``shot_dir/render/``, keeping every other pixel as it was; chunks
        with no changed pixel cost no denoiser call. A masked render with no previous render is
        bad input, unless ``full_if_missing``: then the shot is rendered in full.

        With ``write``, the output folder (``shot_dir``'s parent) is held for the whole call
        (`previz.world.folders.output_lock`): a second writer is refused before any model work,
        and a shot folder that a killed run left set aside is restored before it is read."""
        parent = Path(shot_dir).parent
        if not write or not parent.is_dir():  # no folder: `load_passes` says so
            return self._render(shot_dir, options, masked=masked, write=write,
                                progress=progress, cancel=cancel, mask_radius=mask_radius,
                                full_if_missing=full_if_missing)
        with folders.output_lock(parent):
            return self._render(shot_dir, options, masked=masked, write=write,
                                progress=progress, cancel=cancel, mask_radius=mask_radius,
                                full_if_missing=full_if_missing)

    def _render(self, shot_dir: str | Path, options: RenderOptions | None, *, masked: bool,
                write: bool, progress: ProgressCallback | None, cancel: CancelCheck | None,
                mask_radius: int | None, full_if_missing: bool = False) -> RenderResult:
        passes = load_passes(shot_dir)
        preload.torch()  # beside the reading of the passes: the cache key names the device
        opts = resolve_options(passes, options or RenderOptions())
        backend = self.backend(opts.backend, opts.weights)
        if masked and not backend.supports_mask:
            raise InputError(
                f"backend {opts.backend!r} has no masked re-render; use wan-vace or tiny-wan"
            )
        if masked and not has_render(passes.root):
            if not full_if_missing:
                raise InputError(
                    f"{passes.root / RENDER_DIR}: no previous render to re-render the changes "
                    "of; render the shot in full first (or ask for a full render when missing: "
                    "--full-if-missing)"
                )
            masked = False
        backend.set_controls(opts.controls)
        plan = self._plan(passes, opts, backend)
        if not masked and not self.cache.entry(cache_key(plan.key_parts)).is_dir():
            # Not in the cache: the model will run. It loads on a thread of its own while the
            # conditions are read below (decoding PNGs releases the GIL); `generate` waits for
            # it (`Backend.load` holds a lock), and meets any error it raised by loading again.
            loading = _load_ahead(backend)
        else:
            loading = None
        from concurrent.futures import ThreadPoolExecutor

        try:
            controls = {c: passes.load_control(c) for c in opts.controls}
            with ThreadPoolExecutor(max_workers=2, thread_name_prefix="previz-render") as pool:
                return self._render_rest(passes, opts, backend, plan, controls, pool,
                                         masked=masked, write=write, progress=progress,
                                         cancel=cancel, mask_radius=mask_radius)
        finally:
            if loading is not None:
                # Even when the render stopped early: no load runs on after it (a batch may
                # then work in Blender, which must not meet an import on another thread).
                loading.join()

    def _render_rest(self, passes: Passes, opts: RenderOptions, backend: Backend, plan: _Plan,
                     controls: dict[str, np.ndarray], pool: Any, *, masked: bool, write: bool,
                     progress: ProgressCallback | None, cancel: CancelCheck | None,
                     mask_radius: int | None) -> RenderResult:
        """`_render` once the controls are read; ``pool`` runs the snapshot and the cache's
        store beside the model and the outputs."""
        # The conditions this render saw, kept beside it for a later masked re-render: read
        # now when the change mask needs them, else on a thread while the model runs (the
        # metric depth is read for the snapshot alone); the model needs only the entity labels.
        pending = None
        if masked:
            conditions = snapshot(passes, controls)
        elif write:
            labels = passes.mask_labels()
            conditions = {} if labels is None else {
                MASK_IDS: np.array(labels[0], dtype=np.str_), MASK_LABELS: labels[1]}
            pending = pool.submit(snapshot, passes, controls)
        else:
            conditions = {}

        mask_full = prev_frames = fraction = None
        if masked:
            prev_info, prev_frames = read_previous(passes.root)
            radius = mask_radius if mask_radius is not None else default_mask_radius(
                passes.width, passes.height)
            mask_full = _change_mask(passes, prev_info, conditions, radius)
            fraction = float(mask_full.mean())
            plan.key_parts["masked"] = {"previous": prev_info.get("cache_key"),
                                        "mask": _array_hash(mask_full)}

        key = cache_key(plan.key_parts)
        frames = self.cache.get(key)
        hit = frames is not None
        if not hit:
            if fraction == 0.0:  # masked, and nothing changed: the previous render stands
                frames = prev_frames.copy()
            else:
                frames = self._generate(backend, passes, opts, plan, controls, mask_full,
                                        prev_frames, progress, cancel, conditions)
            if mask_full is not None:  # keep every unchanged pixel exactly as it was
                frames = np.where(mask_full[..., None], frames, prev_frames).astype(np.uint8)

        info = self._info(passes, opts, plan, key, hit, masked, fraction)
        out_dir = None
        # The cache entry (the frames as one .npy) is stored while the outputs are written.
        stored = None if hit else pool.submit(
            self.cache.put, key, frames, {"shot": passes.shot, "settings": plan.settings})
        try:
            if write:
                if pending is not None:
                    conditions = pending.result()
                condition = controls[opts.controls[0]]
                out_dir = write_render(passes.root, frames, condition, passes.frame_start,
                                       passes.fps, info, conditions)
        finally:
            if stored is not None:
                stored.result()  # a failure to store is the render's failure, as before
        return RenderResult(frames, key, hit, info, out_dir, fraction, info["chunks"])

    def _plan(self, passes: Passes, opts: RenderOptions, backend: Backend) -> _Plan:
        """Backend defaults applied, sizes and chunks made valid, the cache key's parts."""
        folders = [passes.control_folder(c) for c in opts.controls]
        steps = int(opts.steps or backend.default_steps)
        guidance = float(opts.guidance_scale if opts.guidance_scale is not None
                         else backend.default_guidance)
        window = int(opts.chunk_frames or backend.window)
        if backend.temporal_multiple > 1 and (window - 1) % backend.temporal_multiple:
            raise InputError(
                f"chunk size {window} is not valid for {opts.backend!r}: it takes "
                f"{backend.temporal_multiple}k+1 frames "
                f"(e.g. {valid_frame_count(window, backend.temporal_multiple)})"
            )
        overlap = int(opts.overlap if opts.overlap is not None
                      else min(backend.overlap, window - 1))
        chunks = plan_chunks(passes.frame_count, window, overlap)
        width, height = working_size(passes.width, passes.height, backend.size_multiple,
                                     backend.max_area)
        # Every visible entity's reference images are checked (bad input names the entity and
        # the file) whatever the backend; a backend with reference images receives them.
        refs = passes.entity_references(opts.visible)
        unused = [] if backend.supports_reference_images else refs
        if unused:
            refs = []
        looks = {str(e.get("id")): str(e.get("appearance") or "")
                 for e in passes.manifest.get("entities", [])}
        entity_seeds = {eid: entity_seed(eid, looks.get(eid, "")) for eid in opts.visible}
        settings = {
            "backend": opts.backend, "controls": list(opts.controls), "steps": steps,
            "guidance_scale": guidance, "conditioning_scale": opts.conditioning_scale,
            "seed": opts.seed, "prompt": opts.prompt, "negative_prompt": opts.negative_prompt,
            "chunk_frames": window, "overlap": overlap, "working_size": [width, height],
            "dtype": self.backend_options.dtype, "vae_tiling": self.backend_options.vae_tiling,
            "references": [[eid, p.name] for eid, p in refs], "entity_seeds": entity_seeds,
            "anchor": bool(opts.anchor and backend.supports_reference_images),
            "colour_match": opts.colour_match,
        }
        key_parts: dict[str, Any] = {
            "world_hash": passes.manifest["world_hash"],
            "shot_hash": passes.manifest["shot_hash"],
            "shot": passes.shot,
            "frames": [passes.frame_start, passes.frame_end],
            "resolution": [passes.width, passes.height],
            "passes_hash": passes.files_hash(folders, [p for _, p in refs]),
            "weights": backend.weights_identity(),
            "device": str(backend.device).split(":")[0],
            "settings": settings,
        }
        return _Plan(settings, key_parts, chunks, width, height, steps, guidance, refs,
                     entity_seeds, unused_refs=unused)

    def _info(self, passes: Passes, opts: RenderOptions, plan: _Plan, key: str, hit: bool,
              masked: bool, fraction: float | None) -> dict[str, Any]:
        """The contents of ``render.json``."""
        return {
            "format": "previz-render/1",
            "shot": passes.shot,
            "cache_key": key,
            "cache_hit": hit,
            "world_hash": passes.manifest["world_hash"],
            "shot_hash": passes.manifest["shot_hash"],
            "passes_hash": plan.key_parts["passes_hash"],
            "weights": plan.key_parts["weights"],
            "weights_ref": opts.weights,
            "device": plan.key_parts["device"],
            "frame_start": passes.frame_start,
            "frame_end": passes.frame_end,
            "resolution": [passes.width, passes.height],
            "fps": passes.fps,
            "settings": plan.settings,
            "memory": asdict(self.backend_options),
            "chunks": [{"index": c.index, "start": passes.frame_start + c.start,
                        "end": passes.frame_start + c.stop - 1, "overlap": c.overlap,
                        "seed": chunk_seed(opts.seed, c.index)} for c in plan.chunks],
            "masked": masked,
            "fraction_rerendered": fraction,
            "prompt_source": opts.prompt_source,
            "visible_entities": list(opts.visible),
            # Reference images of visible entities that this backend cannot take (AnimateDiff:
            # no IP-Adapter wired yet) — said here rather than dropped silently.
            "references_not_used": [[eid, p.name] for eid, p in plan.unused_refs],
            "seams": [{"chunk": sm.chunk, "delta_e_before": round(sm.before, 3),
                       "delta_e_after": round(sm.after, 3)} for sm in plan.seams],
        }

    def _generate(self, backend: Backend, passes: Passes, opts: RenderOptions, plan: _Plan,
                  controls: dict[str, np.ndarray], mask_full: np.ndarray | None,
                  prev_frames: np.ndarray | None, progress: ProgressCallback | None,
                  cancel: CancelCheck | None,
                  conditions: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """Generate chunk by chunk at the working size, then resize to the shot's resolution.
        ``conditions``: the snapshot this render keeps (`changes.snapshot`), whose entity masks
        are used rather than read again."""
        from PIL import Image

        chunks, width, height, steps = plan.chunks, plan.width, plan.height, plan.steps

        work = {c: resize_frames(v, width, height) for c, v in controls.items()}
        mask_work = base_work = None
        if mask_full is not None:
            mask_work = resize_frames(mask_full.astype(np.uint8) * 255, width, height,
                                      nearest=True) > 127
            base_work = resize_frames(prev_frames, width, height)
        ref_arrays = []
        for _, p in plan.refs:
            with Image.open(p) as im:
                ref_arrays.append(np.asarray(im.convert("RGB")))
        entity_masks = _entity_masks(passes, conditions or {}, list(plan.entity_seeds), width,
                                     height)
        anchor: np.ndarray | None = None
        plan.seams.clear()

        total = steps * len(chunks)
        done = 0

        def on_step() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total)
            if cancel is not None and cancel():
                raise RenderCancelled(f"render of shot {passes.shot!r} cancelled")

        video = np.zeros((passes.frame_count, height, width, 3), np.uint8)
        for chunk in chunks:
            if cancel is not None and cancel():
                raise RenderCancelled(f"render of shot {passes.shot!r} cancelled")
            count = valid_frame_count(chunk.length, backend.temporal_multiple)
            sl = slice(chunk.start, chunk.stop)
            request = ChunkRequest(
                prompt=opts.prompt, negative_prompt=opts.negative_prompt,
                controls={c: pad_frames(v[sl], count) for c, v in work.items()},
                num_frames=count, width=width, height=height, steps=steps,
                guidance_scale=plan.guidance, conditioning_scale=float(opts.conditioning_scale),
                seed=chunk_seed(opts.seed, chunk.index),
                known=video[chunk.start : chunk.start + chunk.overlap].copy() if chunk.overlap
                else None,
                mask=pad_frames(mask_work[sl], count) if mask_work is not None else None,
                base=pad_frames(base_work[sl], count) if base_work is not None else None,
                reference_images=ref_arrays + ([anchor] if anchor is not None else []),
                entity_masks={e: pad_frames(m[sl], count) for e, m in entity_masks.items()},
                entity_seeds={e: entity_chunk_seed(plan.entity_seeds[e], chunk.index)
                              for e in entity_masks},
            )
            if mask_full is not None and not mask_full[sl].any():
                # Nothing changed in these frames: the previous render's, no denoiser call (the
                # masked composite keeps them exactly; they only seed the next chunk's overlap).
                frames = base_work[sl].copy()
                done += steps
                if progress is not None:
                    progress(done, total)
            else:
                frames = backend.generate(request, on_step)[: chunk.length]
            if chunk.overlap and opts.colour_match:
                frames, seam = match_seam(video[chunk.start : chunk.start + chunk.overlap],
                                          frames, chunk.overlap, chunk.index)
                plan.seams.append(seam)
            if chunk.index == 0 and plan.settings["anchor"] and len(chunks) > 1:
                anchor = frames[0].copy()
            blend_into(video, chunk, frames)
        return resize_frames(video, passes.width, passes.height)


def _load_ahead(backend: Backend) -> Any:
    """Start loading ``backend``'s model on a thread, unless it is loaded; an error is left
    for the render's own `Backend.load` to raise (it loads again under the same lock)."""
    if backend.pipe is None:
        return preload.in_background(f"load-{backend.name}", backend.load)
    return None


def _entity_masks(passes: Passes, conditions: dict[str, np.ndarray], ids: list[str],
                  width: int, height: int) -> dict[str, np.ndarray]:
    """``(T, height, width) bool`` per entity of ``ids`` that has a mask (sorted by id), at the
    working size (nearest neighbour): from the snapshot's label volume when it has one (resized
    once for every entity: nearest-neighbour picks the same source pixel whatever the values, so
    each entity's mask is what resizing its own mask gives), else from its masks."""
    if not ids:
        return {}
    if MASK_LABELS in conditions:
        found = [str(i) for i in conditions[MASK_IDS].tolist()]
        labels = conditions[MASK_LABELS]
    elif any(k.startswith("mask/") for k in conditions):
        masks = {eid: entity_mask(conditions, eid) for eid in sorted(ids)}
        return {eid: resize_frames(m.astype(np.uint8) * 255, width, height, nearest=True) > 127
                for eid, m in masks.items() if m is not None}
    else:
        loaded = passes.load_mask_labels(ids)
        if loaded is None:
            return {eid: resize_frames(m.astype(np.uint8) * 255, width, height,
                                       nearest=True) > 127
                    for eid, m in passes.load_entity_masks(ids).items()}
        found, labels = list(loaded[0]), loaded[1]
    work = resize_frames(labels.astype(np.int32), width, height, nearest=True)
    return {eid: work == found.index(eid) + 1 for eid in sorted(ids) if eid in found}


def default_mask_radius(width: int, height: int) -> int:
    """Pixels a masked re-render grows the changed region by (soft edges: the model's blending
    at the seam): 2 at 480 lines, in proportion to the image, at least 1. A fixed 4 px made a
    small edit at a small size regenerate three times the pixels that changed."""
    return max(1, round(2 * min(width, height) / 480))


def _change_mask(passes: Passes, prev_info: dict[str, Any], conditions: dict[str, np.ndarray],
                 radius: int) -> np.ndarray:
    """Where the new passes' conditions differ from those the previous render saw."""
    previous = (prev_info.get("frame_start"), prev_info.get("frame_end"),
                prev_info.get("resolution"))
    if previous != (passes.frame_start, passes.frame_end, [passes.width, passes.height]):
        raise InputError(
            f"{passes.root / RENDER_DIR}: previous render has another frame range or "
            "resolution; render the shot in full"
        )
    old = load_snapshot(passes.root / RENDER_DIR / "conditions.npz")
    return change_mask(old, conditions, radius=radius)


def _array_hash(arr: np.ndarray) -> str:
    import hashlib

    return hashlib.sha256(np.ascontiguousarray(arr).tobytes() + str(arr.shape).encode()).hexdigest()


def render_shot(shot_dir: str | Path, options: RenderOptions | None = None, *,
                cache_dir: str | Path | None = None,
                backend_options: BackendOptions | None = None, **kwargs: Any) -> RenderResult:
    """One-off render (loads the model, renders, releases it)."""
    renderer = Renderer(cache_dir, backend_options)
    try:
        return renderer.render(shot_dir, options, **kwargs)
    finally:
        renderer.release()
