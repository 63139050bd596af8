"""Lab 0.2 - NumPy for images.

An image in NumPy is a block of memory plus a recipe (shape, strides, dtype) for reading it.
Everything in this lab follows from that: layout conversions and flips are new recipes for
the same bytes (views), uint8 arithmetic wraps unless you widen first, and sliding windows
and integral images turn loops over pixels into a handful of array operations.

Conventions used throughout
    * single image: (H, W) grey or (H, W, C) channels-last (HWC), RGB order unless stated;
    * batch: (N, H, W, C) (NHWC); PyTorch models want (N, C, H, W) (NCHW);
    * boxes: integer (x0, y0, x1, y1), half-open: the box covers rows y0..y1-1, columns x0..x1-1.

Run ``python solution.py`` for a tour; ``cvlab check 0.2`` grades your ``lab.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: ITU-R BT.601 luma weights for (R, G, B); they sum to 1, so a grey pixel keeps its value.
BT601 = (0.299, 0.587, 0.114)
#: Per-channel mean and standard deviation of ImageNet (RGB, pixels scaled to [0, 1]),
#: the statistics every torchvision classification model was trained with.
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
#: np.pad mode names accepted by :func:`pad` and the OpenCV border type that does the same.
PAD_MODES = {
    "constant": "BORDER_CONSTANT",  # vvv|abcd|vvv
    "edge": "BORDER_REPLICATE",  # aaa|abcd|ddd
    "reflect": "BORDER_REFLECT_101",  # dcb|abcd|cba  (mirror about the edge pixel)
    "symmetric": "BORDER_REFLECT",  # cba|abcd|dcb  (mirror about the edge itself)
    "wrap": "BORDER_WRAP",  # bcd|abcd|abc  (periodic)
}


# ---------------------------------------------------------------------------------------------
# 1. Memory layout: HWC <-> CHW, NHWC <-> NCHW
# ---------------------------------------------------------------------------------------------
def convert_layout(x: np.ndarray, src: str, dst: str) -> np.ndarray:
    """Reorder the axes of ``x`` from layout ``src`` to layout ``dst``.

    A layout is a string with one distinct letter per axis, e.g. ``"HWC"``, ``"CHW"``,
    ``"NHWC"``, ``"NCHW"``. Output axis i is input axis ``src.index(dst[i])``, so::

        out[n, c, h, w] == x[n, h, w, c]        for src="NHWC", dst="NCHW"

    ``np.transpose`` alone only permutes the strides (a view whose memory order no longer
    matches its shape). Models, ``torch.from_numpy(...).view`` and most OpenCV calls want
    the bytes in the new order, so the result is C-contiguous (one copy, unless ``x``
    already has that layout).
    """
    # BEGIN REGION layout: Permute the axes of x from layout `src` to layout `dst` (strings of axis
    # | letters such as "HWC", "CHW", "NHWC", "NCHW"; out axis i is the src axis named dst[i]).
    # | Raise ValueError unless src has one distinct letter per dimension of x and dst uses the
    # | same letters. Return a C-contiguous array (the values in the new order, not just a view).
    if len(src) != x.ndim or len(set(src)) != len(src) or sorted(src) != sorted(dst):
        raise ValueError(f"cannot convert layout {src!r} -> {dst!r} for an array with shape {x.shape}")
    axes = [src.index(letter) for letter in dst]  # e.g. NHWC -> NCHW: [0, 3, 1, 2]
    return np.ascontiguousarray(x.transpose(axes))
    # END REGION layout


# ---------------------------------------------------------------------------------------------
# 2. dtypes: saturating arithmetic, per-image parameters by broadcasting
# ---------------------------------------------------------------------------------------------
def adjust(
    images: np.ndarray,
    contrast: float | Sequence[float] | np.ndarray = 1.0,
    brightness: float | Sequence[float] | np.ndarray = 0.0,
) -> np.ndarray:
    """Contrast/brightness with saturation: ``out = saturate(round(contrast * x + brightness))``.

    ``saturate`` clips to [0, 255] and casts to uint8: 250 + 10 is 255, not 4 (what uint8
    arithmetic gives, modulo 256). This is OpenCV's ``saturate_cast``, so with a scalar
    contrast ``a`` and brightness ``b`` the result equals ``cv2.addWeighted(x, a, 0, 0, b)``
    up to the rounding of a tie.

    images: (H, W[, C]) one image or (N, H, W[, C]) a batch, any real dtype.
    contrast, brightness: scalars (same for every pixel) or 1-D arrays of length N, one value
    per image. A (N,) array is reshaped to (N, 1, 1, 1) so broadcasting pairs it with axis 0;
    left as (N,) it would be aligned with the LAST axis (channels) instead.
    """
    # BEGIN REGION adjust: Return uint8 saturate(round(contrast * images + brightness)): compute in
    # | float32, round with np.rint, clip to [0, 255], then cast (never let uint8 wrap around).
    # | contrast and brightness are scalars or 1-D arrays with one value per image (length
    # | N = images.shape[0]); make them broadcast along axis 0, not along the channel axis.
    x = images.astype(np.float32)

    def per_image(v: float | Sequence[float] | np.ndarray) -> np.ndarray:
        v = np.asarray(v, dtype=np.float32)
        return v.reshape(v.shape + (1,) * (x.ndim - v.ndim))  # (N,) -> (N, 1, 1, 1); () -> (1, 1, 1, 1)

    y = per_image(contrast) * x + per_image(brightness)  # (N, 1, 1, 1) * (N, H, W, C) -> (N, H, W, C)
    return np.clip(np.rint(y), 0, 255).astype(np.uint8)
    # END REGION adjust


# ---------------------------------------------------------------------------------------------
# 3. Colour: RGB/BGR -> grey
# ---------------------------------------------------------------------------------------------
def to_gray(img: np.ndarray, order: str = "RGB") -> np.ndarray:
    """Luma ``Y = 0.299 R + 0.587 G + 0.114 B`` (ITU-R BT.601), as float32 without rounding.

    ``order`` says how the channels are stored: ``"RGB"`` (scikit-image, PIL, matplotlib,
    torchvision) or ``"BGR"`` (everything ``cv2.imread`` returns). Works on any leading
    shape: (H, W, 3) -> (H, W), (N, H, W, 3) -> (N, H, W).
    """
    # BEGIN REGION gray: Weighted sum over the last axis with the BT.601 weights (R 0.299, G 0.587,
    # | B 0.114), where `order` ("RGB" or "BGR") says which channel is which; raise ValueError for
    # | another order or if the last axis is not 3. Input (..., 3) of any real dtype; return
    # | float32 of shape (...), not rounded or clipped.
    if order not in ("RGB", "BGR"):
        raise ValueError(f"order must be 'RGB' or 'BGR', got {order!r}")
    if img.shape[-1:] != (3,):
        raise ValueError(f"expected (..., 3) channels-last colour input, got shape {img.shape}")
    weights = np.array(BT601 if order == "RGB" else BT601[::-1], dtype=np.float32)
    return img.astype(np.float32) @ weights  # (..., 3) @ (3,) -> (...)
    # END REGION gray


# ---------------------------------------------------------------------------------------------
# 4. Model input: per-channel normalisation and its inverse
# ---------------------------------------------------------------------------------------------
def normalize(img: np.ndarray, mean: Sequence[float] | np.ndarray, std: Sequence[float] | np.ndarray) -> np.ndarray:
    """Per-channel standardisation of a channels-last image or batch: ``(x - mean[c]) / std[c]``.

    uint8 input is first scaled to [0, 1] (divide by 255, as ``ToTensor`` does), so ImageNet
    statistics apply; float input is used as it is. ``mean`` and ``std`` have one entry per
    channel (the last axis) and broadcast over every other axis: (..., C) - (C,) -> (..., C).
    Returns float32 (NumPy would otherwise promote to float64 and double every byte).
    """
    # BEGIN REGION normalize: Return float32 (x - mean[c]) / std[c] for a channels-last (..., C) image
    # | or batch. uint8 input: scale to [0, 1] first (x / 255); float input: use as is. mean and std
    # | hold one value per channel (raise ValueError unless both have length C). Keep float32.
    x = img.astype(np.float32)
    if img.dtype == np.uint8:
        x /= np.float32(255.0)
    m = np.asarray(mean, dtype=np.float32)
    s = np.asarray(std, dtype=np.float32)
    if m.shape != (x.shape[-1],) or s.shape != (x.shape[-1],):
        raise ValueError(f"mean {m.shape} and std {s.shape} need one value per channel ({x.shape[-1]})")
    return (x - m) / s  # (..., C) - (C,) broadcasts over the last axis
    # END REGION normalize


def denormalize(x: np.ndarray, mean: Sequence[float] | np.ndarray, std: Sequence[float] | np.ndarray) -> np.ndarray:
    """Inverse of :func:`normalize` for uint8 images: ``saturate(round(255 * (x * std + mean)))``.

    Provided (it reuses two of your regions). The trick: normalising with
    ``mean' = -mean / std`` and ``std' = 1 / std`` computes ``(x + mean / std) * std =
    x * std + mean``, which is how a torchvision ``Normalize`` is undone for display.
    """
    m = np.asarray(mean, dtype=np.float32)
    s = np.asarray(std, dtype=np.float32)
    unit = normalize(x.astype(np.float32), -m / s, 1.0 / s)  # (..., C) back in [0, 1]
    return adjust(unit, contrast=255.0)  # [0, 1] float -> uint8: scale, round, saturate


# ---------------------------------------------------------------------------------------------
# 5. Borders and orientation
# ---------------------------------------------------------------------------------------------
def pad(
    img: np.ndarray,
    width: int | tuple[int, int, int, int],
    mode: str = "constant",
    value: float | Sequence[float] = 0,
) -> np.ndarray:
    """Pad the two spatial axes of (H, W) or (H, W, C) like ``np.pad`` / ``cv2.copyMakeBorder``.

    ``width`` is one int for all four sides or ``(top, bottom, left, right)`` (OpenCV's
    argument order). ``mode`` is a NumPy name; :data:`PAD_MODES` gives the OpenCV twin.
    Beware the names: NumPy ``"reflect"`` (``dcb|abcd``) is OpenCV ``BORDER_REFLECT_101``,
    while OpenCV ``BORDER_REFLECT`` (``cba|abcd``) is NumPy ``"symmetric"``.

    Every non-constant mode is a map from an output coordinate i (which may lie outside
    [0, n)) to a source coordinate in [0, n); padding any width is a gather with that map.
    """
    # BEGIN REGION pad: Return img padded by width = int or (top, bottom, left, right) on axes 0 and 1,
    # | same dtype. Modes: "constant" (fill with `value`, a scalar or one value per channel),
    # | "edge", "reflect" (dcb|abcd|cba), "symmetric" (cba|abcd|dcb), "wrap" (bcd|abcd|abc); results
    # | must equal np.pad for every width, also widths larger than the image. Raise ValueError for
    # | negative widths, an unknown mode, or a non-constant mode on an empty axis with width > 0.
    top, bottom, left, right = (width,) * 4 if isinstance(width, (int, np.integer)) else width
    if min(top, bottom, left, right) < 0:
        raise ValueError(f"pad widths must be >= 0, got {width}")
    if mode not in PAD_MODES:
        raise ValueError(f"unknown mode {mode!r}; use one of {sorted(PAD_MODES)}")
    H, W = img.shape[:2]
    if mode == "constant":
        out = np.empty((H + top + bottom, W + left + right) + img.shape[2:], dtype=img.dtype)
        out[...] = np.asarray(value, dtype=img.dtype)  # scalar, or (C,) broadcast over the pixels
        out[top : top + H, left : left + W] = img
        return out

    def source_index(n: int, before: int, after: int) -> np.ndarray:
        """Output coordinates -before .. n+after-1 mapped into [0, n)."""
        i = np.arange(-before, n + after)
        if n == 0:
            if i.size:
                raise ValueError(f"cannot {mode}-pad an empty axis")
            return i
        if mode == "edge":
            return np.clip(i, 0, n - 1)
        if mode == "wrap":
            return i % n  # Python/NumPy % is never negative for n > 0
        if mode == "symmetric":  # period 2n: a b c d | d c b a | a b ...
            j = i % (2 * n)
            return np.where(j < n, j, 2 * n - 1 - j)
        if n == 1:  # reflect: a single pixel mirrors onto itself
            return np.zeros_like(i)
        p = 2 * (n - 1)  # reflect, period 2(n-1): a b c d | c b | a b ...
        j = i % p
        return np.where(j < n, j, p - j)

    rows = source_index(H, top, bottom)  # (H',)
    cols = source_index(W, left, right)  # (W',)
    # Two 1-D gathers (rows, then columns) are ~4x faster than one 2-D fancy index
    # img[rows[:, None], cols[None, :]], which computes an address per output pixel.
    return img.take(rows, axis=0).take(cols, axis=1)  # (H', W[, C]) -> (H', W'[, C])
    # END REGION pad


def dihedral(img: np.ndarray, k: int = 0, flip: bool = False) -> np.ndarray:
    """One of the 8 symmetries of a square, on the spatial axes of (H, W) or (H, W, C).

    First mirror left-right if ``flip`` (``cv2.flip(img, 1)``), then rotate counter-clockwise
    by ``k * 90`` degrees (``np.rot90(img, k)``; k=-1 is ``cv2.ROTATE_90_CLOCKWISE``). These 8
    are the classic test-time augmentations. All of them are views: a flip is a negative
    stride, a 90-degree rotation is a transpose (swap two strides) plus a flip, so nothing
    is copied.
    """
    # BEGIN REGION dihedral: Mirror left-right if `flip`, then rotate counter-clockwise by k * 90 degrees
    # | (any integer k; negative k turns clockwise). Act on axes 0 and 1 only: channels stay last,
    # | (H, W, C) becomes (W, H, C) for odd k. Return a view of img (slicing with negative steps
    # | and swapaxes), never a copy.
    out = img[:, ::-1] if flip else img
    k %= 4
    if k == 1:  # new row r is old column W-1-r
        out = out.swapaxes(0, 1)[::-1]
    elif k == 2:
        out = out[::-1, ::-1]
    elif k == 3:  # new column c is old row H-1-c
        out = out.swapaxes(0, 1)[:, ::-1]
    return out
    # END REGION dihedral


def center_crop(img: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The central (h, w) window of an (H, W[, C]) image, as a view (provided).

    When H - h is odd the extra row is dropped at the bottom (``top = (H - h) // 2``), the
    same rule as torchvision's ``center_crop`` up to its rounding of .5.
    """
    h, w = size
    H, W = img.shape[:2]
    if not (0 < h <= H and 0 < w <= W):
        raise ValueError(f"crop {size} does not fit in an image of size {(H, W)}")
    top, left = (H - h) // 2, (W - w) // 2
    return img[top : top + h, left : left + w]


