"""Lab 1.4 - Edges, contours and the Hough transform.

From pixels to geometry: image derivatives (Sobel, Scharr), the Canny edge detector
(non-maximum suppression + hysteresis), the Hough transform for straight lines, shape
descriptors of contours, and an end-to-end sudoku grid finder on OpenCV's ``sudoku.png``.
Everything is graded against OpenCV / scikit-image / SciPy on the same input, or against
ground truth the tests construct.

Conventions used throughout
    * images: grey (H, W), uint8 or float. Coordinates are (x, y) = (column, row) with the
      origin at the centre of the top-left pixel and y pointing DOWN (OpenCV's convention);
    * gradients: float64 (H, W) arrays gx = dI/dx (along columns), gy = dI/dy (along rows);
    * angles: gradient orientation in DEGREES in [0, 360), measured from +x towards +y
      (on screen: clockwise, because y points down), as ``cv2.cartToPolar`` returns them;
    * lines: Hesse normal form ``x cos(theta) + y sin(theta) = rho``, theta in [0, pi),
      rho may be negative (``cv2.HoughLines``' convention);
    * contours: integer points (N, 1, 2) or (N, 2) in (x, y) order, as ``cv2.findContours``
      returns them; the polygon is closed (the last point connects to the first).

No Python loop visits a pixel: filters are sums of shifted whole-image slices, the Hough
transform is one scatter-add, and the loops that remain run over peaks or contours.

Run ``python solution.py`` for a tour; ``cvlab check 1.4`` grades your ``lab.py``.
"""

from __future__ import annotations

import cv2
import numpy as np

#: 1-D factors of the 3x3 derivative kernels, written as CORRELATION weights for the
#: offsets (-1, 0, +1): out(x) = sum_k w[k] * I(x + k - 1). The derivative factor is the
#: central difference I(x+1) - I(x-1); the smoothing factor averages across the edge.
#: (The convolution kernel of the same derivative is the flip, [+1, 0, -1].)
DERIV = np.array([-1.0, 0.0, 1.0])
SMOOTH = {"sobel": np.array([1.0, 2.0, 1.0]), "scharr": np.array([3.0, 10.0, 3.0])}


# ---------------------------------------------------------------------------------------------
# 1. Image derivatives
# ---------------------------------------------------------------------------------------------
def image_gradients(img: np.ndarray, operator: str = "sobel") -> tuple[np.ndarray, np.ndarray]:
    """First derivatives (gx, gy) of a grey image with the 3x3 Sobel or Scharr operator.

    The 3x3 kernels are separable, outer(smooth, deriv)::

        Sobel  gx = [1, 2, 1]^T (rows) x [-1, 0, 1] (columns)   ->  [[-1, 0, 1],
                                                                     [-2, 0, 2],
                                                                     [-1, 0, 1]]
        Scharr gx = [3, 10, 3]^T x [-1, 0, 1]                    ->  [[ -3, 0,  3],
                                                                     [-10, 0, 10],
                                                                     [ -3, 0,  3]]

    applied as a correlation (``out(y, x) = sum K[i, j] I(y + i - 1, x + j - 1)``), with
    gy the transpose. The border is ``cv2.BORDER_REFLECT_101`` (``np.pad`` mode "reflect"),
    so the result equals ``cv2.Sobel(img, cv2.CV_64F, 1, 0, ksize=3)`` /
    ``cv2.Scharr(img, cv2.CV_64F, 1, 0)`` exactly for integer images. Neither operator is
    normalised: Sobel's gain on a unit ramp is 8, Scharr's 32 (divide by those for dI/dx).

    img: (H, W) uint8 or float. Returns two float64 (H, W) arrays.
    """
    if operator not in SMOOTH:
        raise ValueError(f"unknown operator {operator!r}; expected 'sobel' or 'scharr'")
    if img.ndim != 2:
        raise ValueError(f"expected a grey (H, W) image, got shape {img.shape}")
    # TODO(sobel): Return (gx, gy), float64 (H, W): the 3x3 Sobel (smoothing [1, 2, 1]) or
    # | Scharr ([3, 10, 3]) derivative, applied as a correlation with derivative weights
    # | [-1, 0, +1] (gx(x) grows when I(x+1) > I(x-1)), gy the same along the rows, borders
    # | mirrored like cv2.BORDER_REFLECT_101 (np.pad mode "reflect"). Must equal cv2.Sobel /
    # | cv2.Scharr with ddepth=cv2.CV_64F. No loops over pixels.
    raise NotImplementedError("TODO(sobel): write this region")


