"""Seeds: one per chunk, derived from the shot seed, so a chunk's noise does not depend on how many
chunks came before it or on any global random state; and one *family* per entity, so a
character keeps its look from shot to shot.

Each entity visible in a shot gets its own seed, derived from its id and its appearance (not
from the shot): wherever the entity is on screen, the initial noise is drawn from that seed,
the rest of the frame from the chunk's seed. Two shots of one scene that show the same
character then start its pixels from the same noise field (same place on screen, same values),
which is what keeps a random-seeded diffusion model's choice of face, colours and clothes the
same across cuts; changing the appearance text starts a new family.

``torch`` is imported inside the functions that need it, so this module stays importable
without it.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np


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


def entity_seed(entity_id: str, appearance: str = "") -> int:
    """The seed family of an entity: 63 bits of SHA-256 of its id and appearance."""
    text = f"previz-entity/{entity_id}/{appearance.strip()}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") & ((1 << 63) - 1)


def entity_chunk_seed(family: int, chunk_index: int) -> int:
    """An entity's seed for one chunk of a shot (chunk 0 of every shot shares it)."""
    return chunk_seed(family, chunk_index)


def latent_masks(masks: dict[str, np.ndarray], latent_frames: int, latent_h: int, latent_w: int,
                 temporal: int) -> dict[str, np.ndarray]:
    """Per-entity pixel masks ``(T, h, w) bool`` on the latent grid ``(latent_frames, lh, lw)``:
    latent frame k covers frames ``temporal*(k-1)+1 .. temporal*k`` (frame 0 alone for k = 0,
    as the Wan VAE packs them; ``temporal`` 1: one frame each); a latent cell belongs to an
    entity when at least half of its pixels in those frames do."""
    out: dict[str, np.ndarray] = {}
    for eid, m in masks.items():
        t, h, w = m.shape
        if h % latent_h or w % latent_w:
            raise ValueError(f"mask {w}x{h} is not a whole number of {latent_w}x{latent_h} cells")
        grid = np.zeros((latent_frames, latent_h, latent_w), bool)
        for k in range(latent_frames):
            lo = 0 if k == 0 else min(t - 1, temporal * (k - 1) + 1)
            hi = max(lo + 1, min(t, 1 if k == 0 else temporal * k + 1))
            share = m[lo:hi].astype(np.float64).mean(axis=0)
            cells = share.reshape(latent_h, h // latent_h, latent_w, w // latent_w).mean((1, 3))
            grid[k] = cells >= 0.5
        if grid.any():
            out[eid] = grid
    return out


def initial_noise(shape: tuple[int, ...], seed: int, regions: dict[str, np.ndarray],
                  seeds: dict[str, int], device: Any, lead: int = 0) -> Any:
    """Initial latents ``(1, C, lead + F, h, w)`` float32: the chunk's noise, and in each
    entity's region (``regions[eid]`` ``(F, h, w) bool`` on the latent grid) the noise of
    that entity's seed. ``lead`` latent frames before the video's (VACE's reference images)
    keep the chunk's noise."""
    import torch

    noise = torch.randn(shape, generator=generator(seed, device), device=device,
                        dtype=torch.float32)
    for eid in sorted(regions):
        own = torch.randn(shape, generator=generator(seeds[eid], device), device=device,
                          dtype=torch.float32)
        where = torch.from_numpy(regions[eid]).to(device)[None, None]
        video = noise[:, :, lead:]
        video[...] = torch.where(where, own[:, :, lead:], video)
    return noise
