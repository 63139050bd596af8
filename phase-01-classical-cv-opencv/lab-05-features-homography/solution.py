"""Lab 1.5 - Features, matching and homographies.

The classic feature pipeline, from pixels to a panorama, written from scratch in NumPy and
graded against OpenCV and against homographies known exactly:

    Harris response -> corners (NMS, top-N) -> descriptors (ORB / SIFT, given)
    -> distance matrices (Hamming via unpackbits, L2) -> Lowe's ratio test (+ cross-check)
    -> normalised DLT homography -> RANSAC -> stitching into a common canvas.

Conventions used throughout
    * images: (H, W) grey, uint8 or float. Colour images only appear in `stitch_pair`;
    * points: (x, y) = (column, row) in pixels, OpenCV's order, float64 arrays (N, 2);
      pixel (x, y) is the centre of img[y, x];
    * homographies: float64 (3, 3), normalised so H[2, 2] == 1, mapping the FIRST image to
      the SECOND: [x2, y2, w] = H [x1, y1, 1], then divide by w (cv2.findHomography(src, dst)
      returns the same thing);
    * matches: int64 arrays (M, 2) of index pairs (i, j) = (query row in d1, train row in d2),
      sorted by i.

No Python loop visits a pixel or a descriptor pair: every step is a whole-array operation
(RANSAC even scores its hypotheses in batches).

Run ``python solution.py`` for a tour; ``cvlab check 1.5`` grades your ``lab.py``.
"""

from __future__ import annotations

import cv2
import numpy as np
from scipy import ndimage as ndi  # noqa: F401, RUF100 (lab.py uses it only in your regions)

# ---------------------------------------------------------------------------------------------
# Given helpers
# ---------------------------------------------------------------------------------------------


