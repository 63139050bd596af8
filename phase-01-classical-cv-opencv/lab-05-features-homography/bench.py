"""`cvlab bench 1.5`: every from-scratch step of the feature pipeline against OpenCV.

All inputs come from the 512x512 grey `camera` photo and its warp by a known homography
(cvlab.data.synthetic.warps): Harris and NMS run on the full image, the distance matrices
and matchers on the ORB (1000 x 1000, 256-bit) and SIFT (500 x 500, 128-D) descriptors of
the pair, the homography estimators on 500 synthetic correspondences of that warp (noise
1 px; 40 % outliers for RANSAC). Ratio = ours / reference, so 20 means 20x slower.
"""

from __future__ import annotations

import cv2
import numpy as np
from skimage.feature import peak_local_max

from cvlab import data
from cvlab.bench import Case
from cvlab.data.synthetic import warps


def cases(impl) -> list[Case]:
    img = data.skimage_image("camera")  # (512, 512) uint8
    pair = warps.warp_pair(img, jitter=0.12, seed=0)
    R = cv2.cornerHarris(img, 2, 3, 0.04).astype(np.float64)
    R32 = R.astype(np.float32)

    orb = cv2.ORB_create(nfeatures=1000)
    _, o1 = orb.detectAndCompute(pair.img1, None)
    _, o2 = orb.detectAndCompute(pair.img2, None)
    sift = cv2.SIFT_create(nfeatures=500)
    _, s1 = sift.detectAndCompute(pair.img1, None)
    _, s2 = sift.detectAndCompute(pair.img2, None)
    bf_h, bf_l2 = cv2.BFMatcher(cv2.NORM_HAMMING), cv2.BFMatcher(cv2.NORM_L2)

    clean = warps.correspondences(pair.H, img.shape, n=500, sigma=1.0, seed=1)
    noisy = warps.correspondences(pair.H, img.shape, n=500, sigma=1.0, outlier_fraction=0.4, seed=2)
    pp = warps.panorama_pair(img, width=320, overlap=0.5, seed=1)

    def nms_cv2():  # the usual OpenCV idiom: dilate = window max, compare, threshold, sort
        peaks = (R32 == cv2.dilate(R32, np.ones((11, 11), np.uint8))) & (R32 > 0.01 * R32.max())
        ys, xs = np.nonzero(peaks)
        return np.argsort(-R32[ys, xs])[:500]

    def knn_ratio(bf, a, b):
        return [m for m, n in bf.knnMatch(a, b, k=2) if m.distance < 0.8 * n.distance]

    def stitch_cv2():  # the two warps our stitch_pair also makes, with a plain average instead of feathering
        Hi = np.linalg.inv(pp.H)
        T = np.array([[1.0, 0, 0], [0, 1, 40.0], [0, 0, 1]])
        size = (500, 561)
        a = cv2.warpPerspective(pp.img1, T, size)
        b = cv2.warpPerspective(pp.img2, T @ Hi, size)
        return cv2.addWeighted(a, 0.5, b, 0.5, 0)

    return [
        Case(
            "Harris response 512x512 (block 2, Sobel 3)",
            lambda: impl.harris_response(img, 2, 3, 0.04),
            lambda: cv2.cornerHarris(img, 2, 3, 0.04),
            "cv2.cornerHarris",
        ),
        Case(
            "Harris corners: NMS 11x11 + top 500",
            lambda: impl.harris_corners(R, 500, 5, 0.01),
            nms_cv2,
            "cv2.dilate NMS",
        ),
        Case(
            "  same vs scikit-image",
            lambda: impl.harris_corners(R, 500, 5, 0.01),
            lambda: peak_local_max(R, min_distance=5, threshold_rel=0.01, num_peaks=500, exclude_border=False),
            "skimage peak_local_max",
        ),
        Case(
            "Hamming matrix ORB 1000x1000",
            lambda: impl.descriptor_distances(o1, o2, "hamming"),
            lambda: cv2.batchDistance(o1, o2, cv2.CV_32S, normType=cv2.NORM_HAMMING, K=1),
            "cv2.batchDistance",
        ),
        Case(
            "L2 matrix SIFT 500x500",
            lambda: impl.descriptor_distances(s1, s2, "l2"),
            lambda: cv2.batchDistance(s1, s2, cv2.CV_32F, normType=cv2.NORM_L2, K=1),
            "cv2.batchDistance",
        ),
        Case(
            "ratio test ORB 1000x1000",
            lambda: impl.match_descriptors(o1, o2, 0.8),
            lambda: knn_ratio(bf_h, o1, o2),
            "BFMatcher.knnMatch k=2",
        ),
        Case(
            "ratio test SIFT 500x500",
            lambda: impl.match_descriptors(s1, s2, 0.8),
            lambda: knn_ratio(bf_l2, s1, s2),
            "BFMatcher.knnMatch k=2",
        ),
        Case(
            "normalised DLT, 500 points",
            lambda: impl.homography_dlt(clean.src, clean.dst),
            lambda: cv2.findHomography(clean.src, clean.dst, 0),
            "cv2.findHomography(0)",
        ),
        Case(
            "RANSAC, 500 points, 40 % outliers",
            lambda: impl.ransac_homography(noisy.src, noisy.dst, 3.0),
            lambda: cv2.findHomography(noisy.src, noisy.dst, cv2.RANSAC, 3.0),
            "cv2.findHomography(RANSAC)",
        ),
        Case(
            "stitch a 320+320 px pair",
            lambda: impl.stitch_pair(pp.img1, pp.img2, pp.H),
            stitch_cv2,
            "2x warpPerspective + addWeighted",
        ),
    ]
