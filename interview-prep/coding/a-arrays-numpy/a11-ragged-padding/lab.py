"""a11 - Ragged batch padding and masks.

B sequences of different lengths (token lists, point clouds, detections per image, track
histories) become one dense (B, Lmax, ...) array plus a boolean mask of the real entries,
padded on the right (usual) or the left (decoder-only models, causal history); and back.
"""

from __future__ import annotations

import numpy as np


def pad_batch(seqs: list[np.ndarray], side: str = "right", pad_value: float = 0) -> tuple[np.ndarray, np.ndarray]:
    """Stack sequences seqs[b] of shape (L_b, *F) into padded (B, Lmax, *F) and mask (B, Lmax).

    right: padded[b, :L_b] = seqs[b];  left: padded[b, Lmax - L_b:] = seqs[b];  elsewhere pad_value.
    mask[b, t] is True exactly where padded[b, t] holds a real element.
    """
    # TODO(pad): Return (padded, mask): padded (B, Lmax, *F) in the common dtype of the inputs, mask (B, Lmax) bool, True = real.
    # | seqs is a non-empty list of arrays (L_b, *F) with the same trailing shape F (L_b may be 0). side="right" puts
    # | seqs[b] at the start of row b, side="left" at the end; other positions hold pad_value.
    # | Raise ValueError for an empty list, trailing shapes that differ, 0-d arrays, or a side other than "left"/"right".
    raise NotImplementedError("TODO(pad): write this region")


def unpad(padded: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
    """Inverse of pad_batch: [padded[b][mask[b]] for each b], for either padding side."""
    # TODO(unpad): Return the list of B arrays padded[b][mask[b]] (shape (L_b, *F)), for masks from either padding side.
    # | Raise ValueError if mask is not boolean or mask.shape != padded.shape[:2].
    raise NotImplementedError("TODO(unpad): write this region")


if __name__ == "__main__":
    seqs = [np.array([[1, 1]]), np.array([[2, 2], [3, 3], [4, 4]]), np.zeros((0, 2), dtype=int)]
    for side in ("right", "left"):
        p, m = pad_batch(seqs, side=side, pad_value=-1)
        print(f"side={side}: padded[..., 0] =\n{p[..., 0]}\nmask =\n{m}")
    print("unpad round trip lengths:", [len(s) for s in unpad(*pad_batch(seqs))])
