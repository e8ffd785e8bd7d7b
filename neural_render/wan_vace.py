"""``wan-vace``: Wan2.1 VACE (`diffusers.WanVACEPipeline`), the default backend.

VACE takes one control video plus a mask (white = generate, black = keep the video's pixels), so
one pipeline call covers control-driven generation, continuing the previous chunk (its last frames
as known frames under a black mask) and masked re-render (the previous render under black, the
control under white). Real weights: ``Wan-AI/Wan2.1-VACE-1.3B-diffusers`` (or the 14B by folder).
Several control passes are composited into one "layout" video: later passes' non-black pixels over
earlier ones (e.g. ``depth`` then ``pose`` draws the skeletons over the depth).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from previz.world.errors import InputError

from .backend import (
    Backend,
    ChunkRequest,
    StepCallback,
    as_pil,
    initial_latents,
    step_callback,
)
from .seeds import generator
from .weights import pipeline_class_name, resolve_weights, weights_identity

DEFAULT_WEIGHTS = "Wan-AI/Wan2.1-VACE-1.3B-diffusers"


def composite_controls(controls: dict[str, np.ndarray]) -> np.ndarray:
    """One control video from several: each later pass's non-black pixels drawn over the earlier."""
    frames = list(controls.values())
    out = frames[0].copy()
    for layer in frames[1:]:
        drawn = layer.max(axis=-1) > 16
        out[drawn] = layer[drawn]
    return out


def vace_inputs(request: ChunkRequest) -> tuple[np.ndarray, np.ndarray]:
    """(video uint8 (T,h,w,3), mask uint8 (T,h,w) with 255 = generate) for one VACE call."""
    video = composite_controls(request.controls)
    mask = np.full(video.shape[:3], 255, np.uint8)
    if request.mask is not None:
        if request.base is None:
            raise ValueError("a masked request needs the previous render as base")
        m = request.mask[..., None]
        video = np.where(m, video, request.base)
        mask = np.where(request.mask, 255, 0).astype(np.uint8)
    if request.known is not None and len(request.known):
        n = len(request.known)
        video[:n] = request.known
        mask[:n] = 0
    return video, mask


class WanVaceBackend(Backend):
    name = "wan-vace"
    temporal_multiple = 4
    size_multiple = 16
    max_area = 832 * 480
    window = 81
    overlap = 9
    default_steps = 30
    default_guidance = 5.0
    supports_mask = True
    supports_reference_images = True
    half_dtype = "bfloat16"
    max_sequence_length = 512

    def _folder(self):
        return resolve_weights(self.weights or DEFAULT_WEIGHTS)

    def _weights_identity(self) -> str:
        return f"{self.name}:{weights_identity(self._folder())}"

    def _load(self) -> Any:
        import torch
        from diffusers import WanVACEPipeline

        folder = self._folder()
        cls = pipeline_class_name(folder)
        if cls != "WanVACEPipeline":
            raise InputError(
                f"{folder}: holds a {cls}, backend {self.name!r} needs a WanVACEPipeline"
            )
        # The Wan VAE is kept in float32 (as the model card advises); the rest in the chosen dtype.
        dtype = {"default": self.torch_dtype(), "vae": torch.float32}
        return WanVACEPipeline.from_pretrained(folder, torch_dtype=dtype, local_files_only=True)

    def denoiser(self) -> Any:
        return self.load().transformer

    def _generate(self, pipe: Any, request: ChunkRequest,
                  on_step: StepCallback | None) -> np.ndarray:
        from .sizing import to_uint8

        video, mask = vace_inputs(request)
        refs = as_pil(request.reference_images) if request.reference_images else None
        device = pipe._execution_device
        latents = initial_latents(
            request, pipe.transformer.config.in_channels,
            (request.num_frames - 1) // pipe.vae_scale_factor_temporal + 1,
            pipe.vae_scale_factor_spatial, pipe.vae_scale_factor_temporal, device,
            lead=len(request.reference_images),
        )
        out = pipe(
            prompt=request.prompt,
            negative_prompt=request.negative_prompt,
            video=as_pil(video),
            mask=as_pil(mask),
            reference_images=refs,
            conditioning_scale=request.conditioning_scale,
            height=request.height,
            width=request.width,
            num_frames=request.num_frames,
            num_inference_steps=request.steps,
            guidance_scale=request.guidance_scale,
            generator=generator(request.seed, device),
            latents=latents,
            output_type="np",
            callback_on_step_end=step_callback(on_step),
            max_sequence_length=self.max_sequence_length,
        )
        return to_uint8(out.frames[0])
