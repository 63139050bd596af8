"""Lab 1.3 - Thresholding, morphology and connected components.

The classical "segment and count" pipeline, every stage from scratch in NumPy and every stage
graded against OpenCV / scikit-image on the same input:

    grey image -> smooth -> threshold (Otsu or adaptive) -> clean up (morphology)
               -> label the blobs (connected components) -> measure them (region properties)
               -> filter by size -> count

Conventions used throughout
    * images: (H, W) uint8 grey unless stated (morphology accepts any dtype and (H, W, C));
    * binary masks: uint8 0 / 255 (what cv2.threshold returns) or anything where nonzero
      means foreground (what cv2.connectedComponents accepts);
    * structuring elements / kernels: 2-D arrays, nonzero = part of the element, anchored at
      the centre (kw // 2, kh // 2), OpenCV's default anchor;
    * label images: int32 (H, W), 0 = background, 1..n-1 = components (cv2's layout);
    * points are (x, y) = (column, row), boxes are (x, y, w, h): cv2's order.

No Python loop visits a pixel. Loops run over kernel offsets (O(k^2) whole-image
operations) or over rounds of an array algorithm (a handful), never over pixels.

Run ``python solution.py`` for a tour; ``cvlab check 1.3`` grades your ``lab.py``.
"""

from __future__ import annotations

import numpy as np

#: Morphological operations accepted by :func:`morphology` (cv2.MORPH_* of the same name).
MORPH_OPS = ("erode", "dilate", "open", "close", "gradient", "tophat", "blackhat")

