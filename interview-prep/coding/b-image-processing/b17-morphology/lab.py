"""b17 - Erode, dilate, open, close.

Binary and grey-level morphology with an arbitrary structuring element (SE), using OpenCV's
conventions: the SE is anchored at its centre (kh // 2, kw // 2), it is NOT reflected for
dilation, and pixels outside the image are ignored (never win a min or a max).
"""

from __future__ import annotations

import numpy as np

_OPS = ("erode", "dilate", "open", "close")


def _extreme(dtype: np.dtype, largest: bool):
    """The value that can never win a min (largest=True) or a max (largest=False) in dtype."""
    if dtype == np.bool_:
        return largest
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return info.max if largest else info.min
    return np.inf if largest else -np.inf


def morph(image: np.ndarray, se: np.ndarray, op: str) -> np.ndarray:
    """Morphological ``op`` of a 2-D image with structuring element ``se`` (kh, kw).

    Neighbourhood of p = (y, x):  N(p) = { (y + i - ay, x + j - ax) : se[i, j] != 0 },
    with anchor (ay, ax) = (kh // 2, kw // 2), restricted to pixels inside the image.

        erode(I)[p]  = min over N(p) of I          dilate(I)[p] = max over N(p) of I
        open(I)      = dilate(erode(I))            close(I)     = erode(dilate(I))

    Opening removes bright details smaller than the SE, closing fills dark ones. Works for
    bool (binary: min = AND, max = OR), integer and float images; the output keeps the dtype.
    Implementation: pad once with the neutral value, then a running min / max over one
    shifted view per SE element (a loop over the kh·kw offsets, not over pixels).
    """
    # TODO(solve): Return op(image) for op in {"erode", "dilate", "open", "close"}; same shape and dtype as image.
    # | Neighbourhood of (y, x): pixels (y + i - kh//2, x + j - kw//2) for every se[i, j] != 0 (no SE reflection,
    # | as cv2); pixels outside the image are ignored. open = dilate(erode), close = erode(dilate).
    # | Works for bool, integer and float images. ValueError: image or se not 2-D, se with no non-zero
    # | element, unknown op.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    img = np.array(
        [
            [0, 0, 0, 0, 0, 0],
            [0, 1, 1, 1, 0, 0],
            [0, 1, 1, 1, 0, 1],
            [0, 1, 1, 1, 0, 0],
            [0, 0, 0, 0, 0, 0],
        ],
        dtype=np.uint8,
    )
    cross = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=np.uint8)
    for op in _OPS:
        print(f"morph(img, cross, {op!r}) =\n{morph(img, cross, op)}")
