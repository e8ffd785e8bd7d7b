"""``wan-vace-random``: Wan2.1-VACE-1.3B's real architecture at its real size, with random weights.

Speed and memory do not depend on the weight values, so this backend measures what the real
model costs — seconds per step, peak memory, our overhead around the pipeline, the memory options
— without a 20 GB download. It is the `wan-vace` backend (same `WanVACEPipeline`, same code path
through the `Renderer`) on modules built in code from the published configuration:

- transformer (`WanVACETransformer3DModel`): the ``"Wan-VACE-1.3B"`` entry of diffusers'
  ``scripts/convert_wan_to_diffusers.py`` (``get_transformer_config``), which is what
  ``Wan-AI/Wan2.1-VACE-1.3B-diffusers/transformer/config.json`` holds;
- VAE (`AutoencoderKLWan`): the Wan 2.1 VAE, which that script builds as ``AutoencoderKLWan()``
  (base_dim 96, z_dim 16, dim_mult [1, 2, 4, 4], two res blocks, temporal downsampling on the
  last two stages, and the published per-channel latent mean and std);
- text encoder (`UMT5EncoderModel`): ``google/umt5-xxl``'s ``config.json`` (d_model 4096,
  d_ff 10240, 64 heads of 64, 24 layers, gated GELU, vocabulary 256384), which the script loads
  as the pipeline's text encoder; ``text_layers`` may keep fewer of its 24 layers (5.7B
  parameters in all, 11 GB in bfloat16) so the whole pipeline fits a 24 GB machine — the
  embedding stays at full size;
- scheduler: `UniPCMultistepScheduler` with flow prediction, flow sigmas and ``flow_shift``
  3.0, as the same script builds it for VACE (480p).

The tokenizer is the tiny backends' character-level one (UMT5's SentencePiece model would be a
download; token ids only need to fall inside the vocabulary). ``--weights FOLDER`` loads a saved
pipeline instead, exactly as `wan-vace` does.
"""

from __future__ import annotations

import contextlib
from typing import Any

from .backend import BackendOptions, config_identity
from .tiny_tokenizers import t5_tokenizer
from .wan_vace import WanVaceBackend

INIT_SEED = 0
SOURCE = ("diffusers scripts/convert_wan_to_diffusers.py (model_type 'Wan-VACE-1.3B'), "
          "AutoencoderKLWan() defaults, google/umt5-xxl config.json")

TRANSFORMER: dict[str, Any] = dict(
    added_kv_proj_dim=None, attention_head_dim=128, cross_attn_norm=True, eps=1e-06,
    ffn_dim=8960, freq_dim=256, in_channels=16, num_attention_heads=12, num_layers=30,
    out_channels=16, patch_size=[1, 2, 2], qk_norm="rms_norm_across_heads", text_dim=4096,
    vace_layers=[0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28], vace_in_channels=96,
)
VAE: dict[str, Any] = dict(
    base_dim=96, z_dim=16, dim_mult=[1, 2, 4, 4], num_res_blocks=2, attn_scales=[],
    temperal_downsample=[False, True, True], dropout=0.0,
    latents_mean=[-0.7571, -0.7089, -0.9113, 0.1075, -0.1745, 0.9653, -0.1517, 1.5508, 0.4134,
                  -0.0715, 0.5517, -0.3632, -0.1922, -0.9497, 0.2503, -0.2921],
    latents_std=[2.8184, 1.4541, 2.3275, 2.6558, 1.2196, 1.7708, 2.6052, 2.0743, 3.2687, 2.1526,
                 2.8652, 1.5579, 1.6382, 1.1253, 2.8251, 1.916],
)
TEXT_ENCODER: dict[str, Any] = dict(
    vocab_size=256384, d_model=4096, d_kv=64, d_ff=10240, num_layers=24, num_heads=64,
    relative_attention_num_buckets=32, relative_attention_max_distance=128, dropout_rate=0.1,
    layer_norm_epsilon=1e-06, feed_forward_proj="gated-gelu", is_encoder_decoder=True,
    tie_word_embeddings=False, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
)
SCHEDULER: dict[str, Any] = dict(prediction_type="flow_prediction", use_flow_sigmas=True,
                                 num_train_timesteps=1000, flow_shift=3.0)
