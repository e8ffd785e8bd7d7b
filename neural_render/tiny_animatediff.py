"""``tiny-animatediff``: `AnimateDiffControlNetPipeline` from small configs with seeded random
weights, one tiny ControlNet per control pass, fully offline (configs follow diffusers' own
AnimateDiff ControlNet tests).

A fresh ControlNet's output convolutions start at zero, so the control could not change anything;
here they are re-initialised with small seeded random values so the control visibly reaches the
model (tests rely on it). ``--weights FOLDER`` loads a saved pipeline instead.

Entity reference images go through an IP-Adapter (`add_ip_adapter`): a tiny CLIP image encoder
and the adapter's image projection and key/value layers, seeded random, loaded through
diffusers' own ``load_ip_adapter`` from a state dict (the layout its IP-Adapter tests use: one
``to_k_ip``/``to_v_ip`` pair per cross-attention layer, odd ids in processor order). A saved
pipeline (``--weights``) carries no adapter: its references are reported as not used.
"""

from __future__ import annotations

from typing import Any

from .animatediff_controlnet import AnimateDiffControlNetBackend
from .backend import config_identity
from .tiny_tokenizers import clip_tokenizer

INIT_SEED = 0
CROSS_DIM = 8
BLOCKS = (8, 8)
ZERO_INIT_SCALE = 0.1


def build_tiny_animatediff(controls: list[str]) -> Any:
    """A float32 CPU `AnimateDiffControlNetPipeline` with one ControlNet per control."""
    import torch
    from diffusers import (
        AnimateDiffControlNetPipeline,
        AutoencoderKL,
        ControlNetModel,
        DDIMScheduler,
        MotionAdapter,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel

    tokenizer = clip_tokenizer(max_length=16)
    torch.manual_seed(INIT_SEED)
    unet = UNet2DConditionModel(
        block_out_channels=BLOCKS, layers_per_block=2, sample_size=8, in_channels=4,
        out_channels=4, down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=CROSS_DIM,
        norm_num_groups=2,
    )
    nets = []
    for i, _ in enumerate(controls):
        torch.manual_seed(INIT_SEED + 1 + i)
        net = ControlNetModel(
            block_out_channels=BLOCKS, layers_per_block=2, in_channels=4,
            down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
            cross_attention_dim=CROSS_DIM, conditioning_embedding_out_channels=(8, 8),
            norm_num_groups=1,
        )
        gen = torch.Generator().manual_seed(INIT_SEED + 100 + i)
        with torch.no_grad():
            for name, p in net.named_parameters():
                if name.startswith(("controlnet_down_blocks", "controlnet_mid_block",
                                    "controlnet_cond_embedding.conv_out")):
                    p.copy_(torch.randn(p.shape, generator=gen) * ZERO_INIT_SCALE)
        nets.append(net)
    torch.manual_seed(INIT_SEED)
    vae = AutoencoderKL(
        block_out_channels=BLOCKS, in_channels=3, out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 2, up_block_types=["UpDecoderBlock2D"] * 2,
        latent_channels=4, norm_num_groups=2,
    )
    torch.manual_seed(INIT_SEED)
    text_encoder = CLIPTextModel(CLIPTextConfig(
        bos_token_id=0, eos_token_id=1, pad_token_id=1, hidden_size=CROSS_DIM,
        intermediate_size=37, layer_norm_eps=1e-5, num_attention_heads=4, num_hidden_layers=2,
        vocab_size=len(tokenizer), max_position_embeddings=16,
    )).eval()
    torch.manual_seed(INIT_SEED)
    adapter = MotionAdapter(block_out_channels=BLOCKS, motion_layers_per_block=2,
                            motion_norm_num_groups=2, motion_num_attention_heads=4)
    scheduler = DDIMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="linear",
                              clip_sample=False)
    return AnimateDiffControlNetPipeline(
        vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet,
        motion_adapter=adapter, controlnet=nets if len(nets) > 1 else nets[0],
        scheduler=scheduler, feature_extractor=None, image_encoder=None,
    )


#: IP-Adapter: image tokens per reference image and the image encoder's embedding width.
IP_TOKENS = 4
IP_EMBED = 8
IP_SEED = 7
IP_SCALE = 0.3


