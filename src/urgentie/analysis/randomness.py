"""Repeatable randomness for libraries that draw from NumPy's global generator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np


@contextmanager
def seeded_global_rng(seed: int) -> Iterator[None]:
    """Seed NumPy's global generator for the duration of the block and restore it afterwards.

    mapclassify's NaturalBreaks (through scikit-learn's KMeans) and esda's global Moran's I take
    no seed of their own; this makes their results repeatable without changing the randomness
    any other code sees.
    """
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)
