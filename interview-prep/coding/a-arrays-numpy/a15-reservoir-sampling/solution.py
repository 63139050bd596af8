"""a15 - Reservoir sampling from a stream of unknown length (Algorithm R).

Keep a uniform random sample of k items from a stream you can read only once and whose
length you do not know: every item ends up in the sample with probability k / n, using O(k)
memory. The randomness comes from a NumPy Generator passed in, so runs are reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np


def reservoir_sample(stream: Iterable[Any], k: int, rng: np.random.Generator) -> list[Any]:
    """Uniform sample of k items of ``stream`` without replacement (Vitter's Algorithm R).

    Fill the reservoir with the first k items. Item i (0-based, i >= k) replaces a uniformly
    chosen slot with probability k / (i + 1):  j ~ Uniform{0, ..., i};  if j < k: R[j] = item.
    Induction: after item i, every item seen so far is in R with probability k / (i + 1).
    """
    # BEGIN REGION solve: Return a list of min(k, n) items of `stream` (read once, length unknown), each n-subset equally likely.
    # | Every item must end up in the result with probability k / n. Use only `rng` (a np.random.Generator) for randomness,
    # | O(k) memory (do not store the stream). If the stream has n <= k items return all of them in stream order.
    # | k == 0 returns []. Raise ValueError if k < 0.
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    reservoir: list[Any] = []
    for i, item in enumerate(stream):  # one pass; a loop over stream items is the algorithm
        if i < k:
            reservoir.append(item)
        else:
            j = int(rng.integers(0, i + 1))  # uniform over the i + 1 items seen so far (inclusive)
            if j < k:
                reservoir[j] = item
    return reservoir
    # END REGION solve


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    print("reservoir_sample(range(1_000_000), 5) =", reservoir_sample(iter(range(1_000_000)), 5, rng))
    counts = np.zeros(10, int)
    for _ in range(5000):
        counts[reservoir_sample(iter(range(10)), 3, rng)] += 1
    print("inclusion counts over 5000 runs of k=3 from range(10) (expected 1500 each):", counts.tolist())
