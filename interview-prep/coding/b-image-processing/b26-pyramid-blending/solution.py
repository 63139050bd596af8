"""b26 - Gaussian/Laplacian pyramids and blending.

pyr_down / pyr_up reproduce cv2.pyrDown / cv2.pyrUp (5-tap binomial kernel, reflect-101
border); the Laplacian pyramid stores the detail lost at each level, so collapsing it
reconstructs the image exactly; pyramid blending mixes two images band by band with a
progressively smoother mask (Burt & Adelson, 1983), hiding the seam.
"""

from __future__ import annotations

import numpy as np

_KERNEL = np.array([1.0, 4.0, 6.0, 4.0, 1.0]) / 16.0  # binomial ≈ Gaussian with σ ≈ 1


def _filter_axis(x: np.ndarray, weights: np.ndarray, axis: int) -> np.ndarray:
    """Correlate along one axis with a 5-tap kernel, reflect-101 border (dcb|abcd|cba... -> cb|abcd|cb)."""
    pad = [(0, 0)] * x.ndim
    pad[axis] = (2, 2)
    p = np.pad(x, pad, mode="reflect")  # NumPy's 'reflect' does not repeat the edge = reflect-101
    n = x.shape[axis]
    return sum(wt * np.take(p, np.arange(k, k + n), axis=axis) for k, wt in enumerate(weights))


def pyr_down(image: np.ndarray) -> np.ndarray:
    """Blur with the separable kernel [1, 4, 6, 4, 1] / 16 (reflect-101), keep even rows and columns.

    (H, W[, C]) -> ((H + 1) // 2, (W + 1) // 2[, C]), float64. The blur removes the frequencies
    that the 2x decimation would alias.
    """
    # BEGIN REGION pyr_down: Return float64 ((H+1)//2, (W+1)//2[, C]): blur with [1, 4, 6, 4, 1]/16 along rows and columns
    # | (border reflect-101: ...c b | a b c ... | ... x y z | y x ...), then keep rows and columns 0, 2, 4, ...
    # | ValueError for an image that is not 2-D/3-D or is empty.
    img = np.asarray(image, dtype=np.float64)
    if img.ndim not in (2, 3) or img.shape[0] == 0 or img.shape[1] == 0:
        raise ValueError(f"expected a non-empty (H, W) or (H, W, C) image, got shape {img.shape}")
    blurred = _filter_axis(_filter_axis(img, _KERNEL, 0), _KERNEL, 1)
    return blurred[::2, ::2]
    # END REGION pyr_down


def pyr_up(image: np.ndarray, out_h: int, out_w: int) -> np.ndarray:
    """Upsample (h, w[, C]) to (out_h, out_w[, C]) with out_h in {2h-1, 2h}, out_w in {2w-1, 2w}.

    Insert zeros: u[2i, 2j] = x[i, j] on a (2h, 2w) grid; correlate with [1, 4, 6, 4, 1] / 8
    along each axis (the pyrDown kernel times 2 per axis = 4 in 2-D, restoring the energy of
    the 3 zeros in every 2x2 block), reflect-101 border; crop to (out_h, out_w).
    """
    # BEGIN REGION pyr_up: Return float64 (out_h, out_w[, C]): put x[i, j] at (2i, 2j) of a (2h, 2w) zero grid, correlate
    # | with [1, 4, 6, 4, 1]/8 along rows and columns (reflect-101), crop to (out_h, out_w).
    # | ValueError unless out_h is 2h-1 or 2h and out_w is 2w-1 or 2w (and the image is 2-D/3-D, non-empty).
    img = np.asarray(image, dtype=np.float64)
    if img.ndim not in (2, 3) or img.shape[0] == 0 or img.shape[1] == 0:
        raise ValueError(f"expected a non-empty (H, W) or (H, W, C) image, got shape {img.shape}")
    h, w = img.shape[:2]
    if out_h not in (2 * h - 1, 2 * h) or out_w not in (2 * w - 1, 2 * w):
        raise ValueError(f"pyr_up of {h}x{w} must produce (2h or 2h-1) x (2w or 2w-1), got {out_h}x{out_w}")
    up = np.zeros((2 * h, 2 * w) + img.shape[2:])
    up[::2, ::2] = img
    up = _filter_axis(_filter_axis(up, 2 * _KERNEL, 0), 2 * _KERNEL, 1)
    return up[:out_h, :out_w]
    # END REGION pyr_up


