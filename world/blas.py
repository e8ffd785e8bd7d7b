"""numpy's BLAS on one thread for a block of small matrix products.

OpenBLAS splits a product's rows between its own threads, which wait for work by spinning. Where
our code already keeps the cores busy (the passes' main and writer threads) or where the products
are small and many (the camera solver's rays, offsets and transforms), those threads only take CPU
from the work: measured on two cores, the camera solve spent about twice its wall time in CPU with
two BLAS threads and the same wall time with one. Each row is still summed by the same kernel, so
the results are the same floats either way.

numpy has no runtime switch for this; threadpoolctl is the maintained one. It looks the loaded
BLAS libraries up on each call (about 0.5 ms: numpy's and scipy's own OpenBLAS, whichever are
loaded by then), which the blocks it guards (a camera solve, a shot's passes) dwarf.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's (and scipy's) BLAS limited to one thread inside the block, as before after it."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
