"""Lab 1.1 - Image basics, colour spaces and histograms.

Every function here has an OpenCV twin, and the grader holds yours to it: reading files
(``cv2.imread`` hands you BGR), RGB -> HSV and RGB -> CIE L*a*b* written from the formulas
(sRGB gamma, XYZ, the D65 white point), per-channel histograms, global histogram
equalisation bit-exact with ``cv2.equalizeHist``, CLAHE (clipped, tiled, bilinearly
interpolated equalisation) against ``cv2.createCLAHE``, and HSV colour segmentation with
a hue range that wraps through red.

Conventions used throughout
    * images are channels-last NumPy arrays: (H, W) grey or (H, W, 3) colour, **RGB** order
      unless a name says BGR; uint8 in [0, 255] or float in [0, 1];
    * HSV in OpenCV's 8-bit units: H in [0, 180) (degrees / 2), S and V in [0, 255];
      float HSV: H in degrees [0, 360), S and V in [0, 1];
    * Lab: float L in [0, 100], a and b roughly [-128, 127]; 8-bit Lab stores
      (L * 255 / 100, a + 128, b + 128);
    * tile grids and tile sizes are (rows, cols) = (tiles_y, tiles_x), NumPy order.
      ``cv2.createCLAHE(tileGridSize=...)`` takes a cv::Size, i.e. (tiles_x, tiles_y).

Run ``python solution.py`` for a tour; ``cvlab check 1.1`` grades your ``lab.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

#: ``read_image`` modes and the cv2.imread flag each one uses.
READ_FLAGS = {
    "rgb": cv2.IMREAD_COLOR,  # always 3 channels, 8 bit; alpha dropped, grey replicated
    "gray": cv2.IMREAD_GRAYSCALE,  # 1 channel, 8 bit; the decoder converts
    "unchanged": cv2.IMREAD_UNCHANGED,  # as stored: alpha kept, 16-bit kept
}

#: Linear sRGB -> CIE XYZ (rows X, Y, Z), the matrix OpenCV and scikit-image use.
SRGB_TO_XYZ = np.array(
    [
        [0.412453, 0.357580, 0.180423],
        [0.212671, 0.715160, 0.072169],
        [0.019334, 0.119193, 0.950227],
    ]
)
#: XYZ of the D65 white (what RGB (1, 1, 1) maps to): OpenCV's constants, = the row sums above.
D65_WHITE = np.array([0.950456, 1.0, 1.088754])
#: CIE Lab break point (6/29)^3, and the slope/intercept of the linear segment below it.
LAB_EPS = 0.008856
LAB_SLOPE = 7.787  # (29/6)^2 / 3
LAB_KAPPA = 903.3  # 116 * LAB_SLOPE: L = 903.3 * Y below the break point

#: HSV bounds (OpenCV 8-bit units) for the red sweets in OpenCV's smarties.png. The hue range
#: 170..179, 0..3 wraps through 0; S >= 150 skips the pale highlights, V >= 100 the brown ones.
RED_LOWER = (170, 150, 100)
RED_UPPER = (3, 255, 255)


# ---------------------------------------------------------------------------------------------
# 1. Reading images: BGR, flags and failures that return None
# ---------------------------------------------------------------------------------------------
def read_image(path: str | Path, mode: str = "rgb") -> np.ndarray:
    """Read an image file with OpenCV and return it in RGB(A) channel order.

    ``cv2.imread`` stores colour as **BGR** (BGRA with alpha), and it does not raise on a
    missing or unreadable file: it prints a warning and returns ``None``, which then fails
    far away ("'NoneType' object has no attribute 'shape'"). Modes (see :data:`READ_FLAGS`):

    * ``"rgb"``: (H, W, 3) uint8 RGB, whatever is stored (grey is replicated, alpha dropped,
      16-bit scaled to 8-bit);
    * ``"gray"``: (H, W) uint8, converted by the decoder;
    * ``"unchanged"``: the stored channels and depth (uint8 or uint16; 1, 3 or 4 channels),
      with 3 and 4 channels reordered to RGB / RGBA.
    """
    # TODO(read): Read `path` (str or Path) with cv2.imread using READ_FLAGS[mode] ("rgb",
    # | "gray", "unchanged"; anything else: ValueError). cv2.imread returns None instead of raising:
    # | turn that into FileNotFoundError naming the path. Return colour in RGB order (4 channels:
    # | RGBA) as a contiguous array (not a negative-stride view), keep the dtype the flag gives
    # | (uint16 stays uint16 with "unchanged"), grey as (H, W).
    raise NotImplementedError("TODO(read): write this region")


# ---------------------------------------------------------------------------------------------
# 2. RGB -> HSV
# ---------------------------------------------------------------------------------------------
def rgb_to_hsv(img: np.ndarray) -> np.ndarray:
    """RGB -> HSV with OpenCV's conventions (``cv2.COLOR_RGB2HSV``).

    With V = max(R, G, B), chroma C = V - min(R, G, B)::

        S = C / V                       (0 when V = 0)
        H = 60 * (G - B) / C            if V == R     (may be negative: add 360)
            60 * (B - R) / C + 120      if V == G
            60 * (R - G) / C + 240      if V == B     (H = 0 when C = 0: grey has no hue)

    uint8 input (..., 3) -> uint8 (H / 2 in [0, 180), S * 255, V), rounded;
    float input in [0, 1] -> float32 (H in degrees [0, 360), S and V in [0, 1]).
    """
    # TODO(hsv): img (..., 3) RGB, uint8 or float in [0, 1]. Compute V = max, chroma C = V - min,
    # | S = C / V (0 where V == 0) and the hue in degrees from whichever channel is the max (see the
    # | docstring), 0 for grey (C == 0), and add 360 to negative hues. uint8 in -> uint8 out
    # | (rint(H / 2) with 180 wrapping to 0, rint(S * 255), V); float in -> float32 (H in degrees, S, V).
    # | Raise ValueError if the last axis is not 3 or the dtype is neither uint8 nor floating.
    raise NotImplementedError("TODO(hsv): write this region")


# ---------------------------------------------------------------------------------------------
# 3. RGB -> CIE L*a*b*: sRGB gamma, XYZ, D65 white, the cube-root compression
# ---------------------------------------------------------------------------------------------
def srgb_to_linear(c: np.ndarray) -> np.ndarray:
    """Undo the sRGB transfer curve ("gamma"): encoded values in [0, 1] -> linear light.

    ::

        linear = c / 12.92                      if c <= 0.04045
                 ((c + 0.055) / 1.055) ** 2.4   otherwise

    The two pieces meet (value and, almost, slope) at c = 0.04045. Mid-grey 0.5 is only
    ~21 % of the light of white: the encoding spends its codes where the eye is sensitive.
    Returns the input's float dtype (integers are treated as floats: float64).
    """
    # TODO(gamma): Element-wise sRGB decoding of c (any shape, values in [0, 1]): c / 12.92 for
    # | c <= 0.04045, ((c + 0.055) / 1.055) ** 2.4 above. Keep a float input's dtype (float32 in ->
    # | float32 out); convert anything else to float64 first.
    raise NotImplementedError("TODO(gamma): write this region")


def rgb_to_lab(img: np.ndarray) -> np.ndarray:
    """sRGB -> CIE L*a*b* (D65 white), the formulas behind ``cv2.COLOR_RGB2Lab``.

    1. linearise each channel with :func:`srgb_to_linear` (uint8: of img / 255);
    2. XYZ = SRGB_TO_XYZ @ rgb_linear, then divide by the white: X/Xn, Y/Yn, Z/Zn
       (:data:`D65_WHITE`), so white becomes (1, 1, 1);
    3. f(t) = t ** (1/3) if t > 0.008856 else 7.787 t + 16/116;
    4. L = 116 f(Y) - 16 (903.3 Y if Y <= 0.008856), a = 500 (f(X) - f(Y)), b = 200 (f(Y) - f(Z)).

    float input in [0, 1] -> float32 (L, a, b); uint8 input -> uint8
    (rint(L * 255 / 100), rint(a + 128), rint(b + 128)), saturated to [0, 255].
    """
    # TODO(lab): img (..., 3) RGB, uint8 or float in [0, 1]. Linearise with srgb_to_linear (uint8:
    # | of img / 255), XYZ = SRGB_TO_XYZ @ rgb per pixel, divide by D65_WHITE, f(t) = cbrt(t) if
    # | t > LAB_EPS else LAB_SLOPE * t + 16/116, L = 116 f(Y) - 16 (LAB_KAPPA * Y if Y <= LAB_EPS),
    # | a = 500 (f(X) - f(Y)), b = 200 (f(Y) - f(Z)). float in -> float32 (L, a, b); uint8 in -> uint8
    # | (L * 255/100, a + 128, b + 128), rounded with np.rint and clipped. ValueError unless (..., 3).
    raise NotImplementedError("TODO(lab): write this region")


# ---------------------------------------------------------------------------------------------
# 4. Histograms
# ---------------------------------------------------------------------------------------------
def histogram(img: np.ndarray, bins: int = 256, mask: np.ndarray | None = None) -> np.ndarray:
    """Per-channel histogram of a uint8 image, like ``cv2.calcHist(..., [bins], [0, 256])``.

    Value v falls in bin ``v * bins // 256`` (equal-width bins over [0, 256)). ``mask``
    (H, W), if given, selects the pixels that count (non-zero = counted).
    (H, W) -> (bins,) int64; (H, W, C) -> (C, bins) int64, row c for channel c.
    """
    # TODO(hist): Count uint8 values per channel into `bins` equal bins over [0, 256)
    # | (bin = v * bins // 256), counting only pixels where `mask` (H, W) is non-zero if a mask is
    # | given. Return int64 (bins,) for (H, W) input and (C, bins) for (H, W, C). No Python loop over
    # | pixels (np.bincount). ValueError for a non-uint8 image, bins outside 1..256, or a mask whose
    # | shape is not img.shape[:2].
    raise NotImplementedError("TODO(hist): write this region")


# ---------------------------------------------------------------------------------------------
# 5. Global histogram equalisation
# ---------------------------------------------------------------------------------------------
def equalize_hist(gray: np.ndarray) -> np.ndarray:
    """Histogram equalisation of a uint8 grey image, bit-exact with ``cv2.equalizeHist``.

    With h the histogram, cdf its running sum, v_min the darkest value present and
    N the number of pixels, every value v maps through the look-up table::

        lut[v] = round((cdf[v] - cdf[v_min]) * 255 / (N - h[v_min]))

    so the darkest value present becomes 0 and the brightest 255. OpenCV computes the scale
    ``255 / (N - h[v_min])`` in float32 and rounds with cvRound (half to even). A constant
    image has nothing to stretch: OpenCV returns it unchanged.
    """
    # TODO(equalize): gray (H, W) uint8 -> uint8, exactly cv2.equalizeHist: histogram with your
    # | `histogram`, cdf = cumsum, v_min = first non-empty bin; if all pixels equal v_min return the
    # | image unchanged; else scale = float32(255) / float32(N - h[v_min]),
    # | lut = rint(float32(cdf - cdf[v_min]) * scale) clipped to [0, 255], output lut[gray].
    # | ValueError unless gray is a 2-D uint8 array.
    raise NotImplementedError("TODO(equalize): write this region")


# ---------------------------------------------------------------------------------------------
# 6. CLAHE: contrast-limited adaptive histogram equalisation
# ---------------------------------------------------------------------------------------------
def clahe_tile_luts(gray: np.ndarray, clip_limit: float, tile_grid: tuple[int, int]) -> np.ndarray:
    """One clipped-equalisation look-up table per tile, as ``cv2.createCLAHE`` builds them.

    ``gray`` (H, W) uint8 is cut into ``tile_grid = (ty, tx)`` tiles of (H/ty, W/tx) pixels
    (H and W must divide; :func:`clahe` pads first). Per tile, with area A:

    1. histogram h (256 bins);
    2. if clip_limit > 0: limit = max(int(clip_limit * A / 256), 1); every bin above the
       limit is cut to it, and the ``excess`` counts are handed back: ``excess // 256`` to
       every bin, then the remaining ``excess % 256`` one each to bins 0, s, 2s, ...
       with s = max(256 // remainder, 1);
    3. lut[v] = round(cdf[v] * 255 / A) (scale in float32, as in equalize_hist).

    Returns (ty, tx, 256) uint8. ``clip_limit <= 0`` means no clipping (plain tiled AHE).
    """
    # TODO(clahe_lut): Split gray (H, W) uint8 into tile_grid = (ty, tx) equal tiles (ValueError if
    # | H % ty or W % tx), histogram each (256 bins), and if clip_limit > 0 clip each bin at
    # | limit = max(int(clip_limit * A / 256), 1) (A = tile area), add excess // 256 to every bin and
    # | one more to bins 0, s, 2s, ... for the remaining excess % 256 counts (s = max(256 // rem, 1)).
    # | LUT = rint(float32(cdf) * (float32(255) / float32(A))). Return (ty, tx, 256) uint8. No loop
    # | over pixels (a loop over tiles is tolerable; one bincount for all tiles is better).
    raise NotImplementedError("TODO(clahe_lut): write this region")


def clahe_interpolate(gray: np.ndarray, luts: np.ndarray, tile_size: tuple[int, int]) -> np.ndarray:
    """Map every pixel through the LUTs of its four nearest tile centres, bilinearly weighted.

    Tile (i, j) has its centre at pixel row (i + 0.5) * th, column (j + 0.5) * tw. Pixel
    (y, x) sits at the fractional tile coordinate ``fy = y / th - 0.5``, ``fx = x / tw - 0.5``;
    with i0 = floor(fy), wy = fy - i0 (and the same for x), the result is::

        (1-wy) [(1-wx) L(i0, j0) + wx L(i0, j0+1)] + wy [(1-wx) L(i0+1, j0) + wx L(i0+1, j0+1)]

    where L(i, j) = luts[i, j, gray[y, x]] and tile indices are clamped to the grid (so the
    border half-tiles use their nearest tiles only, and corners a single LUT). Rounded to uint8.
    Interpolating the *mappings*, not the images, removes the block seams of tiled equalisation.
    """
    # TODO(clahe_interp): gray (H, W) uint8, luts (ty, tx, 256) uint8, tile_size (th, tw) in pixels.
    # | For each pixel: fy = y / th - 0.5, fx = x / tw - 0.5 (float32), i0 = floor(fy), wy = fy - i0,
    # | same for x; tile indices i0, i0 + 1 (and j0, j0 + 1) clamped to the grid; blend the four
    # | LUT values at the pixel's grey level bilinearly and return rint(...) as uint8 (H, W).
    # | Vectorised: per-row and per-column weights, then gathers from the flattened LUTs.
    raise NotImplementedError("TODO(clahe_interp): write this region")


def clahe(gray: np.ndarray, clip_limit: float = 40.0, tile_grid: tuple[int, int] = (8, 8)) -> np.ndarray:
    """CLAHE of a uint8 grey image, as ``cv2.createCLAHE(clip_limit, (tx, ty)).apply(gray)`` (provided).

    ``tile_grid`` is (tiles_y, tiles_x). If the image does not split evenly, OpenCV pads the
    bottom and right with BORDER_REFLECT_101 (NumPy's ``reflect``) by ``ty - H % ty`` rows and
    ``tx - W % tx`` columns for the LUTs only. Note the quirk reproduced here: once either side
    needs padding, BOTH are padded, so a side that already divided gets a whole extra tile's
    worth (coins, 303 x 384 on an 8 x 8 grid, gets tiles of 38 x 49, not 38 x 48).
    """
    ty, tx = tile_grid
    H, W = gray.shape
    ext = gray
    if H % ty or W % tx:
        ext = np.pad(gray, ((0, ty - H % ty), (0, tx - W % tx)), mode="reflect")
    luts = clahe_tile_luts(ext, clip_limit, tile_grid)  # (ty, tx, 256)
    return clahe_interpolate(gray, luts, (ext.shape[0] // ty, ext.shape[1] // tx))


# ---------------------------------------------------------------------------------------------
# 7. HSV colour segmentation
# ---------------------------------------------------------------------------------------------
def hsv_in_range(hsv: np.ndarray, lower: Sequence[float], upper: Sequence[float]) -> np.ndarray:
    """``cv2.inRange`` on an HSV image, except that the hue range may wrap through 0.

    Bounds are inclusive (h, s, v) triples in the image's units (8-bit OpenCV: H 0..179).
    If ``lower[0] <= upper[0]`` the hue test is ``lower_h <= H <= upper_h``; if
    ``lower[0] > upper[0]`` the range wraps: ``H >= lower_h or H <= upper_h`` (red: 170..179
    and 0..10). S and V never wrap. Returns a uint8 mask (H, W) of 0 / 255, like cv2.inRange.
    """
    # TODO(segment): Return a uint8 (H, W) mask, 255 where lower <= pixel <= upper channel-wise
    # | (inclusive, like cv2.inRange) and 0 elsewhere, for hsv (H, W, 3) and (h, s, v) bounds. If
    # | lower[0] > upper[0] the hue range wraps through 0: accept H >= lower[0] OR H <= upper[0]. S and
    # | V never wrap.
    raise NotImplementedError("TODO(segment): write this region")


def segment_color(rgb: np.ndarray, lower: Sequence[float], upper: Sequence[float], open_size: int = 7) -> np.ndarray:
    """RGB uint8 -> HSV -> :func:`hsv_in_range` -> morphological opening (provided).

    Opening (erosion then dilation) with an elliptical ``open_size`` kernel deletes specks
    smaller than the kernel (highlights, JPEG noise, the odd red pixel on an orange sweet)
    and keeps the shapes of larger blobs. Lab 1.3 implements the morphology itself.
    """
    mask = hsv_in_range(rgb_to_hsv(rgb), lower, upper)
    if open_size > 1:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (open_size, open_size))
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    return mask


if __name__ == "__main__":
    from cvlab import data

    np.set_printoptions(linewidth=110, suppress=True)
    path = data.opencv_sample("smarties.png")
    bgr = cv2.imread(str(path))
    rgb = read_image(path)
    y, x = 228, 33  # the centre of the red sweet on the left
    print(
        f"smarties.png {rgb.shape} {rgb.dtype}: cv2.imread pixel {bgr[y, x]} (B, G, R) -> read_image {rgb[y, x]} (R, G, B)"
    )

    swatches = np.array(
        [[[255, 0, 0], [255, 255, 0], [0, 255, 0], [0, 255, 255], [0, 0, 255], [255, 0, 255], [255, 0, 10]]], np.uint8
    )
    print("HSV (8-bit) of red, yellow, green, cyan, blue, magenta, red-10:\n", rgb_to_hsv(swatches)[0])
    print("HSV (float) of the same:\n", rgb_to_hsv(swatches.astype(np.float32) / 255)[0].round(2))

    print(f"sRGB 0.5 is {float(srgb_to_linear(np.array(0.5))):.4f} of white's light")
    greys = np.array([[[1.0, 1.0, 1.0], [0.5, 0.5, 0.5], [0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]], np.float32)
    print("Lab of white, mid-grey, black, red:\n", rgb_to_lab(greys)[0].round(3))

    gray = data.skimage_image("camera")
    print("camera histogram, 8 bins:", histogram(gray, bins=8))
    eq = equalize_hist(gray)
    print(f"equalize_hist == cv2.equalizeHist: {np.array_equal(eq, cv2.equalizeHist(gray))}")
    ours = clahe(gray, 2.0, (8, 8))
    ref = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray)
    print(
        f"CLAHE vs cv2: mean |diff| {np.abs(ours.astype(int) - ref).mean():.4f}, max {np.abs(ours.astype(int) - ref).max()}"
    )

    mask = segment_color(rgb, RED_LOWER, RED_UPPER)
    n, _, stats, centroids = cv2.connectedComponentsWithStats(mask)
    big = stats[1:, cv2.CC_STAT_AREA] >= 1000
    print(f"red sweets found: {int(big.sum())} at {centroids[1:][big].round().astype(int).tolist()}")
