"""What every backend shares: memory options, loading once, the per-step callback (progress and
cancellation), and ``release()``.

A backend turns one `ChunkRequest` (conditions already at its working size and a valid frame
count) into ``uint8`` frames. Everything about shots — chunking, sizes, seeds, cache, outputs — is
in `previz.neural_render.renderer`, so a backend file holds only what is specific to its diffusers
pipeline. torch is imported inside methods: importing this module stays cheap.
"""

from __future__ import annotations

import gc
import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from previz.world.errors import InputError

DTYPES = ("auto", "float32", "float16", "bfloat16")


class RenderCancelled(Exception):
    """Raised from the step callback when the caller cancels; nothing is cached or written."""


@dataclass(frozen=True)
class BackendOptions:
    """How the model runs (not what it renders). ``dtype`` "auto": float32 on CPU, the backend's
    half type on CUDA. ``cpu_offload`` keeps only the running sub-model on the GPU
    (`enable_model_cpu_offload`); ``vae_tiling`` / ``vae_slicing`` bound the VAE's memory."""

    device: str | None = None  # None: cuda if available, else cpu
    dtype: str = "auto"
    cpu_offload: bool = False
    vae_tiling: bool = False
    vae_slicing: bool = False

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise InputError(f"unknown dtype {self.dtype!r}: expected one of {', '.join(DTYPES)}")


@dataclass
class ChunkRequest:
    """One model call. Arrays are at the working size; ``controls`` maps control name to
    ``(T, h, w, 3) uint8`` with T valid for the backend. ``known`` are output frames the first
    ``len(known)`` frames must continue (the previous chunk's end). ``mask`` ``(T, h, w) bool``
    (True = generate) with ``base`` ``(T, h, w, 3) uint8`` (the previous render) asks for a masked
    re-render. ``entity_masks`` ``(T, h, w) bool`` per visible entity, with ``entity_seeds``,
    say where the initial noise comes from each entity's seed family
    (`previz.neural_render.seeds`)."""

    prompt: str
    negative_prompt: str
    controls: dict[str, np.ndarray]
    num_frames: int
    width: int
    height: int
    steps: int
    guidance_scale: float
    conditioning_scale: float
    seed: int
    known: np.ndarray | None = None
    mask: np.ndarray | None = None
    base: np.ndarray | None = None
    reference_images: list[np.ndarray] = field(default_factory=list)
    entity_masks: dict[str, np.ndarray] = field(default_factory=dict)
    entity_seeds: dict[str, int] = field(default_factory=dict)


StepCallback = Callable[[], None]


