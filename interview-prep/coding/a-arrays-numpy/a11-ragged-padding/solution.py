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
    # BEGIN REGION pad: Return (padded, mask): padded (B, Lmax, *F) in the common dtype of the inputs, mask (B, Lmax) bool, True = real.
    # | seqs is a non-empty list of arrays (L_b, *F) with the same trailing shape F (L_b may be 0). side="right" puts
    # | seqs[b] at the start of row b, side="left" at the end; other positions hold pad_value.
    # | Raise ValueError for an empty list, trailing shapes that differ, 0-d arrays, or a side other than "left"/"right".
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right', got {side!r}")
    if len(seqs) == 0:
        raise ValueError("cannot pad an empty batch: the feature shape is unknown")
    seqs = [np.asarray(s) for s in seqs]
    if any(s.ndim == 0 for s in seqs) or len({s.shape[1:] for s in seqs}) != 1:
        raise ValueError(f"sequences must share the trailing shape, got {[s.shape for s in seqs]}")
    lengths = np.array([len(s) for s in seqs])  # (B,)
    b, lmax = len(seqs), int(lengths.max())
    dtype = np.result_type(*seqs)
    padded = np.full((b, lmax) + seqs[0].shape[1:], pad_value, dtype=dtype)
    # The mask first: position t of row b is real iff t < L_b (right) or t >= Lmax - L_b (left).
    t = np.arange(lmax)[None, :]  # (1, Lmax)
    mask = t < lengths[:, None] if side == "right" else t >= (lmax - lengths)[:, None]  # (B, Lmax)
    # Boolean-mask assignment fills row-major order, which is exactly the concatenation order.
    padded[mask] = np.concatenate(seqs, axis=0)  # (sum L_b, *F) -> scattered into the mask positions
    return padded, mask
    # END REGION pad


def unpad(padded: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
    """Inverse of pad_batch: [padded[b][mask[b]] for each b], for either padding side."""
    # BEGIN REGION unpad: Return the list of B arrays padded[b][mask[b]] (shape (L_b, *F)), for masks from either padding side.
    # | Raise ValueError if mask is not boolean or mask.shape != padded.shape[:2].
    padded, mask = np.asarray(padded), np.asarray(mask)
    if mask.dtype != bool or padded.ndim < 2 or mask.shape != padded.shape[:2]:
        raise ValueError(f"expected a bool mask of shape padded.shape[:2], got {mask.dtype} {mask.shape} for {padded.shape}")
    flat = padded[mask]  # (sum L_b, *F) in row order
    ends = np.cumsum(mask.sum(axis=1))[:-1]  # split points between rows
    return np.split(flat, ends, axis=0)
    # END REGION unpad


if __name__ == "__main__":
    seqs = [np.array([[1, 1]]), np.array([[2, 2], [3, 3], [4, 4]]), np.zeros((0, 2), dtype=int)]
    for side in ("right", "left"):
        p, m = pad_batch(seqs, side=side, pad_value=-1)
        print(f"side={side}: padded[..., 0] =\n{p[..., 0]}\nmask =\n{m}")
    print("unpad round trip lengths:", [len(s) for s in unpad(*pad_batch(seqs))])
