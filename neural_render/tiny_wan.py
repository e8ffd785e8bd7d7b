"""``tiny-wan``: the `wan-vace` backend on a `WanVACEPipeline` built from small configs with random
weights (seeded, so every build is identical), fully offline. For tests, and for trying the
tool end to end without downloading 20 GB. Small configs follow diffusers' own WanVACE tests.

``--weights FOLDER`` loads a saved pipeline instead (the same code path real weights use).
"""

from __future__ import annotations

from typing import Any

from .backend import config_identity
from .tiny_tokenizers import t5_tokenizer
from .wan_vace import WanVaceBackend

INIT_SEED = 0

TRANSFORMER = dict(
    patch_size=(1, 2, 2), num_attention_heads=2, attention_head_dim=12, in_channels=16,
    out_channels=16, text_dim=32, freq_dim=256, ffn_dim=32, num_layers=3, cross_attn_norm=True,
    qk_norm="rms_norm_across_heads", rope_max_seq_len=32, vace_layers=[0, 2], vace_in_channels=96,
)
VAE = dict(base_dim=3, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1,
           temperal_downsample=[False, True, True])
TEXT = dict(d_model=32, d_ff=37, d_kv=8, num_heads=4, num_layers=2, feed_forward_proj="relu")


def build_tiny_wan() -> Any:
    """A float32 CPU `WanVACEPipeline` with seeded random weights."""
    import torch
    from diffusers import (
        AutoencoderKLWan,
        FlowMatchEulerDiscreteScheduler,
        WanVACEPipeline,
        WanVACETransformer3DModel,
    )
    from transformers import UMT5Config, UMT5EncoderModel

    tokenizer = t5_tokenizer()
    torch.manual_seed(INIT_SEED)
    vae = AutoencoderKLWan(**VAE)
    torch.manual_seed(INIT_SEED)
    config = UMT5Config(vocab_size=len(tokenizer), pad_token_id=0, eos_token_id=1,
                        decoder_start_token_id=0, **TEXT)
    text_encoder = UMT5EncoderModel(config).eval()  # inference mode: no dropout, deterministic
    torch.manual_seed(INIT_SEED)
    transformer = WanVACETransformer3DModel(**TRANSFORMER)
    return WanVACEPipeline(
        tokenizer=tokenizer, text_encoder=text_encoder, vae=vae, transformer=transformer,
        scheduler=FlowMatchEulerDiscreteScheduler(shift=7.0), transformer_2=None,
    )


class TinyWanBackend(WanVaceBackend):
    name = "tiny-wan"
    cpu_threads = 1
    max_area = 64 * 64
    window = 9
    overlap = 4
    default_steps = 2
    max_sequence_length = 16
    half_dtype = "float32"

    def _weights_identity(self) -> str:
        if self.weights:
            return super()._weights_identity()
        return config_identity(self.name, {
            "transformer": TRANSFORMER, "vae": VAE, "text": TEXT, "seed": INIT_SEED,
        })

    def _load(self) -> Any:
        if self.weights:
            return super()._load()
        pipe = build_tiny_wan()
        dtype = self.torch_dtype()
        return pipe if dtype == pipe.dtype else pipe.to(dtype)