class Backend:
    """Base class; subclasses set the class attributes and implement ``_load`` / ``_generate``."""

    name: ClassVar[str] = ""
    temporal_multiple: ClassVar[int] = 1  # frame counts are temporal_multiple*k + 1 (1: any)
    size_multiple: ClassVar[int] = 8
    max_area: ClassVar[int] = 512 * 512
    window: ClassVar[int] = 16
    overlap: ClassVar[int] = 4
    default_steps: ClassVar[int] = 25
    default_guidance: ClassVar[float] = 7.5
    supports_mask: ClassVar[bool] = False  # masked re-render
    supports_reference_images: ClassVar[bool] = False  # entity reference images
    half_dtype: ClassVar[str] = "float16"
    controls_in_weights: ClassVar[bool] = False  # one model per control (ControlNets)
    #: Torch threads while this backend generates on the CPU (None: torch's default, one per
    #: core). The tiny backends take 1: their operations are too small to share out, so a
    #: second thread only waits on the first (a 100-character crowd's 192 frames, tiny-wan:
    #: half the CPU seconds and no more wall time on 2 cores, the same frames).
    cpu_threads: ClassVar[int | None] = None

    def __init__(self, weights: str | None = None, options: BackendOptions | None = None) -> None:
        self.weights = weights
        self.options = options or BackendOptions()
        self.controls: tuple[str, ...] = ("depth",)
        self.pipe: Any = None
        self._identity: str | None = None
        # Held while the model loads or is released: `Renderer` may start the load on a thread
        # of its own while it reads the passes; a second `load` waits for that one.
        self._lock = threading.RLock()

    def set_controls(self, controls: list[str] | tuple[str, ...]) -> None:
        """The control passes the next renders use; a backend whose weights depend on them
        (one ControlNet per control) drops its loaded model when they change."""
        controls = tuple(controls)
        if controls != self.controls:
            self.controls = controls
            if self.controls_in_weights:
                self.release()
                self._identity = None

    # -- loading and memory -------------------------------------------------------------------

    @property
    def device(self) -> str:
        import torch

        if self.options.device:
            return self.options.device
        return "cuda" if torch.cuda.is_available() else "cpu"

    def torch_dtype(self):
        import torch

        name = self.options.dtype
        if name == "auto":
            name = "float32" if self.device == "cpu" else self.half_dtype
        return getattr(torch, name)

    def weights_identity(self) -> str:
        """What names these weights in the cache key (computed without loading the model)."""
        if self._identity is None:
            self._identity = self._weights_identity()
        return self._identity

    def load(self) -> Any:
        """Build or load the pipeline once, apply the memory options, return it."""
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> Any:
        if self.pipe is None:
            if self.options.cpu_offload and not self.device.startswith("cuda"):
                raise InputError("--cpu-offload needs a CUDA GPU (this render runs on the CPU)")
            pipe = self._load()
            pipe.set_progress_bar_config(disable=True)
            if self.options.cpu_offload:
                pipe.enable_model_cpu_offload(device=self.device)
            else:
                pipe.to(self.device)
            if self.options.vae_tiling:
                pipe.vae.enable_tiling()
            if self.options.vae_slicing:
                pipe.vae.enable_slicing()
            self.pipe = pipe
        return self.pipe

    def execution_device(self) -> Any:
        return self.load()._execution_device

    def release(self) -> None:
        """Free the model and the memory it holds (VRAM too); a later call loads it again.
        A load under way on another thread is waited for, then freed."""
        with self._lock:
            if self.pipe is None:
                return
            if hasattr(self.pipe, "remove_all_hooks"):
                self.pipe.remove_all_hooks()
            self.pipe = None
        import torch

        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    def denoiser(self) -> Any:
        """The module called once per step and guidance branch (for tests and benchmarks)."""
        raise NotImplementedError

    # -- generation -----------------------------------------------------------------------------

    def generate(self, request: ChunkRequest, on_step: StepCallback | None = None) -> np.ndarray:
        """``(T, h, w, 3) uint8`` frames for one chunk. ``on_step`` runs after each denoising step
        and may raise `RenderCancelled`; the pipeline's offload hooks are reset either way."""
        pipe = self.load()
        if request.mask is not None and not self.supports_mask:
            raise InputError(
                f"backend {self.name!r} has no masked re-render; use wan-vace or tiny-wan"
            )
        import torch

        threads = torch.get_num_threads()
        few = self.cpu_threads is not None and str(self.device).startswith("cpu")
        try:
            if few:
                torch.set_num_threads(self.cpu_threads)
            return self._generate(pipe, request, on_step)
        finally:
            if few:
                torch.set_num_threads(threads)
            if hasattr(pipe, "maybe_free_model_hooks"):
                pipe.maybe_free_model_hooks()

    def _load(self) -> Any:
        raise NotImplementedError

    def _weights_identity(self) -> str:
        raise NotImplementedError

    def _generate(self, pipe: Any, request: ChunkRequest,
                  on_step: StepCallback | None) -> np.ndarray:
        raise NotImplementedError


def step_callback(on_step: StepCallback | None,
                  edit: Callable[[int, Any, dict], dict] | None = None) -> Callable:
    """A diffusers ``callback_on_step_end`` that runs ``on_step`` (progress, cancellation) and an
    optional latent ``edit(step, timestep, kwargs)``."""

    def callback(pipe: Any, step: int, timestep: Any, kwargs: dict) -> dict:
        if on_step is not None:
            on_step()
        return edit(step, timestep, kwargs) if edit is not None else kwargs

    return callback


def initial_latents(request: ChunkRequest, channels: int, latent_frames: int, spatial: int,
                    temporal: int, device: Any, lead: int = 0) -> Any:
    """The chunk's initial noise ``(1, channels, lead + latent_frames, h/spatial, w/spatial)``
    with each visible entity's region drawn from its seed family, or None when no entity mask
    was given (the pipeline then draws its own noise from the chunk's seed)."""
    from .seeds import initial_noise, latent_masks

    if not request.entity_masks:
        return None
    lh, lw = request.height // spatial, request.width // spatial
    regions = latent_masks(request.entity_masks, latent_frames, lh, lw, temporal)
    shape = (1, channels, lead + latent_frames, lh, lw)
    return initial_noise(shape, request.seed, regions, request.entity_seeds, device, lead)


def as_pil(frames: np.ndarray) -> list:
    """uint8 ``(T, h, w, 3)`` → RGB images, ``(T, h, w)`` → grey ("L") images."""
    from PIL import Image

    return [Image.fromarray(np.ascontiguousarray(f)) for f in frames]


def config_identity(name: str, config: dict[str, Any]) -> str:
    """Weights identity of a model built in code from ``config`` (the tiny backends): its name
    and a hash of the config and the diffusers version that builds it (the installed
    distribution's version, which is ``diffusers.__version__``, read without importing diffusers:
    ~5 s of a render's start, and the cache key is computed before any model loads)."""
    spec = {**config, "diffusers": diffusers_version()}
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    return f"{name}:{digest}"


def diffusers_version() -> str:
    """The installed diffusers' version, from its distribution's metadata (as pip sees it);
    from the module itself when there is no metadata (a source tree on the path)."""
    from importlib import metadata

    try:
        return metadata.version("diffusers")
    except metadata.PackageNotFoundError:
        import diffusers

        return diffusers.__version__
