"""A backend's `cpu_threads`: torch runs with that many threads while it generates on the CPU,
and the process's setting is back afterwards, also when the generation fails."""

from __future__ import annotations

import numpy as np
import pytest

from previz.neural_render.backend import Backend, BackendOptions, ChunkRequest
from previz.neural_render.tiny_animatediff import TinyAnimateDiffBackend
from previz.neural_render.tiny_wan import TinyWanBackend

torch = pytest.importorskip("torch")


class _Pipe:
    def set_progress_bar_config(self, **kwargs) -> None:
        pass

    def to(self, device) -> _Pipe:
        return self


class _Recording(Backend):
    name = "recording"
    cpu_threads = 1

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.seen: list[int] = []
        self.fail = False

    def _load(self) -> _Pipe:
        return _Pipe()

    def _generate(self, pipe, request, on_step):  # type: ignore[no-untyped-def]
        self.seen.append(torch.get_num_threads())
        if self.fail:
            raise RuntimeError("the model failed")
        return np.zeros((1, 8, 8, 3), np.uint8)


def _request() -> ChunkRequest:
    return ChunkRequest(prompt="", negative_prompt="", controls={}, num_frames=1, width=8,
                        height=8, steps=1, guidance_scale=1.0, conditioning_scale=1.0, seed=0)


def test_cpu_threads_while_generating_and_restored_after() -> None:
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        backend = _Recording(options=BackendOptions(device="cpu"))
        backend.generate(_request())
        assert backend.seen == [1] and torch.get_num_threads() == 2
        backend.fail = True
        with pytest.raises(RuntimeError, match="failed"):
            backend.generate(_request())
        assert backend.seen == [1, 1] and torch.get_num_threads() == 2
        _Recording.cpu_threads = None  # a backend that says nothing keeps the process's
        backend.fail = False
        backend.generate(_request())
        assert backend.seen == [1, 1, 2]
    finally:
        _Recording.cpu_threads = 1
        torch.set_num_threads(before)


def test_the_tiny_backends_generate_on_one_thread() -> None:
    assert TinyWanBackend.cpu_threads == 1 and TinyAnimateDiffBackend.cpu_threads == 1
