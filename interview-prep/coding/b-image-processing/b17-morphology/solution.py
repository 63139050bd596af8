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
    # BEGIN REGION solve: Return op(image) for op in {"erode", "dilate", "open", "close"}; same shape and dtype as image.
    # | Neighbourhood of (y, x): pixels (y + i - kh//2, x + j - kw//2) for every se[i, j] != 0 (no SE reflection,
    # | as cv2); pixels outside the image are ignored. open = dilate(erode), close = erode(dilate).
    # | Works for bool, integer and float images. ValueError: image or se not 2-D, se with no non-zero
    # | element, unknown op.
    image = np.asarray(image)
    se = np.asarray(se)
    if image.ndim != 2 or se.ndim != 2:
        raise ValueError(f"image and se must be 2-D, got {image.shape} and {se.shape}")
    if not np.any(se):
        raise ValueError("structuring element has no non-zero element")
    if op not in _OPS:
        raise ValueError(f"unknown op {op!r}, expected one of {_OPS}")
    kh, kw = se.shape
    ay, ax = kh // 2, kw // 2
    offsets = [(i - ay, j - ax) for i, j in zip(*np.nonzero(se))]  # SE elements relative to the anchor
    pad = ((ay, kh - 1 - ay), (ax, kw - 1 - ax))

    def extreme_filter(img: np.ndarray, use_min: bool) -> np.ndarray:
        h, w = img.shape
        padded = np.pad(img, pad, constant_values=_extreme(img.dtype, largest=use_min))
        reduce = np.minimum if use_min else np.maximum
        out = None
        for dy, dx in offsets:
            view = padded[ay + dy : ay + dy + h, ax + dx : ax + dx + w]  # I[y + dy, x + dx], (H, W)
            out = view.copy() if out is None else reduce(out, view, out=out)
        return out

    if op == "erode":
        return extreme_filter(image, True)
    if op == "dilate":
        return extreme_filter(image, False)
    if op == "open":
        return extreme_filter(extreme_filter(image, True), False)
    return extreme_filter(extreme_filter(image, False), True)
    # END REGION solve


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
