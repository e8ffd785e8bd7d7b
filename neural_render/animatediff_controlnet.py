"""``animatediff-controlnet``: `diffusers.AnimateDiffControlNetPipeline` — an SD1.5 base, a motion
adapter and one ControlNet per control pass (depth, normal, segmentation, pose, edges together).
The backend for 8–12 GB GPUs.

``--weights`` is either an SD1.5 pipeline (folder or repo id; the motion adapter and ControlNets
then come from their default repos, all from the local cache) or a saved
`AnimateDiffControlNetPipeline` folder holding its own adapter and ControlNets. A chunk continues
the previous one by pinning the latents of its first frames to the previous chunk's last frames,
re-noised to each step's noise level (RePaint-style), since this pipeline has no frame input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from previz.world.errors import InputError
from previz.world.passes_contract import DEPTH, EDGES, NORMAL, POSE, SEGMENTATION

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

DEFAULT_WEIGHTS = "stable-diffusion-v1-5/stable-diffusion-v1-5"
DEFAULT_ADAPTER = "guoyww/animatediff-motion-adapter-v1-5-3"
#: The IP-Adapter entity reference images go through: a repo id (from the local cache) or a
#: folder in its layout — ``<IP_ADAPTER_SUBFOLDER>/<IP_ADAPTER_WEIGHT>`` (``image_proj.*`` and
#: ``ip_adapter.*`` tensors) and the CLIP image encoder in ``<IP_ADAPTER_SUBFOLDER>/image_encoder``.
#: When it is not there, reference images are reported as not used.
DEFAULT_IP_ADAPTER = "h94/IP-Adapter"
IP_ADAPTER_SUBFOLDER = "models"
IP_ADAPTER_WEIGHT = "ip-adapter_sd15.safetensors"
#: control name (`previz.world.passes_contract.CONTROL_FOLDERS`) → ControlNet 1.1 repo for SD1.5.
CONTROLNETS: dict[str, str] = {
    DEPTH: "lllyasviel/control_v11f1p_sd15_depth",
    NORMAL: "lllyasviel/control_v11p_sd15_normalbae",
    SEGMENTATION: "lllyasviel/control_v11p_sd15_seg",
    POSE: "lllyasviel/control_v11p_sd15_openpose",
    EDGES: "lllyasviel/control_v11p_sd15_lineart",
}


def encode_frames(pipe: Any, frames: np.ndarray) -> Any:
    """uint8 ``(n, h, w, 3)`` → scaled VAE latents ``(1, C, n, h/8, w/8)`` (AnimateDiff layout)."""
    import torch

    device = pipe._execution_device
    x = torch.from_numpy(frames).to(device=device, dtype=pipe.vae.dtype)
    x = x.permute(0, 3, 1, 2) / 127.5 - 1.0
    with torch.no_grad():
        lat = pipe.vae.encode(x).latent_dist.mean * pipe.vae.config.scaling_factor
    return lat.permute(1, 0, 2, 3).unsqueeze(0)


class AnimateDiffControlNetBackend(Backend):
    name = "animatediff-controlnet"
    temporal_multiple = 1
    size_multiple = 8
    max_area = 512 * 512
    window = 16
    overlap = 4
    default_steps = 25
    default_guidance = 7.5
    supports_mask = False
    half_dtype = "float16"
    controls_in_weights = True

    def _controlnet_folders(self) -> list:
        missing = [c for c in self.controls if c not in CONTROLNETS]
        if missing:
            raise InputError(
                f"backend {self.name!r} has no ControlNet for control {missing[0]!r}; "
                f"use one of {', '.join(sorted(CONTROLNETS))}"
            )
        return [resolve_weights(CONTROLNETS[c], "config.json", "ControlNet") for c in self.controls]

    #: Where the IP-Adapter comes from (`DEFAULT_IP_ADAPTER`; None: no reference images).
    ip_adapter: str | None = DEFAULT_IP_ADAPTER

    def ip_adapter_folder(self) -> Any:
        """The IP-Adapter's folder when it is on this machine (see `DEFAULT_IP_ADAPTER`), else
        None; looked up once."""
        if not hasattr(self, "_ip_folder"):
            self._ip_folder = None
            if self.ip_adapter is not None:
                marker = f"{IP_ADAPTER_SUBFOLDER}/{IP_ADAPTER_WEIGHT}"
                try:
                    folder = resolve_weights(self.ip_adapter, marker, "IP-Adapter")
                except InputError:
                    folder = None
                encoder = folder / IP_ADAPTER_SUBFOLDER / "image_encoder" if folder else None
                if encoder is not None and (encoder / "config.json").is_file():
                    self._ip_folder = folder
        return self._ip_folder

    @property
    def supports_reference_images(self) -> bool:  # type: ignore[override]
        """Reference images need the IP-Adapter (`ip_adapter_folder`)."""
        return self.ip_adapter_folder() is not None

    def _weights_identity(self) -> str:
        folder = resolve_weights(self.weights or DEFAULT_WEIGHTS)
        parts = [weights_identity(folder)]
        if pipeline_class_name(folder) != "AnimateDiffControlNetPipeline":
            parts.append(weights_identity(resolve_weights(DEFAULT_ADAPTER, "config.json")))
            parts += [weights_identity(f) for f in self._controlnet_folders()]
        ip = self.ip_adapter_folder()
        if ip is not None:
            parts.append("ip:" + weights_identity(ip / IP_ADAPTER_SUBFOLDER))
        return f"{self.name}:" + "+".join(parts)

    def _with_ip_adapter(self, pipe: Any) -> Any:
        """Load the IP-Adapter and its image encoder into ``pipe`` when it is there (diffusers'
        ``load_ip_adapter``, offline)."""
        folder = self.ip_adapter_folder()
        if folder is not None:
            pipe.load_ip_adapter(str(folder), subfolder=IP_ADAPTER_SUBFOLDER,
                                 weight_name=IP_ADAPTER_WEIGHT,
                                 image_encoder_folder="image_encoder", local_files_only=True)
        return pipe

    def _load(self) -> Any:
        from diffusers import (
            AnimateDiffControlNetPipeline,
            ControlNetModel,
            DDIMScheduler,
            MotionAdapter,
        )

        folder = resolve_weights(self.weights or DEFAULT_WEIGHTS)
        cls = pipeline_class_name(folder)
        dtype = self.torch_dtype()
        if cls == "AnimateDiffControlNetPipeline":
            pipe = AnimateDiffControlNetPipeline.from_pretrained(
                folder, torch_dtype=dtype, local_files_only=True
            )
            nets = getattr(pipe.controlnet, "nets", [pipe.controlnet])
            if len(nets) != len(self.controls):
                raise InputError(
                    f"{folder}: holds {len(nets)} ControlNet(s), but {len(self.controls)} control "
                    f"pass(es) were asked for ({', '.join(self.controls)})"
                )
            return self._with_ip_adapter(pipe)
        if cls != "StableDiffusionPipeline":
            raise InputError(
                f"{folder}: holds a {cls}, backend {self.name!r} needs a StableDiffusionPipeline "
                "(SD1.5) or a saved AnimateDiffControlNetPipeline"
            )
        adapter = MotionAdapter.from_pretrained(
            resolve_weights(DEFAULT_ADAPTER, "config.json", "motion adapter"), torch_dtype=dtype
        )
        nets = [ControlNetModel.from_pretrained(f, torch_dtype=dtype)
                for f in self._controlnet_folders()]
        pipe = AnimateDiffControlNetPipeline.from_pretrained(
            folder, motion_adapter=adapter, controlnet=nets if len(nets) > 1 else nets[0],
            torch_dtype=dtype, local_files_only=True,
        )
        # AnimateDiff's recommended sampler settings.
        pipe.scheduler = DDIMScheduler.from_config(
            pipe.scheduler.config, beta_schedule="linear", clip_sample=False,
            timestep_spacing="linspace", steps_offset=1,
        )
        return self._with_ip_adapter(pipe)

    def denoiser(self) -> Any:
        return self.load().unet

    #: The IP-Adapter's weight when reference images are given (diffusers' scale).
    ip_adapter_scale = 0.3

    def _ip_adapter_inputs(self, pipe: Any, request: ChunkRequest) -> dict:
        """The reference images as the IP-Adapter's input, when the pipeline has one: all of
        them for the one adapter. Without references the adapter is switched off (scale 0 and
        zero image embeddings: its term in every cross-attention is then exactly zero)."""
        if getattr(pipe.unet.config, "encoder_hid_dim_type", None) != "ip_image_proj":
            return {}
        if request.reference_images:
            pipe.set_ip_adapter_scale(self.ip_adapter_scale)
            return {"ip_adapter_image": [as_pil(request.reference_images)]}
        import torch

        pipe.set_ip_adapter_scale(0.0)
        width = pipe.image_encoder.config.projection_dim
        rows = 2 if request.guidance_scale > 1.0 else 1  # negative and positive halves
        zeros = torch.zeros((rows, 1, width), dtype=pipe.unet.dtype,
                            device=pipe._execution_device)
        return {"ip_adapter_image_embeds": [zeros]}

    def _generate(self, pipe: Any, request: ChunkRequest,
                  on_step: StepCallback | None) -> np.ndarray:
        import torch

        from .sizing import to_uint8

        frames = [as_pil(request.controls[c]) for c in self.controls]
        device = pipe._execution_device
        edit = None
        if request.known is not None and len(request.known):
            n = len(request.known)
            x0 = encode_frames(pipe, request.known)
            # Noise for the pinned frames: its own stream, derived from the chunk seed.
            noise = torch.randn(x0.shape, generator=generator(request.seed + 1, device),
                                device=device, dtype=x0.dtype)

            def edit(step: int, timestep: Any, kwargs: dict) -> dict:
                latents = kwargs["latents"].clone()
                ts = pipe.scheduler.timesteps
                if step + 1 < len(ts):
                    pinned = pipe.scheduler.add_noise(x0, noise, ts[step + 1 : step + 2])
                else:
                    pinned = x0
                latents[:, :, :n] = pinned.to(latents.dtype)
                kwargs["latents"] = latents
                return kwargs

        latents = initial_latents(request, pipe.unet.config.in_channels, request.num_frames,
                                  pipe.vae_scale_factor, 1, device)
        out = pipe(
            **self._ip_adapter_inputs(pipe, request),
            prompt=request.prompt,
            negative_prompt=request.negative_prompt,
            conditioning_frames=frames[0] if len(frames) == 1 else frames,
            controlnet_conditioning_scale=request.conditioning_scale,
            num_frames=request.num_frames,
            height=request.height,
            width=request.width,
            num_inference_steps=request.steps,
            guidance_scale=request.guidance_scale,
            generator=generator(request.seed, device),
            latents=latents,
            output_type="np",
            callback_on_step_end=step_callback(on_step, edit),
            decode_chunk_size=request.num_frames,
        )
        return to_uint8(out.frames[0])
