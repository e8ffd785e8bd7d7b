"""`one_blas_thread` limits numpy's BLAS to one thread inside the block and gives the count back
after it; the camera solve runs under it."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from previz.world.blas import one_blas_thread


def _blas_threads() -> list[int]:
    return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]


@pytest.fixture
def two_blas_threads():
    if not _blas_threads():
        pytest.skip("numpy has no BLAS threadpoolctl can see")
    with threadpool_limits(limits=2, user_api="blas"):
        yield


def test_one_thread_inside_and_restored_after(two_blas_threads) -> None:
    assert set(_blas_threads()) == {2}
    with one_blas_thread():
        assert set(_blas_threads()) == {1}
        a = np.arange(200 * 200, dtype=np.float64).reshape(200, 200) / 7.0
        inside = a @ a
    assert set(_blas_threads()) == {2}
    assert np.array_equal(inside, a @ a)  # the same floats with one thread or two


def test_the_camera_solve_runs_on_one_blas_thread(two_blas_threads, monkeypatch) -> None:
    import previz.skills.camera.solver as solver

    seen: list[list[int]] = []

    def spy(*args, **kwargs):
        seen.append(_blas_threads())
        return "camera", "report"

    monkeypatch.setattr(solver, "_solve", spy)
    assert solver.solve(None, None, None) == ("camera", "report")
    assert seen == [[1] * len(_blas_threads())]
    assert set(_blas_threads()) == {2}
