"""Checks of the render flags shared by `previz render` and `previz batch`, made before a scene
is read or a model loads: a billion steps, a NaN guidance, a 40-bit seed, ``--device quantum``
or a cache folder that is a file are bad input (exit 2 naming the option), not a failure an
hour later."""

from __future__ import annotations

import argparse
import os
import re

from previz.world.errors import InputError
from previz.world.limits import (
    MAX_CONDITIONING,
    MAX_GUIDANCE,
    MAX_SEED,
    MAX_SHOT_FRAMES,
    MAX_STEPS,
    check_number,
)

#: torch device strings Previz can run on.
DEVICE = re.compile(r"^(cpu|cuda|cuda:\d{1,2}|mps|xpu|xpu:\d{1,2})$")
MAX_RETRIES = 10


def _int_in(value: int | None, option: str, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise InputError(f"{option} {value}: must be from {low} to {high}")


def check_device(device: str | None) -> None:
    if device is not None and not DEVICE.match(device):
        raise InputError(f"--device {device!r}: not a torch device; use cpu, cuda, cuda:N, "
                         "mps or xpu")


def check_cache_dir(path: str | None) -> None:
    """The render cache must be a folder (or a place one can be made) that can be written."""
    if path is None:
        return
    from previz.world.outputs import check_output_folder

    check_output_folder(path, "--cache-dir")


def check_render_flags(args: argparse.Namespace) -> None:
    """Every render flag ``args`` has, against its bound (`previz.world.limits`)."""
    get = lambda name: getattr(args, name, None)  # noqa: E731 - flags differ per command
    _int_in(get("steps"), "--steps", 1, MAX_STEPS)
    _int_in(get("seed"), "--seed", 0, MAX_SEED)
    _int_in(get("chunk_frames"), "--chunk-frames", 1, MAX_SHOT_FRAMES)
    _int_in(get("overlap"), "--overlap", 0, MAX_SHOT_FRAMES)
    _int_in(get("retries"), "--retries", 0, MAX_RETRIES)
    if get("guidance") is not None:
        check_number(args.guidance, "--guidance", 0.0, MAX_GUIDANCE)
    if get("conditioning_scale") is not None:
        check_number(args.conditioning_scale, "--conditioning-scale", 0.0, MAX_CONDITIONING)
    check_device(get("device"))
    check_cache_dir(get("cache_dir") or os.environ.get("PREVIZ_CACHE_DIR") or None)
    if get("output"):
        from previz.world.outputs import check_output_folder

        check_output_folder(args.output, "-o")
