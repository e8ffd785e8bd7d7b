"""previz.neural_render — condition passes in, video out, in the calling Python process.

Light to import: torch and diffusers are imported only when a backend loads its model. Start with
`render_shot` or a `Renderer`; backends are listed in `registry.BACKENDS`.
"""

from .backend import BackendOptions, RenderCancelled
from .passes import CONTROL_FOLDERS, Passes, load_passes
from .registry import BACKENDS, DEFAULT_BACKEND, backend_names, create_backend
from .renderer import Renderer, RenderOptions, RenderResult, render_shot

__all__ = [
    "BACKENDS",
    "CONTROL_FOLDERS",
    "DEFAULT_BACKEND",
    "BackendOptions",
    "Passes",
    "RenderCancelled",
    "RenderOptions",
    "RenderResult",
    "Renderer",
    "backend_names",
    "create_backend",
    "load_passes",
    "render_shot",
]