def gradient_polar(gx: np.ndarray, gy: np.ndarray, l2: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Gradient magnitude and orientation.

    magnitude = sqrt(gx^2 + gy^2) (``l2=True``) or |gx| + |gy| (``l2=False``: the cheaper L1
    norm cv2.Canny uses by default; it over-estimates diagonal gradients by up to sqrt(2)).
    angle = atan2(gy, gx) in degrees, wrapped into [0, 360) (0 where gx = gy = 0). The
    gradient points from dark to bright, across the edge; the edge runs perpendicular to it.
    """
    # TODO(polar): Return (magnitude, angle) as float64 arrays of the inputs' shape:
    # | magnitude = sqrt(gx^2 + gy^2) if l2 else |gx| + |gy|; angle = the direction of (gx, gy)
    # | in DEGREES in [0, 360) (0 for a zero gradient), matching cv2.cartToPolar(...,
    # | angleInDegrees=True). Use the two-argument arctangent, not arctan(gy / gx).
    raise NotImplementedError("TODO(polar): write this region")


# ---------------------------------------------------------------------------------------------
# 2. Canny: non-maximum suppression and hysteresis
# ---------------------------------------------------------------------------------------------
#: Neighbour offsets (dy, dx) ACROSS the edge for each quantised gradient direction:
#: sector 0 ~ 0 deg (gradient along x), 1 ~ 45 deg (towards +x +y: down-right on screen),
#: 2 ~ 90 deg (along y), 3 ~ 135 deg (towards -x +y: down-left on screen).
NMS_OFFSETS = ((0, 1), (1, 1), (1, 0), (1, -1))


def non_max_suppression(mag: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """Thin edges to one pixel: keep a pixel only where its magnitude is a local maximum
    ALONG the gradient direction.

    The direction is quantised into 4 sectors of 45 degrees (angle mod 180, because the two
    neighbours are compared symmetrically)::

        sector 0: [0, 22.5) or [157.5, 180)  -> neighbours (y, x-1), (y, x+1)
        sector 1: [22.5, 67.5)               -> (y-1, x-1), (y+1, x+1)
        sector 2: [67.5, 112.5)              -> (y-1, x), (y+1, x)
        sector 3: [112.5, 157.5)             -> (y-1, x+1), (y+1, x-1)

    A pixel survives when mag > 0, mag > the neighbour BEFORE it (the first of the pair)
    and mag >= the neighbour after it: on a two-pixel plateau exactly one of the two
    survives (what cv2.Canny does). Pixels on the image border are suppressed.

    mag, angle: (H, W). Returns float64 (H, W): mag where it survives, 0 elsewhere.
    """
    # TODO(nms): Return float64 (H, W): mag where the pixel is a maximum along its
    # | gradient, 0 elsewhere. Quantise angle (degrees) mod 180 into 4 sectors centred on 0, 45,
    # | 90 and 135 degrees; compare with the two neighbours ACROSS the edge (sector 0: left and
    # | right; 1: (y-1, x-1) and (y+1, x+1); 2: above and below; 3: (y-1, x+1) and (y+1, x-1)).
    # | Keep when mag > 0, mag > the first neighbour and mag >= the second. The one-pixel image
    # | border is always 0. Vectorised: one comparison per sector on whole shifted arrays.
    raise NotImplementedError("TODO(nms): write this region")


def _dilate8(mask: np.ndarray) -> np.ndarray:
    """Binary dilation with a 3x3 square (8-connectivity). The square is separable: OR each
    pixel with its left/right neighbours, then OR the result with the rows above/below."""
    h = mask.copy()
    h[:, 1:] |= mask[:, :-1]
    h[:, :-1] |= mask[:, 1:]
    out = h.copy()
    out[1:] |= h[:-1]
    out[:-1] |= h[1:]
    return out


def hysteresis(thin: np.ndarray, low: float, high: float) -> np.ndarray:
    """Double threshold with hysteresis.

    strong = thin > high; candidates = thin > low (strong pixels are candidates too).
    The result is every candidate that is connected to a strong pixel through a chain of
    candidates, 8-connectivity (diagonal neighbours count). Isolated weak segments, which
    are mostly noise, disappear; a weak stretch of a real contour survives because it
    touches a strong part. This is geodesic dilation: grow the strong set by one pixel at a
    time, but only into candidate pixels, until it stops changing.

    thin: (H, W) non-maximum-suppressed magnitude. Returns bool (H, W).
    """
    # TODO(hysteresis): Return bool (H, W): the pixels with thin > low that are connected
    # | to at least one pixel with thin > high through pixels > low, 8-connectivity (diagonal
    # | neighbours count). A pixel > high is always kept. Vectorised: e.g. grow the strong mask
    # | by a 3x3 dilation restricted to the candidates until it stops changing, or label the
    # | candidates' connected components and keep those containing a strong pixel.
    raise NotImplementedError("TODO(hysteresis): write this region")


def canny(img: np.ndarray, low: float, high: float, l2gradient: bool = False, sigma: float | None = None) -> np.ndarray:
    """The Canny edge detector from your pieces; returns a bool (H, W) edge map.

    Given: (optional) Gaussian smoothing -> 3x3 Sobel -> magnitude (L1 or L2) and angle ->
    non-maximum suppression -> hysteresis. With ``sigma=None`` there is no smoothing, like
    ``cv2.Canny(img, low, high, L2gradient=l2gradient)`` (which assumes you smoothed
    beforehand, if at all); thresholds are in the units of the Sobel magnitude.
    """
    x = np.asarray(img, dtype=np.float64)
    if sigma is not None and sigma > 0:
        x = cv2.GaussianBlur(x, (0, 0), sigma, borderType=cv2.BORDER_REFLECT_101)
    gx, gy = image_gradients(x, "sobel")
    mag, angle = gradient_polar(gx, gy, l2=l2gradient)
    return hysteresis(non_max_suppression(mag, angle), low, high)


def edge_f1(pred: np.ndarray, ref: np.ndarray, tol: int = 1) -> float:
    """F1 of two edge maps, where a pixel matches if the other map has an edge within
    ``tol`` pixels (Chebyshev distance). Given: the tests grade Canny with this idea."""
    pred, ref = np.asarray(pred, bool), np.asarray(ref, bool)
    if not pred.any() and not ref.any():
        return 1.0
    k = np.ones((2 * tol + 1, 2 * tol + 1), np.uint8)
    near_ref = cv2.dilate(ref.astype(np.uint8), k) > 0
    near_pred = cv2.dilate(pred.astype(np.uint8), k) > 0
    precision = (pred & near_ref).sum() / max(pred.sum(), 1)
    recall = (ref & near_pred).sum() / max(ref.sum(), 1)
    return float(2 * precision * recall / (precision + recall)) if precision + recall > 0 else 0.0


# ---------------------------------------------------------------------------------------------
# 3. Hough transform for lines
# ---------------------------------------------------------------------------------------------
def hough_accumulator(
    edges: np.ndarray, rho_res: float = 1.0, theta_res: float = np.pi / 180
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vote in (rho, theta) space: every edge pixel votes once per theta for the rho of the
    line through it, rho = x cos(theta) + y sin(theta).

    Grid (fixed, so results are comparable):
        thetas = arange(T) * theta_res, T = round(pi / theta_res)   (theta in [0, pi): a line
                 at theta + pi is the same line with -rho, so [0, 2 pi) would count it twice)
        D      = ceil(sqrt(H^2 + W^2) / rho_res)                     (|rho| <= the diagonal)
        rhos   = arange(-D, D + 1) * rho_res                         ((2D + 1,) bins, rho 0 at index D)
    A vote goes to bin (round(rho / rho_res) + D, t).

    edges: (H, W) bool or 0/nonzero. Returns acc int64 (2D + 1, T), rhos (2D + 1,) float64,
    thetas (T,) float64.
    """
    # TODO(hough): Return (acc, rhos, thetas) on the grid of the docstring: thetas =
    # | arange(T) * theta_res with T = round(pi / theta_res); D = ceil(hypot(H, W) / rho_res);
    # | rhos = arange(-D, D + 1) * rho_res; acc int64 (2D+1, T) where each nonzero pixel (x, y)
    # | adds one vote, per theta, at row round((x cos t + y sin t) / rho_res) + D. No Python loop
    # | over pixels: compute all (N, T) rho indices at once and scatter-add (np.add.at/bincount).
    raise NotImplementedError("TODO(hough): write this region")


def hough_peaks(
    acc: np.ndarray, threshold: int, max_peaks: int = 20, nms_rho: int = 5, nms_theta: int = 5
) -> np.ndarray:
    """Pick up to ``max_peaks`` peaks of a Hough accumulator, strongest first, with
    non-maximum suppression.

    Greedy: take the bin with the most votes (it must exceed ``threshold``), then zero
    every bin within ``nms_rho`` rho bins AND ``nms_theta`` theta bins of it, repeat. Without
    the suppression the next "peaks" are the neighbours of the first one (a line's votes
    spread over a few bins in rho and theta because of pixel discretisation).

    Theta wraps around: theta = pi - eps at rho is next to theta = 0 at -rho. On the grid of
    :func:`hough_accumulator` (rho index i <-> -rho at index R-1-i, R = acc.shape[0]) the
    window that runs past the last theta column continues at column 0 with the rho index
    mirrored, and vice versa.

    acc: (R, T) votes. Returns int64 (K, 2) rows (rho_index, theta_index), K <= max_peaks,
    in decreasing order of votes.
    """
    # TODO(peaks): Return int64 (K, 2) of (rho_index, theta_index), K <= max_peaks, by
    # | decreasing votes: repeatedly take the largest remaining bin while it is > threshold, then
    # | suppress (set to 0 in a working copy) all bins with |dr| <= nms_rho and |dt| <= nms_theta
    # | around it. Theta wraps: columns past T-1 continue at column 0 with rho index i mirrored
    # | to R-1-i (and columns before 0 continue at T-1, mirrored). Empty result: shape (0, 2).
    raise NotImplementedError("TODO(peaks): write this region")


def hough_lines(
    edges: np.ndarray,
    rho_res: float = 1.0,
    theta_res: float = np.pi / 180,
    threshold: int = 100,
    max_lines: int = 20,
    nms_rho: int = 5,
    nms_theta: int = 5,
) -> np.ndarray:
    """Lines (rho, theta) of an edge map, strongest first: float64 (K, 2). Given: it chains
    :func:`hough_accumulator` and :func:`hough_peaks` (compare ``cv2.HoughLines``, which
    returns (K, 1, 2) and keeps every 4-neighbourhood local maximum, duplicates included)."""
    acc, rhos, thetas = hough_accumulator(edges, rho_res, theta_res)
    idx = hough_peaks(acc, threshold, max_lines, nms_rho, nms_theta)
    return np.stack([rhos[idx[:, 0]], thetas[idx[:, 1]]], axis=1) if len(idx) else np.zeros((0, 2))


# ---------------------------------------------------------------------------------------------
# 4. Contours and shape descriptors
# ---------------------------------------------------------------------------------------------
def shape_descriptors(contour: np.ndarray) -> dict[str, float | tuple[float, float]]:
    """Area, perimeter, centroid, circularity, convexity and solidity of a closed polygon.

    With vertices p_i = (x_i, y_i), i = 0..N-1, and p_N = p_0:
        cross_i   = x_i y_{i+1} - x_{i+1} y_i
        area      = |sum_i cross_i| / 2                               (shoelace formula)
        perimeter = sum_i |p_{i+1} - p_i|                             (closed polygon)
        centroid  = sum_i (p_i + p_{i+1}) cross_i / (6 * signed area) (= (m10/m00, m01/m00))
        circularity = 4 pi area / perimeter^2   (1 for a disc, pi/4 for a square, -> 0 for a line)
        convexity   = perimeter(hull) / perimeter  (<= 1; dents and jagged outlines lower it)
        solidity    = area / area(hull)            (<= 1; concavities lower it)
    where hull = cv2.convexHull(contour). Degenerate polygons (area 0): centroid = mean of the
    vertices, circularity 0; convexity and solidity are 1 where their denominator is 0.

    contour: (N, 1, 2) or (N, 2) integer or float points. Returns a dict with float values
    and the centroid as a (cx, cy) tuple of floats.
    """
    # TODO(shape): Return {"area", "perimeter", "centroid": (cx, cy), "circularity",
    # | "convexity", "solidity"} for the closed polygon (see the docstring's formulas): shoelace
    # | area (absolute value, halved), closed perimeter, centroid from the first moments (as
    # | cv2.moments gives: m10/m00, m01/m00), 4 pi A / P^2, hull perimeter / P, A / hull area
    # | (hull from cv2.convexHull). Vectorised over the vertices (np.roll gives p_{i+1}).
    raise NotImplementedError("TODO(shape): write this region")


# ---------------------------------------------------------------------------------------------
# 5. Sudoku grid detection
# ---------------------------------------------------------------------------------------------
def grid_corners(contours: list[np.ndarray] | tuple[np.ndarray, ...], eps: float = 0.02) -> np.ndarray:
    """The four corners of the largest convex quadrilateral among ``contours``, ordered
    top-left, top-right, bottom-right, bottom-left (clockwise on screen).

    Each contour is simplified with ``cv2.approxPolyDP(c, eps * perimeter, closed=True)``
    (Douglas-Peucker: drop vertices closer than eps * perimeter to the simplified outline);
    the candidates are those with exactly 4 vertices that are convex
    (``cv2.isContourConvex``); the winner has the largest ``cv2.contourArea``.

    Ordering: sort the 4 points by their angle around their mean (atan2(y - cy, x - cx)
    increases clockwise on screen, because y points down), then rotate the list so that it
    starts at the top-left corner, the one with the smallest x + y. This works for any
    rotation of the grid up to +-45 degrees.

    Returns float64 (4, 2) in (x, y); raises ValueError when no contour is a quadrilateral.
    """
    # TODO(sudoku): Return float64 (4, 2) corners TL, TR, BR, BL of the largest-area convex
    # | 4-vertex polygon among the contours, each simplified with cv2.approxPolyDP(c, eps *
    # | cv2.arcLength(c, True), True) (keep it if it has 4 points and cv2.isContourConvex).
    # | Order the corners clockwise on screen starting at the top-left (smallest x + y).
    # | Raise ValueError if no contour qualifies.
    raise NotImplementedError("TODO(sudoku): write this region")


def find_sudoku(gray: np.ndarray) -> np.ndarray:
    """Corners (4, 2) TL, TR, BR, BL of the sudoku grid in a grey uint8 photo. Given.

    Blur (5x5 Gaussian) -> adaptive threshold (dark ink on uneven lighting; local mean of an
    11x11 window minus 2) -> external contours -> :func:`grid_corners`.
    """
    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    binary = cv2.adaptiveThreshold(blur, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 11, 2)
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return grid_corners(contours)


def warp_square(img: np.ndarray, corners: np.ndarray, size: int = 450) -> np.ndarray:
    """Perspective-warp the quadrilateral ``corners`` (TL, TR, BR, BL) onto a size x size
    square. Given: the homography from 4 point pairs (lab 1.5 derives it)."""
    dst = np.array([[0, 0], [size - 1, 0], [size - 1, size - 1], [0, size - 1]], dtype=np.float32)
    M = cv2.getPerspectiveTransform(np.asarray(corners, dtype=np.float32), dst)
    return cv2.warpPerspective(img, M, (size, size))


if __name__ == "__main__":
    from cvlab import data

    camera = data.skimage_image("camera")  # (512, 512) uint8
    sudoku = cv2.imread(str(data.opencv_sample("sudoku.png")), cv2.IMREAD_GRAYSCALE)  # (563, 558)

    ramp = np.tile(np.arange(6, dtype=np.float64) ** 2, (4, 1))  # I(x) = x^2 on every row
    gx, gy = image_gradients(ramp)
    print("I(x) = x^2, row 1        :", ramp[1])
    print("Sobel gx, row 1          :", gx[1], " (8 * dI/dx = 16 x inside; mirrored border at both ends)")
    mag, ang = gradient_polar(np.array([1.0, 0.0, -1.0, 1.0]), np.array([0.0, 1.0, 0.0, 1.0]))
    print("angles of (1,0) (0,1) (-1,0) (1,1):", ang, " magnitudes:", np.round(mag, 3))

    for low, high in ((50, 150), (100, 200)):
        ours = canny(camera, low, high)
        ref = cv2.Canny(camera, low, high) > 0
        print(
            f"canny camera ({low}, {high})  : {int(ours.sum())} edge px, cv2 {int(ref.sum())},"
            f" F1 (1 px tolerance) {edge_f1(ours, ref):.3f}"
        )

    edges = cv2.Canny(sudoku, 50, 150)
    lines = hough_lines(edges, threshold=150, max_lines=8)
    print("8 strongest sudoku lines (rho px, theta deg):")
    for rho, theta in lines:
        print(f"    rho {rho:7.1f}  theta {np.degrees(theta):6.1f}")

    square = np.array([[10, 10], [50, 10], [50, 50], [10, 50]])
    d = shape_descriptors(square)
    print("40x40 square             :", {k: (round(v, 4) if isinstance(v, float) else v) for k, v in d.items()})

    corners = find_sudoku(sudoku)
    print("sudoku grid corners      :", corners.round(1).tolist(), "(TL, TR, BR, BL)")
    warped = warp_square(sudoku, corners)
    print("warped grid              :", warped.shape, warped.dtype)