def sobel_kernels(ksize: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """The 1-D factors of OpenCV's Sobel operator: (derivative, smoothing), each (ksize,).

    Smoothing is the binomial row of length ksize ([1, 2, 1] for 3, [1, 4, 6, 4, 1] for 5),
    the derivative the binomial of length ksize-1 convolved with [-1, 1] ([-1, 0, 1] for 3,
    [-1, -2, 0, 2, 1] for 5). The x-derivative filter is smooth(y) * deriv(x): unnormalised,
    so a ramp of slope 1 gives 2^(ksize - 1) - exactly what cv2.Sobel returns.
    """
    if ksize not in (3, 5, 7):
        raise ValueError(f"ksize must be 3, 5 or 7, got {ksize}")
    smooth = np.array([1.0])
    for _ in range(ksize - 1):
        smooth = np.convolve(smooth, [1.0, 1.0])
    deriv = np.array([1.0])
    for _ in range(ksize - 2):
        deriv = np.convolve(deriv, [1.0, 1.0])
    deriv = np.convolve(deriv, [1.0, -1.0])[::-1]  # correlation kernel: -1 on the left, +1 on the right
    return deriv, smooth


def sobel_xy(img: np.ndarray, ksize: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """(Ix, Iy) as cv2.Sobel(img, CV_64F, 1, 0, ksize) and (0, 1): float64 (H, W), reflect-101 border."""
    x = np.asarray(img, dtype=np.float64)
    deriv, smooth = sobel_kernels(ksize)
    # scipy's "mirror" is OpenCV's BORDER_REFLECT_101 (dcb|abcd|cba); correlate1d does no flip
    ix = ndi.correlate1d(ndi.correlate1d(x, smooth, axis=0, mode="mirror"), deriv, axis=1, mode="mirror")
    iy = ndi.correlate1d(ndi.correlate1d(x, smooth, axis=1, mode="mirror"), deriv, axis=0, mode="mirror")
    return ix, iy


def to_gray(img: np.ndarray) -> np.ndarray:
    """Grey uint8 from grey, BGR or RGB uint8 (the channel order barely matters for features)."""
    img = np.asarray(img)
    return img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)


def detect_features(img: np.ndarray, method: str = "orb", n_features: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """Keypoints and descriptors with OpenCV: ``(pts (N, 2) float64 (x, y), descriptors)``.

    method "orb": cv2.ORB_create(n_features) -> binary descriptors, uint8 (N, 32) = 256 bits,
    compared with the Hamming distance. method "sift": cv2.SIFT_create(n_features) ->
    float32 (N, 128), compared with L2. Given: this lab is about what comes after detection.
    """
    gray = to_gray(img)
    if method == "orb":
        detector = cv2.ORB_create(nfeatures=n_features)
        width = 32
    elif method == "sift":
        detector = cv2.SIFT_create(nfeatures=n_features)
        width = 128
    else:
        raise ValueError(f"method must be 'orb' or 'sift', got {method!r}")
    keypoints, desc = detector.detectAndCompute(gray, None)
    pts = np.array([kp.pt for kp in keypoints], dtype=np.float64).reshape(-1, 2)  # (N, 2)
    if desc is None:  # no keypoint found
        desc = np.zeros((0, width), np.uint8 if method == "orb" else np.float32)
    return pts, desc


def apply_homography(H: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Map points (N, 2) through H (3, 3): homogeneous product, then divide by the last coordinate."""
    pts = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
    hom = np.c_[pts, np.ones(len(pts))] @ np.asarray(H, dtype=np.float64).T  # (N, 3) @ (3, 3) -> (N, 3)
    return hom[:, :2] / hom[:, 2:3]


# ---------------------------------------------------------------------------------------------
# 1. Harris corner response (cv2.cornerHarris)
# ---------------------------------------------------------------------------------------------
def harris_response(
    img: np.ndarray,
    block_size: int = 2,
    ksize: int = 3,
    k: float = 0.04,
    window: str = "box",
    sigma: float = 1.0,
) -> np.ndarray:
    """Harris corner response R = det(M) - k trace(M)^2 for every pixel, as cv2.cornerHarris.

    M is the structure tensor, the windowed sum of the outer product of the gradient::

        M = sum_window [[Ix^2,  Ix Iy],      det M = A C - B^2,  trace M = A + C
                        [Ix Iy, Iy^2 ]]  =  [[A, B], [B, C]]

    Its eigenvalues l1 >= l2 are the gradient energy along the two principal directions:
    both large = corner (R > 0), one large = edge (R < 0), both small = flat (R ~ 0).
    R = l1 l2 - k (l1 + l2)^2 avoids computing them.

    OpenCV's exact scaling (so the numbers match): gradients are cv2.Sobel(ksize) times
    ``1 / (2^(ksize-1) * block_size)``, and uint8 input is first divided by 255. window
    "box": UNnormalised sum over block_size x block_size (anchor at block_size // 2, as
    cv2.boxFilter(normalize=False)); "gaussian": Gaussian-weighted sum, weights summing to
    1, std ``sigma``, truncated at 4 sigma. Borders: reflect-101 everywhere.

    img: (H, W) grey; returns float64 (H, W).
    """
    # BEGIN REGION harris: Return R = det(M) - k * trace(M)^2, float64 (H, W). Gradients: Ix, Iy =
    # | sobel_xy(x, ksize) scaled by 1 / (2^(ksize-1) * block_size), with x = img as float64 (divided
    # | by 255 first if img is uint8). M's entries A = sum Ix^2, B = sum Ix*Iy, C = sum Iy^2 over the
    # | window: window "box" = unnormalised block_size x block_size sum (cv2.boxFilter normalize=False,
    # | reflect-101 border); window "gaussian" = normalised Gaussian of std sigma (truncate 4, "mirror").
    img = np.asarray(img)
    if img.ndim != 2:
        raise ValueError(f"expected a grey (H, W) image, got shape {img.shape}")
    x = img.astype(np.float64)
    if img.dtype == np.uint8:
        x /= 255.0
    ix, iy = sobel_xy(x, ksize)  # (H, W) each
    scale = 1.0 / ((1 << (ksize - 1)) * block_size)
    ix, iy = ix * scale, iy * scale
    products = np.stack([ix * ix, ix * iy, iy * iy])  # (3, H, W): A, B, C before windowing
    if window == "box":
        # uniform_filter averages; times the area it is the unnormalised box sum. Even sizes
        # use the same anchor as OpenCV (block_size // 2).
        summed = ndi.uniform_filter(products, size=(1, block_size, block_size), mode="mirror") * block_size**2
    elif window == "gaussian":
        summed = ndi.gaussian_filter(products, sigma=(0, sigma, sigma), mode="mirror", truncate=4.0)
    else:
        raise ValueError(f"window must be 'box' or 'gaussian', got {window!r}")
    a, b, c = summed  # (H, W) each
    return a * c - b * b - k * (a + c) ** 2
    # END REGION harris


# ---------------------------------------------------------------------------------------------
# 2. Corners: non-maximum suppression and the N strongest
# ---------------------------------------------------------------------------------------------
def harris_corners(
    response: np.ndarray, n: int = 500, min_distance: int = 5, threshold_rel: float = 0.01
) -> np.ndarray:
    """The ``n`` strongest local maxima of a response map, strongest first: int64 (N, 2) (x, y).

    A pixel is kept when it is the maximum of its (2 min_distance + 1)^2 neighbourhood
    (pixels outside the image do not count) and its value exceeds
    ``threshold_rel * response.max()``. Non-maximum suppression turns a blob of high
    response around each corner into one point; the threshold drops weak, noisy maxima.
    (skimage.feature.peak_local_max(response, min_distance, threshold_rel=...,
    exclude_border=False, num_peaks=n) computes the same set, as (row, col).)
    """
    # BEGIN REGION corners: Return int64 (N, 2) of (x, y) = (column, row) positions of the local maxima
    # | of `response` (equal to the max over the (2*min_distance+1)^2 window; outside the image does not
    # | count) with value > threshold_rel * response.max(), sorted by response descending, at most n.
    # | No Python loop over pixels. An empty or all-equal map gives shape (0, 2).
    R = np.asarray(response, dtype=np.float64)
    if R.ndim != 2:
        raise ValueError(f"expected a 2-D response map, got shape {R.shape}")
    if R.size == 0 or n <= 0:
        return np.zeros((0, 2), dtype=np.int64)
    size = 2 * int(min_distance) + 1
    # mode "nearest" repeats the edge pixel, which is already in the window: as if outside did not exist
    local_max = ndi.maximum_filter(R, size=size, mode="nearest")  # (H, W)
    keep = (R == local_max) & (R > threshold_rel * R.max())
    if R.max() == R.min():  # a constant map has no peak
        keep[:] = False
    rows, cols = np.nonzero(keep)  # (K,), (K,)
    order = np.argsort(-R[rows, cols], kind="stable")[:n]  # strongest first
    return np.stack([cols[order], rows[order]], axis=1).astype(np.int64)  # (N, 2) (x, y)
    # END REGION corners


# ---------------------------------------------------------------------------------------------
# 3. Descriptor distance matrices (cv2.batchDistance, cv2.norm)
# ---------------------------------------------------------------------------------------------
def descriptor_distances(d1: np.ndarray, d2: np.ndarray, metric: str | None = None) -> np.ndarray:
    """All pairwise distances between two descriptor sets: float64 (N1, N2).

    metric "hamming" (binary descriptors, uint8 (N, B) = 8B bits each): the number of bits
    that differ, popcount(a XOR b). With bits a, b in {0, 1}: a XOR b = a (1 - b) + (1 - a) b,
    so the whole matrix is two matrix products of the unpacked bit matrices.
    metric "l2" (float descriptors): ||a - b|| = sqrt(||a||^2 + ||b||^2 - 2 a.b), clipped at 0
    before the root (rounding can make it slightly negative). None: "hamming" for uint8, else "l2".
    """
    # BEGIN REGION distances: Return float64 (N1, N2) with D[i, j] = distance(d1[i], d2[j]). "hamming": count
    # | of differing BITS (np.unpackbits on uint8 rows, then matrix products - no (N1, N2, B) XOR tensor
    # | needed); "l2": Euclidean via ||a||^2 + ||b||^2 - 2 a.b (clip >= 0, then sqrt). metric None ->
    # | "hamming" for uint8 input, "l2" otherwise. Empty inputs give shape (N1, N2) with a zero.
    d1, d2 = np.asarray(d1), np.asarray(d2)
    if d1.ndim != 2 or d2.ndim != 2 or d1.shape[1] != d2.shape[1]:
        raise ValueError(f"descriptor sets must be (N1, D) and (N2, D), got {d1.shape} and {d2.shape}")
    if metric is None:
        metric = "hamming" if d1.dtype == np.uint8 else "l2"
    if metric == "hamming":
        if d1.dtype != np.uint8 or d2.dtype != np.uint8:
            raise ValueError("Hamming distance needs uint8 (packed binary) descriptors")
        b1 = np.unpackbits(d1, axis=1).astype(np.float32)  # (N1, 8D) of 0/1
        b2 = np.unpackbits(d2, axis=1).astype(np.float32)  # (N2, 8D)
        # a XOR b = a(1-b) + (1-a)b: two (N1, 8D) @ (8D, N2) products; float32 is exact up to 2^24
        return (b1 @ (1.0 - b2).T + (1.0 - b1) @ b2.T).astype(np.float64)
    if metric == "l2":
        a, b = d1.astype(np.float64), d2.astype(np.float64)
        sq = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T)  # (N1, N2)
        return np.sqrt(np.maximum(sq, 0.0))
    raise ValueError(f"metric must be 'hamming', 'l2' or None, got {metric!r}")
    # END REGION distances


# ---------------------------------------------------------------------------------------------
# 4. Lowe's ratio test and cross-check (cv2.BFMatcher)
# ---------------------------------------------------------------------------------------------
def match_descriptors(
    d1: np.ndarray, d2: np.ndarray, ratio: float = 0.8, cross_check: bool = False, metric: str | None = None
) -> np.ndarray:
    """Nearest-neighbour matches that pass Lowe's ratio test: int64 (M, 2) pairs (i, j), sorted by i.

    For each query descriptor d1[i], let j1, j2 be its nearest and second-nearest train
    descriptors (distances D1 <= D2). Keep (i, j1) when ``D1 < ratio * D2``: the best match
    must be clearly better than the runner-up, otherwise it is ambiguous (repeated texture)
    or a feature with no true partner, whose nearest and second-nearest are equally far.
    With ``cross_check`` also require i to be the nearest query of j1 (a mutual nearest
    neighbour). Fewer than 2 train descriptors: no match (the ratio is undefined).
    """
    # BEGIN REGION ratio: Return int64 (M, 2) pairs (i, j): j = nearest d2 row of d1[i], kept when
    # | best < ratio * second_best (strict); with cross_check also i == argmin of column j. Use
    # | descriptor_distances(d1, d2, metric); no loop over descriptors (np.partition / argsort on
    # | rows). Sorted by i. Fewer than 2 rows in d2 (or none in d1) -> shape (0, 2).
    D = descriptor_distances(d1, d2, metric)  # (N1, N2)
    n1, n2 = D.shape
    if n1 == 0 or n2 < 2:
        return np.zeros((0, 2), dtype=np.int64)
    rows = np.arange(n1)
    best = np.argmin(D, axis=1)  # (N1,)
    two = np.partition(D, 1, axis=1)[:, :2]  # (N1, 2): the two smallest distances, in order
    keep = two[:, 0] < ratio * two[:, 1]
    if cross_check:
        keep &= np.argmin(D, axis=0)[best] == rows  # j's nearest query is i
    return np.stack([rows[keep], best[keep]], axis=1).astype(np.int64)
    # END REGION ratio


# ---------------------------------------------------------------------------------------------
# 5. Hartley normalisation
# ---------------------------------------------------------------------------------------------
def normalize_points(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Similarity T that centres points and scales their mean distance to the origin to sqrt(2).

    Returns ``(normalised (N, 2), T (3, 3))`` with normalised = T applied to pts::

        T = [[s, 0, -s cx], [0, s, -s cy], [0, 0, 1]],  s = sqrt(2) / mean_i ||p_i - c||

    After it the "average" point is (1, 1): every entry of the DLT matrix is O(1) instead of
    ranging from 1 to x^2 ~ 10^6, which is what makes the DLT accurate under noise.
    """
    # BEGIN REGION normalize: Return (normalised points (N, 2) float64, T (3, 3)) where T = [[s,0,-s*cx],
    # | [0,s,-s*cy],[0,0,1]], c = centroid, s = sqrt(2) / (mean distance of the points to c), and the
    # | normalised points equal T applied to pts. Raise ValueError for an empty set or when all points
    # | coincide (the scale is undefined).
    pts = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
    if len(pts) == 0:
        raise ValueError("cannot normalise an empty point set")
    c = pts.mean(axis=0)  # (2,)
    mean_dist = np.linalg.norm(pts - c, axis=1).mean()
    if not mean_dist > 0:
        raise ValueError("all points coincide: the normalising scale is undefined")
    s = np.sqrt(2.0) / mean_dist
    T = np.array([[s, 0.0, -s * c[0]], [0.0, s, -s * c[1]], [0.0, 0.0, 1.0]])
    return (pts - c) * s, T
    # END REGION normalize


# ---------------------------------------------------------------------------------------------
# 6. Direct linear transform (cv2.findHomography with method=0, cv2.getPerspectiveTransform)
# ---------------------------------------------------------------------------------------------
def homography_dlt(src: np.ndarray, dst: np.ndarray, normalize: bool = True) -> np.ndarray:
    """Least-squares homography from N >= 4 correspondences by the (normalised) DLT.

    Each pair (x, y) -> (u, v) says H p is parallel to q = (u, v, 1): q x (H p) = 0, two
    independent linear equations in the 9 entries h of H (row-major)::

        [ x  y  1  0  0  0  -u x  -u y  -u ] h = 0
        [ 0  0  0  x  y  1  -v x  -v y  -v ] h = 0

    Stack them into A (2N, 9); the h with ||h|| = 1 minimising ||A h|| is the right singular
    vector of A with the smallest singular value. With ``normalize`` (Hartley), solve for
    H' between T1 src and T2 dst, then H = T2^-1 H' T1. Returns H / H[2, 2].
    """
    # BEGIN REGION dlt: Return the (3, 3) H (H[2,2] == 1) mapping src -> dst in the least-squares sense:
    # | build A (2N, 9) with rows [x, y, 1, 0, 0, 0, -u*x, -u*y, -u] and [0, 0, 0, x, y, 1, -v*x, -v*y, -v],
    # | take the right singular vector of the smallest singular value (np.linalg.svd), reshape (3, 3).
    # | If normalize: do this on normalize_points(src), normalize_points(dst) and undo: T2^-1 H' T1.
    # | Raise ValueError when N < 4 or src/dst shapes differ.
    src = np.asarray(src, dtype=np.float64).reshape(-1, 2)
    dst = np.asarray(dst, dtype=np.float64).reshape(-1, 2)
    if len(src) != len(dst) or len(src) < 4:
        raise ValueError(f"need N >= 4 pairs of points, got {len(src)} src and {len(dst)} dst")
    T1 = T2 = np.eye(3)
    if normalize:
        src, T1 = normalize_points(src)
        dst, T2 = normalize_points(dst)
    x, y = src[:, 0], src[:, 1]
    u, v = dst[:, 0], dst[:, 1]
    one, zero = np.ones_like(x), np.zeros_like(x)
    rows_u = np.stack([x, y, one, zero, zero, zero, -u * x, -u * y, -u], axis=1)  # (N, 9)
    rows_v = np.stack([zero, zero, zero, x, y, one, -v * x, -v * y, -v], axis=1)  # (N, 9)
    A = np.concatenate([rows_u, rows_v])  # (2N, 9)
    # (9,) the last row of V^T: smallest singular value. Thin SVD (no (2N, 2N) U) unless 2N < 9,
    # where only the full V^T contains the null vector.
    h = np.linalg.svd(A, full_matrices=A.shape[0] < 9)[2][-1]
    H = np.linalg.inv(T2) @ h.reshape(3, 3) @ T1
    return H / H[2, 2]
    # END REGION dlt


# ---------------------------------------------------------------------------------------------
# 7. RANSAC (cv2.findHomography with cv2.RANSAC)
# ---------------------------------------------------------------------------------------------
def _minimal_homographies(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Homographies of K minimal samples at once: src, dst (K, 4, 2) -> (K, 3, 3), by batched SVD."""
    x, y = src[..., 0], src[..., 1]  # (K, 4)
    u, v = dst[..., 0], dst[..., 1]
    one, zero = np.ones_like(x), np.zeros_like(x)
    rows_u = np.stack([x, y, one, zero, zero, zero, -u * x, -u * y, -u], axis=-1)  # (K, 4, 9)
    rows_v = np.stack([zero, zero, zero, x, y, one, -v * x, -v * y, -v], axis=-1)
    A = np.concatenate([rows_u, rows_v], axis=1)  # (K, 8, 9)
    return np.linalg.svd(A)[2][:, -1].reshape(-1, 3, 3)  # full V^T is (K, 9, 9): its last row spans the null space


def _transfer_errors(Hs: np.ndarray, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """||H(src) - dst|| for K homographies (K, 3, 3) and N points: (K, N); inf behind the camera."""
    hom = np.einsum("kij,nj->kni", Hs, np.c_[src, np.ones(len(src))])  # (K, N, 3)
    w = hom[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        proj = hom[..., :2] / w[..., None]
        err = np.linalg.norm(proj - dst[None], axis=-1)
    return np.where(np.isfinite(err), err, np.inf)


def ransac_homography(
    src: np.ndarray,
    dst: np.ndarray,
    threshold: float = 3.0,
    confidence: float = 0.999,
    max_iters: int = 2000,
    seed: int | np.random.Generator | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Robust homography: ``(H (3, 3), inliers (N,) bool)``, as cv2.findHomography(..., cv2.RANSAC, threshold).

    Repeat: draw 4 distinct correspondences, fit H exactly, count the inliers (transfer error
    ||H(src) - dst|| < threshold). Keep the H with the most inliers. With w the best inlier
    fraction so far, the chance that none of N samples is all-inlier is (1 - w^4)^N, so stop
    after N = log(1 - confidence) / log(1 - w^4) samples (capped by max_iters): the count
    adapts (confidence 0.999): 26 samples for w = 0.7, 107 for w = 0.5, 850 for w = 0.3.
    Finally RE-FIT by the normalised DLT on ALL inliers of the best sample (and recompute the
    inliers): a 4-point H fits the noise of its 4 points exactly; hundreds of inliers average
    it out.
    """
    # BEGIN REGION ransac: Return (H (3, 3) with H[2,2] == 1, inliers (N,) bool). Sample 4 distinct indices
    # | (rng = np.random.default_rng(seed)), fit H, inliers = transfer error ||H(src) - dst|| < threshold;
    # | keep the best count. Adaptive: stop after N = log(1-confidence) / log(1 - w^4) samples (w = best
    # | inlier fraction so far), at most max_iters. Then re-fit homography_dlt on all the inliers and
    # | recompute them (repeat while they change, a few times). N < 4 pairs -> ValueError.
    src = np.asarray(src, dtype=np.float64).reshape(-1, 2)
    dst = np.asarray(dst, dtype=np.float64).reshape(-1, 2)
    n = len(src)
    if len(dst) != n or n < 4:
        raise ValueError(f"need N >= 4 pairs of points, got {len(src)} src and {len(dst)} dst")
    rng = np.random.default_rng(seed)
    # Normalise ONCE for all the minimal fits (the same conditioning argument as the DLT).
    s_n, T1 = normalize_points(src)
    d_n, T2 = normalize_points(dst)
    T2_inv = np.linalg.inv(T2)
    best_H, best_count, needed, done = np.eye(3), -1, max_iters, 0
    batch = 64
    while done < min(needed, max_iters):
        k = min(batch, max_iters - done)
        # k samples of 4 distinct indices: argsort of random keys (vectorised, no replacement)
        idx = np.argsort(rng.random((k, n)), axis=1)[:, :4]  # (k, 4)
        Hs = T2_inv @ _minimal_homographies(s_n[idx], d_n[idx]) @ T1  # (k, 3, 3) in pixel coordinates
        err = _transfer_errors(Hs, src, dst)  # (k, N)
        counts = (err < threshold).sum(axis=1)  # (k,)
        done += k
        top = int(np.argmax(counts))
        if counts[top] > best_count:
            best_count, best_H = int(counts[top]), Hs[top]
            w = best_count / n
            # samples needed so that P(no all-inlier sample) <= 1 - confidence
            needed = 0 if w >= 1.0 else int(np.ceil(np.log(1.0 - confidence) / np.log1p(-(w**4))))
    best_H = best_H / best_H[2, 2] if best_H[2, 2] != 0 else best_H
    inliers = _transfer_errors(best_H[None], src, dst)[0] < threshold  # (N,)
    for _ in range(5):  # re-fit on ALL inliers, until the inlier set stops changing
        if inliers.sum() < 4:
            break
        H = homography_dlt(src[inliers], dst[inliers])
        new = _transfer_errors(H[None], src, dst)[0] < threshold
        if new.sum() < 4:
            break
        best_H, stable, inliers = H, bool(np.array_equal(new, inliers)), new
        if stable:
            break
    return best_H, inliers
    # END REGION ransac


# ---------------------------------------------------------------------------------------------
# 8. Stitching a pair into a panorama
# ---------------------------------------------------------------------------------------------
def stitch_pair(img1: np.ndarray, img2: np.ndarray, H: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Warp two images into one canvas in img1's frame: ``(panorama, T, mask)``.

    H maps img1 to img2. The canvas is img1's plane, shifted by a translation T (3, 3) so
    that img1 and the back-projected img2 (corners through H^-1) both fit with no negative
    coordinate: img1 is warped by T, img2 by T H^-1 (cv2.warpPerspective, bilinear). Where
    both cover a pixel they are blended by feathering: each image's weight is its distance
    to its own border (cv2.distanceTransform of its warped coverage mask), so seams fade.

    img1, img2: (h, w) or (h, w, C), same number of channels; returns pano float64
    (Hc, Wc[, C]) (0 where nothing covers), T float64 (3, 3) (img1 coords -> canvas), mask
    bool (Hc, Wc) (covered by at least one image).
    """
    # BEGIN REGION stitch: Return (pano float64 (Hc, Wc[, C]), T (3, 3), mask bool (Hc, Wc)). T translates
    # | img1's frame so the bounding box of img1's corners and img2's corners mapped by inv(H) starts at
    # | (0, 0); warp img1 by T and img2 by T @ inv(H) (cv2.warpPerspective) into (Wc, Hc); blend the
    # | overlap with weights that vanish at each image's border (e.g. cv2.distanceTransform of its mask).
    img1 = np.asarray(img1, dtype=np.float64)
    img2 = np.asarray(img2, dtype=np.float64)
    H = np.asarray(H, dtype=np.float64)
    H_inv = np.linalg.inv(H)

    def corners(shape):
        h, w = shape[:2]
        return np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float64)

    pts = np.concatenate([corners(img1.shape), apply_homography(H_inv, corners(img2.shape))])  # (8, 2)
    x_min, y_min = np.floor(pts.min(axis=0))
    x_max, y_max = np.ceil(pts.max(axis=0))
    T = np.array([[1.0, 0.0, 0.0 - x_min], [0.0, 1.0, 0.0 - y_min], [0.0, 0.0, 1.0]])
    size = (int(x_max - x_min) + 1, int(y_max - y_min) + 1)  # (Wc, Hc) as OpenCV wants it

    def warp(img, M):
        warped = cv2.warpPerspective(img, M, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
        cover = cv2.warpPerspective(
            np.ones(img.shape[:2], np.uint8), M, size, flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT
        )
        # feathering weight: distance (px) to the nearest uncovered pixel, 0 outside
        weight = cv2.distanceTransform(np.pad(cover, 1), cv2.DIST_L2, 3)[1:-1, 1:-1].astype(np.float64)
        return warped, weight

    w1_img, w1 = warp(img1, T)
    w2_img, w2 = warp(img2, T @ H_inv)
    total = w1 + w2  # (Hc, Wc)
    mask = total > 0
    safe = np.where(mask, total, 1.0)
    if img1.ndim == 3:
        w1, w2, safe = w1[..., None], w2[..., None], safe[..., None]
    pano = (w1 * w1_img + w2 * w2_img) / safe
    return pano, T, mask
    # END REGION stitch


# ---------------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------------
if __name__ == "__main__":
    from cvlab import data
    from cvlab.data.synthetic import warps

    np.set_printoptions(precision=4, suppress=True)
    camera = data.skimage_image("camera")  # (512, 512) uint8

    R = harris_response(camera, block_size=2, ksize=3, k=0.04)
    ref = cv2.cornerHarris((camera / 255.0).astype(np.float32), 2, 3, 0.04)
    print(f"Harris: max |R - cv2.cornerHarris| / max|R| = {np.abs(R - ref).max() / np.abs(ref).max():.2e}")
    corners = harris_corners(R, n=200, min_distance=5)
    print(f"strongest Harris corners (x, y): {corners[:3].tolist()} ... ({len(corners)} kept)")

    pair = warps.warp_pair(camera, jitter=0.15, seed=0)
    p1, d1 = detect_features(pair.img1, "orb", 1500)
    p2, d2 = detect_features(pair.img2, "orb", 1500)
    m = match_descriptors(d1, d2, ratio=0.8)
    print(f"ORB: {len(p1)} / {len(p2)} keypoints, {len(m)} ratio-test matches")
    H, inl = ransac_homography(p1[m[:, 0]], p2[m[:, 1]], threshold=3.0)
    print(
        f"RANSAC: {inl.sum()} inliers, corner error vs the true H = {warps.corner_error(H, pair.H, camera.shape):.3f} px"
    )

    g1 = cv2.imread(str(data.opencv_sample("graf1.png")), cv2.IMREAD_GRAYSCALE)
    g3 = cv2.imread(str(data.opencv_sample("graf3.png")), cv2.IMREAD_GRAYSCALE)
    fs = cv2.FileStorage(str(data.opencv_sample("H1to3p.xml")), cv2.FILE_STORAGE_READ)
    H13 = fs.getNode("H13").mat()  # the dataset's ground truth graf1 -> graf3 (keep fs alive while reading)
    fs.release()
    q1, e1 = detect_features(g1, "orb", 3000)
    q3, e3 = detect_features(g3, "orb", 3000)
    mg = match_descriptors(e1, e3, ratio=0.8)
    Hg, inl_g = ransac_homography(q1[mg[:, 0]], q3[mg[:, 1]], threshold=3.0)
    print(
        f"graf1 -> graf3: {inl_g.sum()}/{len(mg)} inliers, corner error vs H1to3p = "
        f"{warps.corner_error(Hg, H13, g1.shape):.2f} px"
    )

    pp = warps.panorama_pair(camera, width=320, overlap=0.5, seed=1)
    pano, T, mask = stitch_pair(pp.img1, pp.img2, pp.H)
    print(f"panorama: canvas {pano.shape}, T offset {T[:2, 2]}, {mask.mean():.0%} covered")
