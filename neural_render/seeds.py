"""Seeds: one per chunk, derived from the shot seed, so a chunk's noise does not depend on how many
chunks came before it or on any global random state.

``torch`` is imported inside `generator`, so this module stays importable without it.
"""

from __future__ import annotations

import hashlib


def chunk_seed(shot_seed: int, chunk_index: int) -> int:
    """A 63-bit seed from (shot seed, chunk index); stable across processes and platforms."""
    digest = hashlib.sha256(f"previz-render/{int(shot_seed)}/{int(chunk_index)}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & ((1 << 63) - 1)


def generator(seed: int, device: object):
    """A ``torch.Generator`` on ``device`` (the pipeline's execution device: noise drawn on the GPU
    differs from noise drawn on the CPU, so the device is part of what makes a render
    reproducible)."""
    import torch

    dev = torch.device(device)
    gen = torch.Generator(device=dev.type if dev.type != "cuda" else dev)
    return gen.manual_seed(int(seed))
