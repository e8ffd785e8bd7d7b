"""``tiny-animatediff``: `AnimateDiffControlNetPipeline` from small configs with seeded random
weights, one tiny ControlNet per control pass, fully offline (configs follow diffusers' own
AnimateDiff ControlNet tests).

A fresh ControlNet's output convolutions start at zero, so the control could not change anything;
here they are re-initialised with small seeded random values so the control visibly reaches the
model (tests rely on it). ``--weights FOLDER`` loads a saved pipeline instead.
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


class TinyAnimateDiffBackend(AnimateDiffControlNetBackend):
    name = "tiny-animatediff"
    max_area = 64 * 64
    window = 8
    overlap = 3
    default_steps = 2
    half_dtype = "float32"

    def _controlnet_folders(self) -> list:
        return super()._controlnet_folders() if self.weights else []

    def _weights_identity(self) -> str:
        if self.weights:
            return super()._weights_identity()
        return config_identity(self.name, {
            "controls": list(self.controls), "seed": INIT_SEED, "cross": CROSS_DIM,
            "blocks": BLOCKS, "zero_init_scale": ZERO_INIT_SCALE,
        })

    def _load(self) -> Any:
        if self.weights:
            return super()._load()
        pipe = build_tiny_animatediff(list(self.controls))
        dtype = self.torch_dtype()
        return pipe if dtype == pipe.dtype else pipe.to(dtype)