def tiny_ip_adapter(unet: Any) -> tuple[Any, Any, dict]:
    """A seeded random CLIP image encoder, its image processor and an IP-Adapter state dict
    (``{"image_proj": ..., "ip_adapter": ...}``) that fit ``unet`` (see the module)."""
    import torch
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(IP_SEED)
    encoder = CLIPVisionModelWithProjection(CLIPVisionConfig(
        hidden_size=8, projection_dim=IP_EMBED, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=16, image_size=32, patch_size=8,
    )).eval()
    processor = CLIPImageProcessor(size={"shortest_edge": 32},
                                   crop_size={"height": 32, "width": 32})
    gen = torch.Generator().manual_seed(IP_SEED + 1)
    layers, key = {}, 1
    widths = unet.config.block_out_channels
    for name in unet.attn_processors:  # cross-attention only: not self- or motion attention
        if name.endswith("attn1.processor") or "motion_modules" in name:
            continue
        block = name.split(".")
        width = (widths[-1] if block[0] == "mid_block" else
                 widths[::-1][int(block[1])] if block[0] == "up_blocks" else
                 widths[int(block[1])])
        for kv in ("to_k_ip", "to_v_ip"):
            layers[f"{key}.{kv}.weight"] = torch.randn(width, CROSS_DIM, generator=gen) * 0.3
        key += 2
    projection = {
        "proj.weight": torch.randn(CROSS_DIM * IP_TOKENS, IP_EMBED, generator=gen) * 0.3,
        "proj.bias": torch.zeros(CROSS_DIM * IP_TOKENS),
        "norm.weight": torch.ones(CROSS_DIM), "norm.bias": torch.zeros(CROSS_DIM),
    }
    return encoder, processor, {"image_proj": projection, "ip_adapter": layers}


def add_ip_adapter(pipe: Any) -> Any:
    """Give ``pipe`` a seeded random CLIP image encoder and IP-Adapter (see the module)."""
    encoder, processor, state = tiny_ip_adapter(pipe.unet)
    pipe.register_modules(image_encoder=encoder, feature_extractor=processor)
    pipe.load_ip_adapter(state, subfolder="", weight_name="")
    return pipe


def save_tiny_ip_adapter(unet: Any, folder: Any) -> None:
    """Write the tiny IP-Adapter in the layout of ``h94/IP-Adapter`` (what the real backend
    loads, `animatediff_controlnet.IP_ADAPTER_WEIGHT`): ``models/<weight>.safetensors`` with
    ``image_proj.*`` / ``ip_adapter.*`` tensors and ``models/image_encoder/`` by
    ``save_pretrained``."""
    from pathlib import Path

    from safetensors.torch import save_file

    from .animatediff_controlnet import IP_ADAPTER_SUBFOLDER, IP_ADAPTER_WEIGHT

    encoder, _, state = tiny_ip_adapter(unet)
    models = Path(folder) / IP_ADAPTER_SUBFOLDER
    encoder.save_pretrained(models / "image_encoder")
    flat = {f"{part}.{k}": v.contiguous() for part in ("image_proj", "ip_adapter")
            for k, v in state[part].items()}
    save_file(flat, str(models / IP_ADAPTER_WEIGHT))


class TinyAnimateDiffBackend(AnimateDiffControlNetBackend):
    name = "tiny-animatediff"
    cpu_threads = 1
    max_area = 64 * 64
    window = 8
    overlap = 3
    default_steps = 2
    half_dtype = "float32"
    ip_adapter_scale = IP_SCALE

    def _controlnet_folders(self) -> list:
        return super()._controlnet_folders() if self.weights else []

    def _weights_identity(self) -> str:
        if self.weights:
            return super()._weights_identity()
        return config_identity(self.name, {
            "controls": list(self.controls), "seed": INIT_SEED, "cross": CROSS_DIM,
            "blocks": BLOCKS, "zero_init_scale": ZERO_INIT_SCALE,
            "ip_adapter": [IP_TOKENS, IP_EMBED, IP_SEED, IP_SCALE],
        })

    @property
    def supports_reference_images(self) -> bool:  # type: ignore[override]
        """The built pipeline has an IP-Adapter; a saved one (``--weights``) has one when the
        real backend's IP-Adapter is there (`AnimateDiffControlNetBackend`)."""
        return not self.weights or super().supports_reference_images

    def _load(self) -> Any:
        if self.weights:
            return super()._load()
        pipe = add_ip_adapter(build_tiny_animatediff(list(self.controls)))
        dtype = self.torch_dtype()
        return pipe if dtype == pipe.dtype else pipe.to(dtype)