TEXT_LAYERS = TEXT_ENCODER["num_layers"]
_FILL_BLOCK = 1 << 24  # elements drawn at a time when filling a weight


@contextlib.contextmanager
def _built_fast(dtype: Any):
    """Build modules directly in ``dtype`` (a float32 copy first would double the peak) and
    without their per-layer initialisers: torch's ``kaiming_uniform_`` over 3.5 billion
    bfloat16 parameters takes minutes on two cores. `_fill` then gives every tensor a value."""
    import torch
    from transformers.initialization import no_init_weights

    before = torch.get_default_dtype()
    saved = {n: getattr(torch.nn.init, n) for n in dir(torch.nn.init)
             if n.endswith("_") and not n.startswith("_")}
    torch.set_default_dtype(dtype)
    for name in saved:
        setattr(torch.nn.init, name, lambda tensor, *a, **k: tensor)
    try:
        with no_init_weights():
            yield
    finally:
        for name, fn in saved.items():
            setattr(torch.nn.init, name, fn)
        torch.set_default_dtype(before)


def _fill(module: Any, seed: int) -> None:
    """Seeded values for an uninitialised module, in the scale its own initialisers give:
    matrices and kernels N(0, 1/fan_in), embeddings N(0, 1), 1-D scales one, biases zero."""
    import torch

    gen = torch.Generator().manual_seed(seed)
    tables = {id(m.weight) for m in module.modules() if isinstance(m, torch.nn.Embedding)}
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.ndim >= 2:
                std = 1.0 if id(p) in tables else p[0].numel() ** -0.5
                flat = p.view(-1)
                for start in range(0, flat.numel(), _FILL_BLOCK):  # bounded float32 scratch
                    flat[start : start + _FILL_BLOCK].normal_(0.0, std, generator=gen)
            elif name.endswith("bias"):
                p.zero_()
            else:
                p.fill_(1.0)


def build_random_wan_vace(dtype: Any = None, text_layers: int = TEXT_LAYERS) -> Any:
    """A `WanVACEPipeline` of the published 1.3B configuration with seeded random weights: the
    transformer and text encoder in ``dtype`` (default float32), the VAE in float32 (as the
    model card advises for the real one)."""
    import torch
    from diffusers import (
        AutoencoderKLWan,
        UniPCMultistepScheduler,
        WanVACEPipeline,
        WanVACETransformer3DModel,
    )
    from transformers import UMT5Config, UMT5EncoderModel

    dtype = dtype or torch.float32
    if not 1 <= text_layers <= TEXT_LAYERS:
        raise ValueError(f"text_layers must be in 1..{TEXT_LAYERS}, got {text_layers}")
    torch.manual_seed(INIT_SEED)
    vae = AutoencoderKLWan(**VAE).eval()
    with _built_fast(dtype):
        config = UMT5Config(**{**TEXT_ENCODER, "num_layers": text_layers})
        text_encoder = UMT5EncoderModel(config).eval()
        transformer = WanVACETransformer3DModel(**TRANSFORMER).eval()
    text_encoder.tie_weights()  # skipped with the initialisers: one embedding table, not two
    _fill(text_encoder, INIT_SEED)
    _fill(transformer, INIT_SEED + 1)
    return WanVACEPipeline(
        tokenizer=t5_tokenizer(), text_encoder=text_encoder, vae=vae, transformer=transformer,
        scheduler=UniPCMultistepScheduler(**SCHEDULER), transformer_2=None,
    )


class RandomWanBackend(WanVaceBackend):
    """`wan-vace` with the real 1.3B architecture and random weights (see the module)."""

    name = "wan-vace-random"

    def __init__(self, weights: str | None = None, options: BackendOptions | None = None,
                 text_layers: int = TEXT_LAYERS) -> None:
        super().__init__(weights, options)
        self.text_layers = text_layers

    def _weights_identity(self) -> str:
        if self.weights:
            return super()._weights_identity()
        return config_identity(self.name, {
            "transformer": TRANSFORMER, "vae": VAE, "text": TEXT_ENCODER,
            "text_layers": self.text_layers, "scheduler": SCHEDULER, "seed": INIT_SEED,
        })

    def _load(self) -> Any:
        if self.weights:
            return super()._load()
        return build_random_wan_vace(self.torch_dtype(), self.text_layers)