#: OpenCV's exact weights for the small Gaussian kernels it uses when sigma is derived from
#: the size (cv2.getGaussianKernel(k, 0) for k = 1, 3, 5, 7, 9): binomial-like fixed tables,
#: not samples of exp(-x^2 / 2 sigma^2). Larger sizes use the formula in gaussian_kernel.
_SMALL_GAUSSIANS = {
    1: [1.0],
    3: [0.25, 0.5, 0.25],
    5: [0.0625, 0.25, 0.375, 0.25, 0.0625],
    7: [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
    9: [1 / 64, 3.25 / 64, 7.5 / 64, 12.75 / 64, 15 / 64, 12.75 / 64, 7.5 / 64, 3.25 / 64, 1 / 64],
}


# ---------------------------------------------------------------------------------------------
# Given helpers (read them; the regions use them)
# ---------------------------------------------------------------------------------------------
def gaussian_kernel(ksize: int) -> np.ndarray:
    """The (ksize,) float64 weights of ``cv2.getGaussianKernel(ksize, 0)``.

    With sigma <= 0 OpenCV derives ``sigma = 0.3 * ((ksize - 1) / 2 - 1) + 0.8`` and, for
    ksize <= 9, returns a fixed table instead of the sampled formula (it differs by up to
    2e-3 for ksize = 9). cv2.adaptiveThreshold(GAUSSIAN_C) weights its window with these.
    """
    if ksize < 1 or ksize % 2 == 0:
        raise ValueError(f"ksize must be odd and >= 1, got {ksize}")
    if ksize in _SMALL_GAUSSIANS:
        return np.array(_SMALL_GAUSSIANS[ksize], dtype=np.float64)
    sigma = 0.3 * ((ksize - 1) * 0.5 - 1) + 0.8
    x = np.arange(ksize) - (ksize - 1) / 2  # (k,) offsets from the centre
    g = np.exp(-(x**2) / (2 * sigma**2))
    return g / g.sum()


def dtype_range(dtype: np.dtype) -> tuple[float | int | bool, float | int | bool]:
    """(smallest, largest) value of a dtype: -inf/inf for floats, iinfo for integers, bool too.

    Erosion pads with the largest value and dilation with the smallest, so the border never
    wins a min / max: that is what OpenCV's default border value for erode/dilate means.
    """
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return False, True
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return info.min, info.max
    if np.issubdtype(dtype, np.floating):
        return -np.inf, np.inf
    raise TypeError(f"unsupported dtype {dtype}")


def saturating_subtract(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``cv2.subtract(a, b)`` for two arrays of one dtype: integers clip to the dtype's range, floats don't.

    uint8 arithmetic wraps round (3 - 5 = 254); OpenCV's saturates (3 - 5 = 0).
    """
    if np.issubdtype(a.dtype, np.integer):
        lowest, highest = dtype_range(a.dtype)
        return np.clip(a.astype(np.int64) - b.astype(np.int64), lowest, highest).astype(a.dtype)
    return a - b


def threshold_binary(gray: np.ndarray, t: float, max_value: int = 255) -> np.ndarray:
    """``cv2.threshold(gray, t, max_value, cv2.THRESH_BINARY)``: max_value where gray > t, else 0.

    Note the strict ">": the threshold value itself belongs to the background class.
    """
    return np.where(gray > t, max_value, 0).astype(np.uint8)


def structuring_element(shape: str, ksize: tuple[int, int]) -> np.ndarray:
    """``cv2.getStructuringElement`` in NumPy: "rect", "cross" or "ellipse", ksize = (width, height).

    OpenCV's ellipse: row i spans the columns c - dx .. c + dx with r = h // 2, c = w // 2,
    ``dx = round(c * sqrt(1 - ((i - r) / r)^2))`` (rounded half to even, like cvRound).
    """
    w, h = ksize
    if w < 1 or h < 1:
        raise ValueError(f"ksize must be positive, got {ksize}")
    if shape == "rect":
        return np.ones((h, w), np.uint8)
    cy, cx = h // 2, w // 2
    rows = np.arange(h)[:, None]  # (h, 1)
    cols = np.arange(w)[None, :]  # (1, w)
    if shape == "cross":
        return ((rows == cy) | (cols == cx)).astype(np.uint8)
    if shape != "ellipse":
        raise ValueError(f"unknown shape {shape!r}; expected rect, cross or ellipse")
    r = cy
    dy = np.arange(h) - r  # (h,)
    frac = 1.0 - dy.astype(np.float64) ** 2 / (r * r) if r else np.zeros(h)
    dx = np.rint(cx * np.sqrt(np.clip(frac, 0.0, None))).astype(int)  # (h,) half-width per row
    inside = (np.abs(dy) <= r)[:, None] & (np.abs(cols - cx) <= dx[:, None])
    return inside.astype(np.uint8)


# ---------------------------------------------------------------------------------------------
# 1. Otsu's global threshold
# ---------------------------------------------------------------------------------------------
def otsu_threshold(gray: np.ndarray) -> int:
    """Otsu's threshold of a uint8 image, the value ``cv2.threshold(..., THRESH_OTSU)`` returns.

    Class 0 = pixels <= t, class 1 = pixels > t (OpenCV's THRESH_BINARY convention). With
    histogram probabilities p_i, the class weight and cumulative mean up to t are

        w(t) = sum_{i<=t} p_i,     m(t) = sum_{i<=t} i p_i,     mu_T = m(255)

    and the between-class variance is

        sigma_B^2(t) = w0 w1 (mu0 - mu1)^2 = (mu_T w(t) - m(t))^2 / (w(t) (1 - w(t))).

    Since sigma_T^2 = sigma_W^2(t) + sigma_B^2(t) is fixed, maximising sigma_B^2 is the same
    as minimising the within-class variance sigma_W^2. All 256 candidates come from two
    cumulative sums. Ties (e.g. every t in an empty gap of the histogram gives the same
    split) go to the smallest t, like OpenCV's strict ">" scan. Thresholds that leave a
    class empty are invalid; if none is valid (a constant image) the answer is 0.
    """
    # TODO(otsu): Return Otsu's threshold t (a Python int in 0..255) of the uint8 image `gray`:
    # | the t maximising the between-class variance when class 0 is {pixels <= t} and class 1 is
    # | {pixels > t}. Evaluate all 256 candidates at once from cumulative sums of the histogram
    # | (float64); skip t that leave a class empty; on ties pick the smallest t; return 0 when no
    # | t is valid (constant image). Raise ValueError for a non-uint8 or empty input.
    raise NotImplementedError("TODO(otsu): write this region")


# ---------------------------------------------------------------------------------------------
# 2. Local means and adaptive thresholding
# ---------------------------------------------------------------------------------------------
def local_mean(gray: np.ndarray, block_size: int, method: str = "mean") -> np.ndarray:
    """The uint8 local mean cv2.adaptiveThreshold compares each pixel with.

    method "mean": the average of the block_size x block_size window centred on the pixel,
    ``cv2.boxFilter(gray, -1, (b, b), borderType=cv2.BORDER_REPLICATE)``. With an integral
    image I of the padded input, the window sum at (y, x) is

        S = I[y+b, x+b] - I[y, x+b] - I[y+b, x] + I[y, x]      (exact int64)

    and the mean is rint(S / b^2). b is odd, so b^2 is odd and S / b^2 is never exactly
    half-way between two integers: the rounding is unambiguous.

    method "gaussian": the window weighted by the outer product g g^T of
    ``gaussian_kernel(b)``, computed separably (rows, then columns), rounded to uint8:
    ``cv2.GaussianBlur(gray as float32, (b, b), 0, borderType=cv2.BORDER_REPLICATE)``
    converted back to uint8.

    Borders replicate the edge pixel (aaa|abcd|ddd), OpenCV's choice for this function.
    """
    # TODO(local_mean): Return the (H, W) uint8 local mean of the uint8 image `gray` over a
    # | block_size x block_size window centred on each pixel (block_size odd >= 1, else ValueError),
    # | with replicated borders (the edge pixel repeats). method "mean": plain average via an
    # | integral image; method "gaussian": weights gaussian_kernel(block_size) along rows and columns.
    # | Round to the nearest integer (np.rint), clip to 0..255. ValueError for any other method.
    raise NotImplementedError("TODO(local_mean): write this region")


def adaptive_threshold(
    gray: np.ndarray, block_size: int, C: float, method: str = "mean", max_value: int = 255
) -> np.ndarray:
    """``cv2.adaptiveThreshold(gray, max_value, MEAN_C / GAUSSIAN_C, THRESH_BINARY, block_size, C)``.

    Each pixel is compared with its own threshold T(x, y) = local_mean(x, y) - C:

        out = max_value  if  gray > T   else 0

    so C > 0 lowers the bar (more foreground), C < 0 raises it (only pixels clearly brighter
    than their surroundings survive). The mean is the rounded uint8 value, as in OpenCV.
    """
    # TODO(adaptive): Return uint8 (H, W): max_value where gray > local_mean(gray, block_size,
    # | method) - C, else 0 (C may be any real number). OpenCV requires block_size odd and > 1:
    # | raise ValueError otherwise.
    raise NotImplementedError("TODO(adaptive): write this region")


# ---------------------------------------------------------------------------------------------
# 3. Morphology with flat structuring elements
# ---------------------------------------------------------------------------------------------
def morphology(img: np.ndarray, op: str, kernel: np.ndarray, iterations: int = 1) -> np.ndarray:
    """``cv2.erode``, ``cv2.dilate`` and ``cv2.morphologyEx`` with a flat structuring element.

    With the element's offsets N = {(i - ay, j - ax) : kernel[i, j] != 0}:

        erode(f)(y, x)  = min_{(dy, dx) in N} f(y + dy, x + dx)
        dilate(f)(y, x) = max_{(dy, dx) in N} f(y + dy, x + dx)

    (OpenCV uses the same window for both. Textbook dilation uses the REFLECTED element,
    max f(y - dy, x - dx); the two agree for symmetric elements.) Outside the image the
    border never wins: erosion pads with the dtype's largest value, dilation with its
    smallest (OpenCV's default ``morphologyDefaultBorderValue``), so a white blob touching
    the edge is not eaten from outside.

        open     = dilate(erode(f))        removes bright specks smaller than the element
        close    = erode(dilate(f))        fills dark holes and gaps smaller than the element
        gradient = dilate(f) - erode(f)    a thick outline
        tophat   = f - open(f)             the small bright details open removed
        blackhat = close(f) - f            the small dark details close filled

    ``iterations`` repeats each erosion / dilation, as OpenCV does (open with 2 iterations
    erodes twice, then dilates twice).
    """
    # TODO(morphology): Implement the MORPH_OPS on img ((H, W) or (H, W, C), any dtype; keep
    # | shape and dtype) with the flat structuring element `kernel` (2-D, nonzero = inside, anchored
    # | at (kh // 2, kw // 2)): erode = min and dilate = max over the window (the SAME window for
    # | both, like OpenCV), with a border that never wins (dtype_range gives the fill values), each
    # | repeated `iterations` times; then open, close, gradient, tophat, blackhat from those two
    # | (differences via saturating_subtract, as in OpenCV).
    # | ValueError for an unknown op, an all-zero kernel or iterations < 0.
    raise NotImplementedError("TODO(morphology): write this region")


def erode(img: np.ndarray, kernel: np.ndarray, iterations: int = 1) -> np.ndarray:
    """``cv2.erode`` (default anchor and border)."""
    return morphology(img, "erode", kernel, iterations)


def dilate(img: np.ndarray, kernel: np.ndarray, iterations: int = 1) -> np.ndarray:
    """``cv2.dilate`` (default anchor and border)."""
    return morphology(img, "dilate", kernel, iterations)


# ---------------------------------------------------------------------------------------------
# 4. Union-find on arrays
# ---------------------------------------------------------------------------------------------
def merge_labels(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Resolve equivalences: nodes 0..n-1, an edge a[k] ~ b[k] says "same set".

    Returns rep (n,) int64 with rep[i] = the SMALLEST node of i's set (a canonical
    representative, so two answers can be compared exactly).

    Array union-find (a data-parallel variant of Shiloach-Vishkin):
        parent = [0, 1, ..., n-1]                    every node its own root
        repeat
            ra, rb = parent[a], parent[b]            find: the roots of both ends
            hook the larger root under the smaller   union by minimum label, for all edges at once
                (np.minimum.at: a root hooked by several edges takes the smallest)
            parent = parent[parent] until stable     path compression for every node at once
        until every edge has ra == rb

    parent[i] <= i always holds, so no cycle can form, and every round merges at least
    one pair of sets, so it terminates; on image label graphs it takes 2-4 rounds. Each
    pointer-jumping step halves every path, so compression costs O(log depth) steps.
    The scalar version (find with path halving, union by rank, a loop over the edges)
    gives the same sets; see the README.
    """
    # TODO(union_find): Return rep (n,) int64: rep[i] = the smallest node in i's connected set,
    # | where a[k] and b[k] (int arrays of equal shape, values in 0..n-1) say "same set". Use
    # | union-find (parent array, union, path compression): either the classic loop over the edges
    # | or array rounds (hook roots, then parent = parent[parent] until stable). No edges: arange(n).
    # | ValueError if a and b differ in shape or hold a node outside 0..n-1.
    raise NotImplementedError("TODO(union_find): write this region")


# ---------------------------------------------------------------------------------------------
# 5. Connected components: runs + union-find, two passes
# ---------------------------------------------------------------------------------------------
def connected_components(binary: np.ndarray, connectivity: int = 8) -> tuple[int, np.ndarray]:
    """``cv2.connectedComponents(binary, connectivity=...)``: (num_labels, labels int32 (H, W)).

    Nonzero pixels are foreground. Two foreground pixels are neighbours if they share an
    edge (4-connectivity) or an edge or a corner (8-connectivity); a component is a maximal
    set connected through neighbours. Label 0 is the background, components are 1..n-1
    (here numbered in raster order of their first pixel; cv2 may number them differently).

    Run-based two-pass labelling:
      pass 1  each row splits into runs (maximal horizontal stretches of foreground): the
              provisional labels. A run in row y touches a run in row y - 1 iff their column
              intervals [s, e) overlap (4-conn: s1 < e2 and s2 < e1) or overlap after
              widening by one pixel (8-conn: s1 <= e2 and s2 <= e1, the corner case). Runs are
              sorted, so all partners of one run form a contiguous block of the previous row:
              two np.searchsorted calls find every block at once.
      merge   merge_labels resolves the equivalences (union-find).
      pass 2  every run is painted with its set's final label.
    Work is O(pixels) for the runs plus O(runs log runs) for the rest.
    """
    # TODO(components): Return (num_labels, labels): labels int32 (H, W) with 0 on background
    # | (zero pixels) and 1..num_labels-1 on the connected components of the nonzero pixels, using
    # | 4- or 8-connectivity (else ValueError; also for a non-2-D input). Any numbering of the
    # | components is accepted. Label runs of each row, find which runs of consecutive rows touch,
    # | resolve those equivalences with merge_labels, then paint the final labels.
    raise NotImplementedError("TODO(components): write this region")


# ---------------------------------------------------------------------------------------------
# 6. Region properties from moments
# ---------------------------------------------------------------------------------------------
def region_properties(labels: np.ndarray, num_labels: int | None = None) -> dict[str, np.ndarray]:
    """Per-label measurements for every label 0..num_labels-1 (row 0 is the background, as in cv2).

    Returns a dict of arrays, row k = label k:

        area                (n,) int64    pixel count m00
        centroid            (n, 2) float  (x, y) = (m10 / m00, m01 / m00)
        bbox                (n, 4) int64  (x, y, w, h), w = x_max - x_min + 1 (cv2's stats)
        equivalent_diameter (n,) float    diameter of the disc of the same area, sqrt(4 A / pi)
        major_axis_length   (n,) float    4 sqrt(l1)
        minor_axis_length   (n,) float    4 sqrt(l2)
        eccentricity        (n,) float    sqrt(1 - l2 / l1) (0 for a disc, -> 1 for a line)
        orientation         (n,) float    angle of the major axis from the +x axis towards +y
                                          (image rows point down), in (-pi/2, pi/2]

    With central second moments normalised by the area (a population covariance),

        mu20 = mean (x - cx)^2,  mu02 = mean (y - cy)^2,  mu11 = mean (x - cx)(y - cy)

    the covariance [[mu20, mu11], [mu11, mu02]] has eigenvalues

        l1,2 = (mu20 + mu02) / 2 +- sqrt(((mu20 - mu02) / 2)^2 + mu11^2)

    and its major eigenvector makes the angle theta = atan2(2 mu11, mu20 - mu02) / 2 with x.
    A solid ellipse with semi-axes a, b has l = a^2 / 4, b^2 / 4, hence the factor 4 (the
    full axis length 2a = 4 sqrt(l1)): skimage's convention. Labels with no pixels get area
    0, a zero box and NaN for the float fields.
    """
    # TODO(regionprops): Return the dict described in the docstring for every label
    # | 0..n-1 (n = num_labels, or labels.max() + 1 if None) of the int label image `labels`.
    # | Vectorise over labels (np.bincount with weights, np.minimum.at / np.maximum.at), no loop
    # | over pixels or labels. Use central moments divided by the area (not n - 1), two passes
    # | (centroid first) for accuracy; eccentricity 0 when l1 == 0 (a single pixel).
    raise NotImplementedError("TODO(regionprops): write this region")


# ---------------------------------------------------------------------------------------------
# 7. The whole pipeline: counting coins
# ---------------------------------------------------------------------------------------------
def count_coins(image: np.ndarray) -> tuple[int, np.ndarray]:
    """Count the coins of ``skimage.data.coins()`` with the functions of this lab.

    Returns (count, labels): labels int32 (H, W), 0 = background, 1..count = one label per
    coin, every pixel of a label belonging to that coin.

    The photo is lit unevenly (the cloth's median is ~84 at the top left, ~40 at the bottom
    right), so one global threshold either merges the bright cloth into the coins or loses
    the dark coins. The
    pipeline: a light Gaussian smoothing (noise), an adaptive threshold whose window (101 px)
    is several coin diameters wide so the local mean is the local background level, opening
    to cut thin bridges and specks, closing to fill engravings, 8-connected components,
    and an area filter that drops what is far smaller than any coin.
    """
    # TODO(coins): Return (count, labels) for the uint8 grey coins photo, using YOUR functions:
    # | smoothing, a threshold (adaptive_threshold copes with the uneven lighting), morphology to
    # | clean the mask, connected_components, region_properties and an area filter. labels is int32
    # | (H, W) with 0 = background and 1..count, one label per coin. The true count is 24.
    raise NotImplementedError("TODO(coins): write this region")


if __name__ == "__main__":
    from cvlab import data

    for name in ("coins", "camera", "page", "text"):
        img = data.skimage_image(name)
        t = otsu_threshold(img)
        print(f"Otsu threshold of {name:6s} {img.shape}: {t:3d}  ({(img > t).mean():.0%} of pixels above)")

    page = data.skimage_image("page")  # a scanned page lit from one side
    global_mask = threshold_binary(page, otsu_threshold(page))
    local_mask = adaptive_threshold(page, 21, 10, "gaussian")
    print(f"page: white pixels with Otsu {(global_mask > 0).mean():.0%}, adaptive {(local_mask > 0).mean():.0%}")

    specks = np.zeros((9, 9), np.uint8)
    specks[2:7, 2:7] = 255
    specks[0, 8] = 255  # a one-pixel speck in a corner
    opened = morphology(specks, "open", structuring_element("rect", (3, 3)))
    print(f"open(3x3) keeps the 5x5 square ({opened[2:7, 2:7].all()}) and drops the speck ({opened[0, 8] == 0})")

    rep = merge_labels(6, np.array([1, 3, 4]), np.array([2, 4, 5]))
    print(f"merge_labels(6, 1~2, 3~4, 4~5) -> representatives {rep.tolist()}")

    coins = data.skimage_image("coins")
    mask = adaptive_threshold(local_mean(coins, 5, "gaussian"), 101, -20)
    for conn in (4, 8):
        n, _ = connected_components(mask, conn)
        print(f"raw adaptive mask of coins: {n - 1} components with {conn}-connectivity")
    count, labels = count_coins(coins)
    props = region_properties(labels)
    print(f"count_coins: {count} coins (true number: 24)")
    print(
        f"  areas {props['area'][1:].min()}..{props['area'][1:].max()} px, "
        f"equivalent diameters {props['equivalent_diameter'][1:].min():.1f}..{props['equivalent_diameter'][1:].max():.1f} px, "
        f"max eccentricity {props['eccentricity'][1:].max():.2f}"
    )