# ---------------------------------------------------------------------------------------------
# 6. Strides: sliding windows as a view
# ---------------------------------------------------------------------------------------------
def sliding_windows(img: np.ndarray, window: tuple[int, int], step: int | tuple[int, int] = 1) -> np.ndarray:
    """Every (wh, ww) window of an (H, W[, C]) image, as a read-only view (no pixel is copied).

    With steps (sy, sx): out has shape (nY, nX, wh, ww[, C]), nY = (H - wh) // sy + 1,
    nX = (W - ww) // sx + 1, and ``out[i, j] == img[i*sy : i*sy+wh, j*sx : j*sx+ww]``.

    If img has strides (s0, s1[, s2]) in bytes, moving one window down moves sy rows, so
    the view's strides are (sy*s0, sx*s1, s0, s1[, s2]). ``as_strided`` trusts whatever
    it is given: a wrong stride reads memory outside the image without any error.
    """
    # BEGIN REGION windows: Build the view with np.lib.stride_tricks.as_strided: shape
    # | (nY, nX, wh, ww, *img.shape[2:]) with nY = (H - wh) // sy + 1, nX = (W - ww) // sx + 1, strides
    # | derived from img.strides (img may be a non-contiguous view), writeable=False. step is an int
    # | or (sy, sx). Raise ValueError if the window does not fit in the image or a size/step is < 1.
    wh, ww = window
    sy, sx = (step, step) if isinstance(step, (int, np.integer)) else step
    H, W = img.shape[:2]
    if min(wh, ww, sy, sx) < 1 or wh > H or ww > W:
        raise ValueError(f"window {window} with step {step} does not fit an image of size {(H, W)}")
    s0, s1 = img.strides[:2]  # bytes to the next row / column, whatever the memory order
    shape = ((H - wh) // sy + 1, (W - ww) // sx + 1, wh, ww) + img.shape[2:]
    strides = (sy * s0, sx * s1, s0, s1) + img.strides[2:]
    return np.lib.stride_tricks.as_strided(img, shape=shape, strides=strides, writeable=False)
    # END REGION windows


# ---------------------------------------------------------------------------------------------
# 7. Integral image and O(1) box sums
# ---------------------------------------------------------------------------------------------
def integral_image(img: np.ndarray) -> np.ndarray:
    """Summed-area table with a zero first row and column: ``ii[y, x] = sum(img[:y, :x])``.

    img (H, W) or (H, W, C) -> (H + 1, W + 1[, C]), summed per channel (as ``cv2.integral``).
    int64 for integer or bool input (exact; int32 overflows near 4K x 255), float64 for float
    input (float32 stops counting exactly at 2**24, i.e. a 256x256 bright image).
    """
    # BEGIN REGION integral: Return ii of shape (H + 1, W + 1, *img.shape[2:]) with ii[y, x] = sum of
    # | img[:y, :x] per channel, so row 0 and column 0 are zero. dtype: int64 for integer/bool input,
    # | float64 for float input; accumulate in that dtype (not in uint8, not in float32).
    acc = np.float64 if np.issubdtype(img.dtype, np.floating) else np.int64
    H, W = img.shape[:2]
    ii = np.zeros((H + 1, W + 1) + img.shape[2:], dtype=acc)
    # Running sums down the rows, then across the columns. (NumPy's cumsum along axis 0 walks
    # memory with a whole-row stride and is the slow half; README section 11 has the numbers.)
    ii[1:, 1:] = img.cumsum(axis=0, dtype=acc).cumsum(axis=1)
    return ii
    # END REGION integral


def box_sums(ii: np.ndarray, boxes: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
    """Sums of K boxes at once from an integral image, four lookups per box.

    ii: (H + 1, W + 1[, C]) from :func:`integral_image` (or ``cv2.integral``).
    boxes: (K, 4) integers (x0, y0, x1, y1), half-open, 0 <= x0 <= x1 <= W, 0 <= y0 <= y1 <= H.
    By inclusion-exclusion, ``sum(img[y0:y1, x0:x1]) = ii[y1,x1] - ii[y0,x1] - ii[y1,x0] + ii[y0,x0]``.
    Returns (K[, C]) in ii's dtype; an empty box (x0 == x1 or y0 == y1) sums to 0.
    """
    # BEGIN REGION boxsum: For boxes (K, 4) = (x0, y0, x1, y1), half-open, return the K sums of
    # | img[y0:y1, x0:x1] (shape (K, *ii.shape[2:]), ii's dtype) with four vectorised lookups per box,
    # | no Python loop. Raise ValueError unless 0 <= x0 <= x1 <= W and 0 <= y0 <= y1 <= H for every
    # | box (a negative index would silently wrap around). K = 0 gives an empty result.
    b = np.asarray(boxes, dtype=np.intp).reshape(-1, 4)
    x0, y0, x1, y1 = b.T  # each (K,)
    H, W = ii.shape[0] - 1, ii.shape[1] - 1
    if b.size and not ((0 <= x0) & (x0 <= x1) & (x1 <= W) & (0 <= y0) & (y0 <= y1) & (y1 <= H)).all():
        raise ValueError(f"boxes must satisfy 0 <= x0 <= x1 <= {W} and 0 <= y0 <= y1 <= {H}")
    return ii[y1, x1] - ii[y0, x1] - ii[y1, x0] + ii[y0, x0]  # (K[, C])
    # END REGION boxsum


if __name__ == "__main__":
    from cvlab import data

    np.set_printoptions(linewidth=110)
    img = data.skimage_image("astronaut")  # (512, 512, 3) uint8, RGB
    print(f"astronaut: shape {img.shape}, dtype {img.dtype}, strides {img.strides} bytes")

    chw = convert_layout(img, "HWC", "CHW")
    print(f"HWC -> CHW: shape {chw.shape}, strides {chw.strides}, C-contiguous {chw.flags.c_contiguous}")

    levels = np.array([100, 150, 156, 200, 250], dtype=np.uint8)
    print(f"levels                  {levels}")
    print(f"uint8 + 100 wraps:      {levels + np.uint8(100)}")
    print(f"adjust(+100) saturates: {adjust(levels, brightness=100)}")

    gray = to_gray(img)
    print(f"grey: {gray.shape} {gray.dtype}, range [{gray.min():.1f}, {gray.max():.1f}]")

    x = normalize(img, IMAGENET_MEAN, IMAGENET_STD)
    print(f"ImageNet-normalised per-channel mean {x.mean(axis=(0, 1)).round(3)}, std {x.std(axis=(0, 1)).round(3)}")
    print(f"denormalize(normalize(img)) == img: {np.array_equal(denormalize(x, IMAGENET_MEAN, IMAGENET_STD), img)}")

    row = np.arange(1, 5, dtype=np.uint8)[None]  # [[1 2 3 4]]
    for mode, cv2_name in PAD_MODES.items():
        print(f"pad {mode:9s} ({cv2_name:18s}): {pad(row, (0, 0, 3, 3), mode)[0]}")

    rot = dihedral(img, k=1)
    print(f"dihedral(k=1): shape {rot.shape}, strides {rot.strides}, a view: {np.shares_memory(rot, img)}")

    win = sliding_windows(gray, (32, 32), step=16)
    print(f"32x32 windows, step 16: {win.shape}, strides {win.strides}, a view: {np.shares_memory(win, gray)}")

    ii = integral_image(img)
    boxes = np.array([[0, 0, 512, 512], [100, 50, 140, 90], [7, 7, 7, 300]])
    print(f"box sums via integral image:\n{box_sums(ii, boxes)}")
    print(f"same by slicing:\n{np.array([img[y0:y1, x0:x1].sum(axis=(0, 1)) for x0, y0, x1, y1 in boxes])}")
