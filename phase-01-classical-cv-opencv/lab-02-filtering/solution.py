"""Lab 1.2 - Filtering and denoising.

Linear filters (correlation, convolution, Gaussian, box, unsharp masking), non-linear ones
(median, bilateral) and the two numbers everyone reports for a restored image (PSNR and
SSIM), all from scratch in NumPy and all graded against OpenCV / scikit-image.

Conventions used throughout
    * images: (H, W) grey or (H, W, C) channels-last, any real dtype. Every linear filter
      works on all channels independently and returns float64 of the input's shape: no
      rounding, no clipping (round to uint8 yourself when you store a result);
    * kernels: 2-D float arrays (kh, kw), indexed K[i, j] (row i, column j);
    * anchor: (ax, ay) = (column, row) of the kernel element that sits on the output pixel,
      OpenCV's order; None means the centre (kw // 2, kh // 2);
    * borders: the names in BORDERS (OpenCV's border types), "reflect101" by default.

No Python loop visits a pixel: every filter is a sum of O(k^2) whole-image operations
(one per kernel offset) or a reduction over a sliding-window view.

Run ``python solution.py`` for a tour; ``cvlab check 1.2`` grades your ``lab.py``.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view  # noqa: F401, RUF100 (lab.py uses it only in your regions)

#: Border types: how pixels outside the image are invented. Pattern for the row "abcd"
#: padded by 3 on each side, and the OpenCV constant of the same rule.
BORDERS = {
    "reflect101": "dcb|abcd|cba",  # cv2.BORDER_REFLECT_101 = BORDER_DEFAULT (mirror about the edge pixel)
    "reflect": "cba|abcd|dcb",  # cv2.BORDER_REFLECT (mirror about the edge; the edge pixel repeats)
    "replicate": "aaa|abcd|ddd",  # cv2.BORDER_REPLICATE (cv2.medianBlur always uses this one)
    "constant": "vvv|abcd|vvv",  # cv2.BORDER_CONSTANT with value v
    "wrap": "bcd|abcd|abc",  # cv2.BORDER_WRAP (periodic; cv2.filter2D does not support it)
}
#: The same rules under NumPy's names: np.pad's "reflect" is OpenCV's REFLECT_101 and
#: np.pad's "symmetric" is OpenCV's REFLECT (SciPy's ndimage calls them "mirror"/"reflect").
_NP_PAD_MODE = {
    "reflect101": "reflect",
    "reflect": "symmetric",
    "replicate": "edge",
    "constant": "constant",
    "wrap": "wrap",
}


def pad_border(
    img: np.ndarray, top: int, bottom: int, left: int, right: int, border: str = "reflect101", value: float = 0.0
) -> np.ndarray:
    """Pad the two spatial axes of an (H, W) or (H, W, C) image, like ``cv2.copyMakeBorder``.

    Given (you wrote this in lab 0.2): the filters below call it. Channels are never padded.
    """
    if border not in BORDERS:
        raise ValueError(f"unknown border {border!r}; expected one of {sorted(BORDERS)}")
    if min(top, bottom, left, right) < 0:
        raise ValueError("pad widths must be >= 0")
    widths = ((top, bottom), (left, right)) + ((0, 0),) * (img.ndim - 2)
    if border == "constant":
        return np.pad(img, widths, mode="constant", constant_values=value)
    return np.pad(img, widths, mode=_NP_PAD_MODE[border])


def _as_float(img: np.ndarray) -> np.ndarray:
    img = np.asarray(img)
    if img.ndim not in (2, 3):
        raise ValueError(f"expected an (H, W) or (H, W, C) image, got shape {img.shape}")
    return img.astype(np.float64, copy=False)


# ---------------------------------------------------------------------------------------------
# 1. Correlation and convolution (cv2.filter2D)
# ---------------------------------------------------------------------------------------------
def filter2d(
    img: np.ndarray,
    kernel: np.ndarray,
    *,
    flip: bool = False,
    anchor: tuple[int, int] | None = None,
    border: str = "reflect101",
    value: float = 0.0,
) -> np.ndarray:
    """Correlate (``flip=False``, what ``cv2.filter2D`` does) or convolve (``flip=True``).

    With anchor (ax, ay) and kernel K of shape (kh, kw)::

        correlation:  out[y, x] = sum_ij K[i, j] * img[y + i - ay, x + j - ax]
        convolution:  out[y, x] = sum_ij K[i, j] * img[y - i + ay, x - j + ax]

    Convolution is correlation with the kernel rotated by 180 degrees and the anchor
    mirrored to (kw - 1 - ax, kh - 1 - ay); for a symmetric kernel with a centred anchor
    the two agree. Impulse responses show the difference: convolving a single bright
    pixel stamps K itself (anchor on the pixel), correlating it stamps K rotated.

    img: (H, W) or (H, W, C); kernel: (kh, kw) any sizes (even sizes need care with the
    anchor); returns float64 with img's shape. Pixels outside the image come from ``border``.
    """
    # BEGIN REGION filter2d: Return float64 out (same shape as img, channels filtered independently):
    # | correlation out[y,x] = sum_ij K[i,j] img[y+i-ay, x+j-ax] when flip is False; when flip is True,
    # | true convolution (flip the kernel both ways and mirror the anchor to (kw-1-ax, kh-1-ay)).
    # | anchor is (ax, ay) = (column, row), None -> (kw // 2, kh // 2). Outside pixels come from
    # | `border` (pad_border). Vectorise: one whole-image multiply-add per kernel offset.
    x = _as_float(img)
    K = np.asarray(kernel, dtype=np.float64)
    if K.ndim != 2 or K.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array, got shape {K.shape}")
    kh, kw = K.shape
    ax, ay = (kw // 2, kh // 2) if anchor is None else anchor
    if not (0 <= ax < kw and 0 <= ay < kh):
        raise ValueError(f"anchor {(ax, ay)} is outside the {kw}x{kh} kernel")
    if flip:  # convolution = correlation with the rotated kernel and the mirrored anchor
        K = K[::-1, ::-1]
        ax, ay = kw - 1 - ax, kh - 1 - ay
    H, W = x.shape[:2]
    # ay rows above, kh-1-ay below: then padded[y + i, x + j] == img[y + i - ay, x + j - ax]
    padded = pad_border(x, ay, kh - 1 - ay, ax, kw - 1 - ax, border, value)
    out = np.zeros_like(x)
    for i in range(kh):  # O(kh * kw) whole-image operations, no per-pixel loop
        for j in range(kw):
            if K[i, j] != 0.0:
                out += K[i, j] * padded[i : i + H, j : j + W]  # (H, W[, C])
    return out
    # END REGION filter2d


# ---------------------------------------------------------------------------------------------
# 2. Gaussian kernel (cv2.getGaussianKernel) and separable blur (cv2.GaussianBlur)
# ---------------------------------------------------------------------------------------------
def gaussian_kernel(sigma: float, ksize: int = 0, dtype: np.dtype | type = np.float64) -> np.ndarray:
    """1-D sampled Gaussian, normalised to sum 1, as ``cv2.getGaussianKernel(ksize, sigma)``.

    ``g[i] = exp(-(i - (ksize - 1) / 2)^2 / (2 sigma^2)) / sum_i(...)``, i = 0..ksize-1.

    Sizes and sigmas follow OpenCV's ``GaussianBlur``:
      * ``ksize == 0``: ksize = round(2 * t * sigma + 1) | 1 (round half to even, then forced
        odd), with t = 3 for uint8 images and t = 4 for every other ``dtype``: the kernel
        covers +-3 sigma (or +-4 sigma) around the centre;
      * ``sigma <= 0`` (with ksize > 0): sigma = 0.3 * ((ksize - 1) * 0.5 - 1) + 0.8.
        (For ksize <= 9 and sigma <= 0 OpenCV returns fixed-point tables instead.)
    ``dtype`` is the dtype of the image you will blur; it only matters when ksize == 0.
    """
    # BEGIN REGION gaussian: Return the (ksize,) float64 Gaussian, normalised so it sums to 1, centred
    # | at (ksize - 1) / 2. ksize == 0: derive it from sigma with OpenCV's rule round(2*t*sigma + 1) | 1,
    # | t = 3 if dtype is uint8 else 4 (round to nearest, never truncate). sigma <= 0: sigma = 0.3*((ksize-1)*0.5 - 1)
    # | + 0.8. Raise ValueError for an even or negative ksize, or for ksize == 0 with sigma <= 0.
    if ksize == 0:
        if not sigma > 0:
            raise ValueError("need sigma > 0 when ksize == 0")
        t = 3 if np.dtype(dtype) == np.uint8 else 4
        ksize = round(2 * t * sigma + 1) | 1  # Python's round is half-to-even, like cvRound
    if ksize < 0 or ksize % 2 == 0:
        raise ValueError(f"ksize must be odd and positive, got {ksize}")
    if sigma <= 0:
        sigma = 0.3 * ((ksize - 1) * 0.5 - 1) + 0.8
    x = np.arange(ksize, dtype=np.float64) - (ksize - 1) / 2  # (ksize,) offsets from the centre
    g = np.exp(-(x * x) / (2.0 * sigma * sigma))
    return g / g.sum()  # sampled and truncated: 1/(sqrt(2 pi) sigma) would not sum to 1
    # END REGION gaussian


def gaussian_blur(img: np.ndarray, sigma: float, ksize: int = 0, border: str = "reflect101") -> np.ndarray:
    """``cv2.GaussianBlur(img, (ksize, ksize), sigma)`` as two 1-D passes, float64.

    The 2-D Gaussian is the outer product g g^T, so correlating with it equals correlating
    the rows with g and then the columns with g: 2k multiply-adds per pixel instead of k^2.
    Given: it uses your ``filter2d`` and ``gaussian_kernel``.
    """
    g = gaussian_kernel(sigma, ksize, np.asarray(img).dtype)  # (k,)
    rows = filter2d(img, g[None, :], border=border)  # (1, k) kernel: along x
    return filter2d(rows, g[:, None], border=border)  # (k, 1) kernel: along y


# ---------------------------------------------------------------------------------------------
# 3. Box filter by integral image (cv2.boxFilter)
# ---------------------------------------------------------------------------------------------
def box_filter(
    img: np.ndarray, ksize: int | tuple[int, int], normalize: bool = True, border: str = "reflect101"
) -> np.ndarray:
    """Sum (or mean, ``normalize=True``) over a kw x kh window, in O(1) per pixel.

    ``ksize`` is an int or (kw, kh) (OpenCV's (width, height) order); the window is anchored
    at (kw // 2, kh // 2) like ``cv2.boxFilter``. With the zero-prefixed integral image
    ``S[r, c] = sum of P[:r, :c]`` of the padded image P::

        window sum at (y, x) = S[y + kh, x + kw] - S[y, x + kw] - S[y + kh, x] + S[y, x]

    so the cost does not depend on the window size. Returns float64 with img's shape.
    """
    # BEGIN REGION box: Window sums via an integral image: pad by (kh//2 top, kh-1-kh//2 bottom,
    # | kw//2 left, kw-1-kw//2 right) with `border`, build the zero-prefixed summed-area table
    # | (float64), take the four-corner difference for every pixel at once, divide by kw*kh if
    # | normalize. ksize is an int or (kw, kh); return float64 with img's shape.
    kw, kh = (ksize, ksize) if np.isscalar(ksize) else ksize
    if kw < 1 or kh < 1:
        raise ValueError(f"ksize must be positive, got {ksize}")
    x = _as_float(img)
    H, W = x.shape[:2]
    P = pad_border(x, kh // 2, kh - 1 - kh // 2, kw // 2, kw - 1 - kw // 2, border)  # (H+kh-1, W+kw-1[, C])
    S = np.zeros((P.shape[0] + 1, P.shape[1] + 1) + P.shape[2:])
    S[1:, 1:] = P.cumsum(axis=0).cumsum(axis=1)  # S[r, c] = P[:r, :c].sum()
    out = S[kh : kh + H, kw : kw + W] - S[:H, kw : kw + W] - S[kh : kh + H, :W] + S[:H, :W]
    return out / (kw * kh) if normalize else out
    # END REGION box


# ---------------------------------------------------------------------------------------------
# 4. Median filter (cv2.medianBlur)
# ---------------------------------------------------------------------------------------------
def median_filter(img: np.ndarray, ksize: int, border: str = "replicate") -> np.ndarray:
    """Median of every ksize x ksize window, per channel; same dtype as ``img``.

    An order statistic, not a weighted sum: it cannot be written as a convolution, ignores
    isolated outliers entirely (up to (k^2 - 1) / 2 of them per window) and keeps step
    edges sharp. The default border is "replicate" because that is what ``cv2.medianBlur``
    uses (unlike every other OpenCV filter). The median of an odd count is one of the
    input values, so the dtype is kept exactly.
    """
    # BEGIN REGION median: Return the median of each ksize x ksize window (centred; ksize odd >= 1,
    # | else ValueError), channels independently, same shape and dtype as img. Pad with `border`
    # | (default "replicate", as cv2.medianBlur). Vectorise: a sliding-window view, then one
    # | reduction over the window axes.
    if ksize < 1 or ksize % 2 == 0:
        raise ValueError(f"ksize must be odd and positive, got {ksize}")
    img = np.asarray(img)
    r = ksize // 2
    P = pad_border(img, r, r, r, r, border)
    win = sliding_window_view(P, (ksize, ksize), axis=(0, 1))  # (H, W[, C], k, k), a view
    flat = win.reshape(win.shape[:-2] + (ksize * ksize,))  # copies: (H, W[, C], k*k)
    mid = ksize * ksize // 2
    return np.partition(flat, mid, axis=-1)[..., mid]  # O(k^2) selection, not a full sort
    # END REGION median


# ---------------------------------------------------------------------------------------------
# 5. Bilateral filter (cv2.bilateralFilter)
# ---------------------------------------------------------------------------------------------
def bilateral_filter(
    img: np.ndarray, d: int, sigma_color: float, sigma_space: float, border: str = "reflect101"
) -> np.ndarray:
    """Edge-preserving smoothing with OpenCV's conventions, float64.

    ::

        out(p) = sum_q w(p, q) I(q) / sum_q w(p, q)
        w(p, q) = exp(-|p - q|^2 / (2 sigma_space^2)) * exp(-dist(I(p), I(q))^2 / (2 sigma_color^2))

    * neighbourhood: the DISC |p - q| <= r (not the square), r = d // 2 if d > 0 else
      round(1.5 * sigma_space), and r >= 1;
    * dist: |I(p) - I(q)| for grey; for colour the L1 distance summed over channels
      (|db| + |dg| + |dr|), and every channel of q gets the same weight.
    """
    # BEGIN REGION bilateral: Return float64 sum_q w I(q) / sum_q w over the disc |p-q| <= r,
    # | r = d // 2 if d > 0 else round(1.5 * sigma_space), at least 1 (ValueError unless both sigmas
    # | > 0). w = exp(-|p-q|^2 / (2 sigma_space^2)) * exp(-dist^2 / (2 sigma_color^2)), dist = |I(p)-I(q)|
    # | for grey, the L1 sum over channels for colour (one weight per pixel). Pad with `border`;
    # | loop over the disc's offsets only, never over pixels.
    if not (sigma_color > 0 and sigma_space > 0):
        raise ValueError("sigma_color and sigma_space must be > 0")
    x = _as_float(img)
    grey = x.ndim == 2
    if grey:
        x = x[..., None]  # (H, W, 1): one code path
    r = max(d // 2 if d > 0 else round(1.5 * sigma_space), 1)
    H, W = x.shape[:2]
    P = pad_border(x, r, r, r, r, border)  # (H+2r, W+2r, C)
    num = np.zeros_like(x)  # (H, W, C)
    den = np.zeros((H, W, 1))
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if dy * dy + dx * dx > r * r:  # outside the disc
                continue
            q = P[r + dy : r + dy + H, r + dx : r + dx + W]  # (H, W, C): neighbour at offset (dy, dx)
            dist = np.abs(q - x).sum(axis=-1, keepdims=True)  # (H, W, 1) L1 over channels
            w = np.exp(-(dy * dy + dx * dx) / (2 * sigma_space**2) - dist * dist / (2 * sigma_color**2))
            num += w * q
            den += w  # >= 1 term with w = 1 (q = p), never zero
    out = num / den
    return out[..., 0] if grey else out
    # END REGION bilateral


# ---------------------------------------------------------------------------------------------
# 6. Unsharp masking
# ---------------------------------------------------------------------------------------------
def unsharp_mask(
    img: np.ndarray, sigma: float, amount: float = 1.0, threshold: float = 0.0, border: str = "reflect101"
) -> np.ndarray:
    """Sharpen by adding back the detail a blur removes: ``img + amount * (img - blur)``.

    ``blur = gaussian_blur(img, sigma)`` (OpenCV's ksize rule for img's dtype). Pixels whose
    detail |img - blur| is <= ``threshold`` are left unchanged (so flat, noisy areas are not
    sharpened). Equivalent to ``cv2.addWeighted(img, 1 + amount, blur, -amount, 0)`` when the
    threshold is 0. Returns float64, not clipped: the overshoot next to an edge (the "halo")
    is the point, clip when you store it.
    """
    # BEGIN REGION unsharp: Return float64 img + amount * (img - blur), blur = gaussian_blur(img, sigma,
    # | border=border), applied only where |img - blur| > threshold (elsewhere img unchanged). No clipping.
    x = _as_float(img)
    detail = x - gaussian_blur(img, sigma, border=border)  # high-pass: what the blur removed
    return np.where(np.abs(detail) > threshold, x + amount * detail, x)
    # END REGION unsharp


# ---------------------------------------------------------------------------------------------
# 7. PSNR
# ---------------------------------------------------------------------------------------------
def _data_range(img: np.ndarray, data_range: float | None) -> float:
    if data_range is not None:
        return float(data_range)
    if np.issubdtype(img.dtype, np.unsignedinteger):
        return float(np.iinfo(img.dtype).max)  # 255 for uint8
    raise ValueError(f"pass data_range for {img.dtype} images (e.g. 1.0 for floats in [0, 1], 255 for 0..255)")


def psnr(reference: np.ndarray, test: np.ndarray, data_range: float | None = None) -> float:
    """Peak signal-to-noise ratio in dB: ``10 log10(R^2 / MSE)``; ``inf`` for identical images.

    ``R`` is the data range (the largest possible value minus the smallest: 255 for uint8,
    the default for unsigned integers; required for floats), NOT the largest value present
    in the image: a dark image does not get a smaller peak.
    """
    # BEGIN REGION psnr: Return 10 * log10(R^2 / MSE) as a Python float (inf when MSE == 0). MSE = mean of
    # | the squared difference computed in float64 (uint8 subtraction wraps!); R = data_range, default
    # | np.iinfo(dtype).max for unsigned integer images, ValueError for others without data_range.
    # | Raise ValueError if the shapes differ.
    a, b = np.asarray(reference), np.asarray(test)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    R = _data_range(a, data_range)
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else float(10.0 * np.log10(R * R / mse))
    # END REGION psnr


# ---------------------------------------------------------------------------------------------
# 8. SSIM
# ---------------------------------------------------------------------------------------------
SSIM_SIGMA = 1.5  #: Gaussian window of Wang et al. (2004)
SSIM_RADIUS = 5  #: 11-tap window (scikit-image: truncate 3.5 -> radius int(3.5 * 1.5 + 0.5) = 5)
SSIM_K1, SSIM_K2 = 0.01, 0.03  #: C1 = (K1 R)^2, C2 = (K2 R)^2


def ssim(
    x: np.ndarray, y: np.ndarray, data_range: float | None = None, return_map: bool = False
) -> float | tuple[float, np.ndarray]:
    """Mean structural similarity with an 11x11 Gaussian window (sigma 1.5), like
    ``skimage.metrics.structural_similarity(x, y, data_range=R, gaussian_weights=True,
    sigma=1.5, use_sample_covariance=False)``.

    Local weighted statistics (window w, sum w = 1) at every position where the whole
    window fits inside the image::

        mu_x = w * x,   s_xx = w * x^2 - mu_x^2,   s_xy = w * (x y) - mu_x mu_y   (same for y)
        SSIM = (2 mu_x mu_y + C1)(2 s_xy + C2) / ((mu_x^2 + mu_y^2 + C1)(s_xx + s_yy + C2))

    with C1 = (0.01 R)^2 and C2 = (0.03 R)^2. The score is the mean of that map, which has
    shape (H - 10, W - 10) (the border positions that scikit-image crops before averaging).
    Colour (H, W, C): per channel, then the mean over channels (map (H-10, W-10, C)).
    """
    # BEGIN REGION ssim: Compute the SSIM map at every position where the 11x11 Gaussian window
    # | (sigma 1.5, normalised) fits: shape (H-10, W-10[, C]), float64, using weighted means, the
    # | population (co)variances and C1 = (0.01 R)^2, C2 = (0.03 R)^2 (R as in psnr). Return its mean
    # | as a Python float, and (mean, map) if return_map. ValueError if the shapes differ or a side < 11.
    a, b = np.asarray(x), np.asarray(y)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    if a.ndim not in (2, 3) or min(a.shape[:2]) < 2 * SSIM_RADIUS + 1:
        raise ValueError(f"need an (H, W[, C]) image with sides >= {2 * SSIM_RADIUS + 1}, got {a.shape}")
    R = _data_range(a, data_range)
    a, b = a.astype(np.float64), b.astype(np.float64)
    t = np.arange(-SSIM_RADIUS, SSIM_RADIUS + 1, dtype=np.float64)
    g = np.exp(-(t * t) / (2 * SSIM_SIGMA**2))
    g /= g.sum()  # (11,)

    def wmean(z: np.ndarray) -> np.ndarray:
        """Separable 'valid' Gaussian average: (H, W[, C]) -> (H-10, W-10[, C])."""
        z = np.moveaxis(sliding_window_view(z, g.size, axis=0), -1, 0)  # (11, H-10, W[, C])
        z = np.tensordot(g, z, axes=1)  # (11,) . (11, ...) -> (H-10, W[, C])
        z = np.moveaxis(sliding_window_view(z, g.size, axis=1), -1, 0)  # (11, H-10, W-10[, C])
        return np.tensordot(g, z, axes=1)

    mu_a, mu_b = wmean(a), wmean(b)
    s_aa = wmean(a * a) - mu_a**2  # population variance under the window weights
    s_bb = wmean(b * b) - mu_b**2
    s_ab = wmean(a * b) - mu_a * mu_b
    C1, C2 = (SSIM_K1 * R) ** 2, (SSIM_K2 * R) ** 2
    smap = ((2 * mu_a * mu_b + C1) * (2 * s_ab + C2)) / ((mu_a**2 + mu_b**2 + C1) * (s_aa + s_bb + C2))
    score = float(smap.mean())  # mean over positions (and channels)
    return (score, smap) if return_map else score
    # END REGION ssim


# ---------------------------------------------------------------------------------------------
# The experiment: which denoiser for which noise? (given; uses every region)
# ---------------------------------------------------------------------------------------------
def denoise_experiment(clean: np.ndarray, seed: int = 0) -> list[dict[str, object]]:
    """PSNR/SSIM of several denoisers on Gaussian, salt-and-pepper and Poisson noise.

    ``clean``: uint8 grey image. Noise from ``cvlab.data.synthetic.noise`` (exact parameters);
    every noisy image is rounded to uint8 first, as a stored photo would be. Returns one row
    per (noise, method) with the PSNR (dB) and SSIM against ``clean``.
    """
    from cvlab.data.synthetic import noise

    noisy_images = {
        "gaussian sigma=20": noise.to_uint8(noise.gaussian(clean, 20, seed)),
        "salt-and-pepper 10%": noise.salt_and_pepper(clean, 0.10, seed).noisy,
        "poisson peak=30": noise.to_uint8(noise.poisson(clean, 30, seed)),
    }
    methods = {
        "none (noisy input)": lambda z: z,
        "gaussian sigma=1": lambda z: gaussian_blur(z, 1.0),
        "box 3x3": lambda z: box_filter(z, 3),
        "median 3x3": lambda z: median_filter(z, 3),
        "median 5x5": lambda z: median_filter(z, 5),
        "bilateral d=7 sc=40 ss=2": lambda z: bilateral_filter(z, 7, 40.0, 2.0),
    }
    rows = []
    for noise_name, noisy in noisy_images.items():
        for method, fn in methods.items():
            out = noise.to_uint8(fn(noisy))
            rows.append({"noise": noise_name, "method": method, "psnr": psnr(clean, out), "ssim": ssim(clean, out)})
    return rows


if __name__ == "__main__":
    from cvlab import data

    camera = data.skimage_image("camera")  # (512, 512) uint8
    crop = camera[96:352, 128:384]  # (256, 256)
    print(f"camera crop {crop.shape} {crop.dtype}")

    k = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])  # "take the right neighbour"
    ramp = np.arange(5, dtype=np.float64)[None, :].repeat(3, axis=0)
    print("ramp row               :", ramp[1])
    print("correlate (x+1)        :", filter2d(ramp, k)[1], " <- cv2.filter2D reads img[x + 1]")
    print("convolve (x-1)         :", filter2d(ramp, k, flip=True)[1], " <- the flip reads img[x - 1]")

    print(
        "gaussian_kernel(1.0)   :",
        np.round(gaussian_kernel(1.0, dtype=np.uint8), 4),
        "(7 taps: 3-sigma rule for uint8)",
    )
    print("gaussian_kernel(1.0)   :", gaussian_kernel(1.0).size, "taps for float images (4-sigma rule)")
    print(
        "box 15x15 mean of crop :",
        round(float(box_filter(crop, 15).mean()), 3),
        "vs crop mean",
        round(float(crop.mean()), 3),
    )
    print("median 5x5 of crop     :", median_filter(crop, 5).dtype, median_filter(crop, 5).shape)
    bil = bilateral_filter(crop, 7, 40.0, 2.0)
    print("bilateral range        :", round(float(bil.min()), 1), round(float(bil.max()), 1))
    sharp = unsharp_mask(crop, 2.0, 1.0)
    print(
        "unsharp overshoot      :",
        round(float(sharp.min()), 1),
        round(float(sharp.max()), 1),
        "(outside [0, 255]: halos)",
    )
    print()
    print(f"{'noise':<22}{'method':<27}{'PSNR dB':>8}{'SSIM':>8}")
    for row in denoise_experiment(crop):
        print(f"{row['noise']:<22}{row['method']:<27}{row['psnr']:>8.2f}{row['ssim']:>8.3f}")