def laplacian_pyramid(image: np.ndarray, levels: int) -> list[np.ndarray]:
    """[L0, ..., L_{levels-2}, G_{levels-1}]: L_k = G_k - pyr_up(G_{k+1}), the top is the coarse Gaussian."""
    g = np.asarray(image, dtype=np.float64)
    pyramid = []
    for _ in range(levels - 1):
        smaller = pyr_down(g)
        pyramid.append(g - pyr_up(smaller, g.shape[0], g.shape[1]))  # band-pass detail at this scale
        g = smaller
    pyramid.append(g)
    return pyramid


def collapse(pyramid: list[np.ndarray]) -> np.ndarray:
    """Invert laplacian_pyramid: start at the top, upsample and add each detail level. Exact by construction."""
    x = pyramid[-1]
    for detail in reversed(pyramid[:-1]):
        x = pyr_up(x, detail.shape[0], detail.shape[1]) + detail
    return x


def pyramid_blend(a: np.ndarray, b: np.ndarray, mask: np.ndarray, levels: int) -> np.ndarray:
    """Multi-band blend of a and b with weights mask (1 -> a, 0 -> b).

        LA, LB = laplacian_pyramid(a), laplacian_pyramid(b)      (levels each)
        GM = [mask, pyr_down(mask), ...]                          Gaussian pyramid of the mask
        L_k = GM_k · LA_k + (1 - GM_k) · LB_k,     result = collapse(L)
    Low frequencies are mixed over a wide transition (the blurred mask at coarse levels),
    high frequencies over a narrow one: no visible seam, no ghosting of fine detail.
    """
    # BEGIN REGION blend: Return float64, shape of a: collapse of the pyramid L_k = GM_k * LA_k + (1 - GM_k) * LB_k, with LA, LB
    # | laplacian_pyramid(a / b, levels) and GM_0 = mask, GM_{k+1} = pyr_down(GM_k). mask is (H, W) in [0, 1], 1 selects a,
    # | and broadcasts over a channel axis. ValueError: a and b of different shapes, mask not (H, W), levels < 1.
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    mask = np.asarray(mask, dtype=np.float64)
    if a.shape != b.shape or mask.shape != a.shape[:2]:
        raise ValueError(f"a {a.shape}, b {b.shape} and mask {mask.shape} do not match")
    if levels < 1:
        raise ValueError(f"levels must be >= 1, got {levels}")
    la, lb = laplacian_pyramid(a, levels), laplacian_pyramid(b, levels)
    gm = mask
    blended = []
    for k in range(levels):
        m = gm[..., None] if a.ndim == 3 else gm  # (h, w[, 1]) broadcasts over channels
        blended.append(m * la[k] + (1 - m) * lb[k])
        if k + 1 < levels:
            gm = pyr_down(gm)
    return collapse(blended)
    # END REGION blend


if __name__ == "__main__":
    np.set_printoptions(precision=3, suppress=True)
    x = np.zeros((5, 5))
    x[2, 2] = 16.0
    print("pyr_down(impulse at the centre of 5x5) =\n", pyr_down(x))
    print("pyr_up([[4.]], 2, 2) =\n", pyr_up(np.array([[4.0]]), 2, 2))
    a, b = np.full((8, 8), 10.0), np.zeros((8, 8))
    mask = np.zeros((8, 8))
    mask[:, :4] = 1.0
    print("row 0 of pyramid_blend(10s, 0s, left-half mask, 3) =", pyramid_blend(a, b, mask, 3)[0])
