"""The backends, by name. Light: nothing here imports torch; a backend's module (which does) is
imported only when it is built."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from previz.world import DEFAULT_BACKEND  # noqa: F401  (re-exported; its home is the World)
from previz.world.errors import InputError

if TYPE_CHECKING:
    from .backend import Backend, BackendOptions

#: name → "module:class" in this package; one module per backend.
BACKENDS: dict[str, str] = {
    "wan-vace": "wan_vace:WanVaceBackend",
    "animatediff-controlnet": "animatediff_controlnet:AnimateDiffControlNetBackend",
    "tiny-wan": "tiny_wan:TinyWanBackend",
    "tiny-animatediff": "tiny_animatediff:TinyAnimateDiffBackend",
    "wan-vace-random": "wan_random:RandomWanBackend",
}


def backend_names() -> list[str]:
    return sorted(BACKENDS)


def check_backend(name: str) -> str:
    if name not in BACKENDS:
        raise InputError(f"unknown backend {name!r}: expected one of {', '.join(backend_names())}")
    return name


def backend_class(name: str) -> type[Backend]:
    module, cls = BACKENDS[check_backend(name)].split(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), cls)


def create_backend(name: str, weights: str | None = None,
                   options: BackendOptions | None = None) -> Backend:
    """A backend instance; the model is loaded on first use (or by ``.load()``)."""
    from .backend import BackendOptions

    return backend_class(name)(weights=weights, options=options or BackendOptions())
