"""`cvlab bench 1.3`: every from-scratch operation against OpenCV / scikit-image.

Ratio = ours / reference on the 512x512 grey `camera` photo (uint8), so 20 means our NumPy
version takes 20x as long. The labelling cases run on a binary mask of that photo
(adaptive threshold, ~1000 components); the last case is the whole coins pipeline on the
(303, 384) coins photo it was written for, against the same steps in OpenCV.
"""

from __future__ import annotations

import cv2
import numpy as np

from cvlab import data
from cvlab.bench import Case


def cases(impl) -> list[Case]:
    img = data.skimage_image("camera")  # (512, 512) uint8
    mask = cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 5)
    n_ref, labels_ref = cv2.connectedComponents(mask, connectivity=8)
    ellipse5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    ellipse7 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    coins = data.skimage_image("coins")  # (303, 384)

    # The equivalences the run-based labeller hands to merge_labels on this mask, for timing
    # the union-find alone against SciPy's graph components.
    edges = _run_edges(mask)

    def skimage_props():
        from skimage.measure import regionprops

        return [
            (
                r.area,
                r.centroid,
                r.bbox,
                r.equivalent_diameter_area,
                r.axis_major_length,
                r.axis_minor_length,
                r.eccentricity,
                r.orientation,
            )
            for r in regionprops(labels_ref)
        ]

    def scipy_union(n, a, b):
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        return connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n)), directed=False)

    def coins_cv2():
        smooth = cv2.GaussianBlur(coins, (5, 5), 0, borderType=cv2.BORDER_REPLICATE)
        m = cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 101, -20)
        m = cv2.morphologyEx(cv2.morphologyEx(m, cv2.MORPH_OPEN, ellipse5), cv2.MORPH_CLOSE, ellipse5)
        _, _, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
        return int((stats[1:, cv2.CC_STAT_AREA] >= 400).sum())

    return [
        Case(
            "Otsu threshold",
            lambda: impl.otsu_threshold(img),
            lambda: cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU),
            "cv2.threshold(OTSU)",
        ),
        Case(
            "local mean 15x15 (box)",
            lambda: impl.local_mean(img, 15, "mean"),
            lambda: cv2.boxFilter(img, -1, (15, 15), borderType=cv2.BORDER_REPLICATE),
            "cv2.boxFilter",
        ),
        Case(
            "local mean 15x15 (Gaussian)",
            lambda: impl.local_mean(img, 15, "gaussian"),
            lambda: cv2.GaussianBlur(img, (15, 15), 0, borderType=cv2.BORDER_REPLICATE),
            "cv2.GaussianBlur",
        ),
        Case(
            "adaptive threshold mean 15, C=5",
            lambda: impl.adaptive_threshold(img, 15, 5, "mean"),
            lambda: cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, 5),
            "cv2.adaptiveThreshold",
        ),
        Case(
            "adaptive threshold Gaussian 15, C=5",
            lambda: impl.adaptive_threshold(img, 15, 5, "gaussian"),
            lambda: cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 15, 5),
            "cv2.adaptiveThreshold",
        ),
        Case(
            "erode, ellipse 5x5 (grey)",
            lambda: impl.morphology(img, "erode", ellipse5),
            lambda: cv2.erode(img, ellipse5),
            "cv2.erode",
        ),
        Case(
            "dilate, 3x3 square (grey)",
            lambda: impl.morphology(img, "dilate", np.ones((3, 3), np.uint8)),
            lambda: cv2.dilate(img, np.ones((3, 3), np.uint8)),
            "cv2.dilate",
        ),
        Case(
            "open, ellipse 7x7 (mask)",
            lambda: impl.morphology(mask, "open", ellipse7),
            lambda: cv2.morphologyEx(mask, cv2.MORPH_OPEN, ellipse7),
            "cv2.morphologyEx",
        ),
        Case(
            "close, ellipse 7x7 (mask)",
            lambda: impl.morphology(mask, "close", ellipse7),
            lambda: cv2.morphologyEx(mask, cv2.MORPH_CLOSE, ellipse7),
            "cv2.morphologyEx",
        ),
        Case(
            f"union-find, {edges[0]} runs / {len(edges[1])} equivalences",
            lambda: impl.merge_labels(*edges),
            lambda: scipy_union(*edges),
            "scipy csgraph",
        ),
        Case(
            f"connected components 8-conn ({n_ref - 1} blobs)",
            lambda: impl.connected_components(mask, 8),
            lambda: cv2.connectedComponents(mask, connectivity=8),
            "cv2.connectedComponents",
        ),
        Case(
            "connected components 4-conn",
            lambda: impl.connected_components(mask, 4),
            lambda: cv2.connectedComponents(mask, connectivity=4),
            "cv2.connectedComponents",
        ),
        Case(
            "labels + area/box/centroid",
            lambda: impl.region_properties(impl.connected_components(mask, 8)[1]),
            lambda: cv2.connectedComponentsWithStats(mask, connectivity=8),
            "cv2.connectedComponentsWithStats",
        ),
        Case(
            "region properties (all 8)",
            lambda: impl.region_properties(labels_ref, n_ref),
            skimage_props,
            "skimage regionprops",
        ),
        Case("count coins, whole pipeline (303x384)", lambda: impl.count_coins(coins), coins_cv2, "same steps in cv2"),
    ]


def _run_edges(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(number of runs, a, b): 8-connected touching run pairs of consecutive rows (as in the solution)."""
    fg = mask != 0
    H, W = fg.shape
    edges = np.zeros((H, W + 2), np.int8)
    edges[:, 1:-1] = fg
    step = np.diff(edges, axis=1)
    row, start = np.nonzero(step == 1)
    _, end = np.nonzero(step == -1)
    stride = W + 2
    first = np.searchsorted(row * stride + end, (row - 1) * stride + start - 1, side="right")
    last = np.searchsorted(row * stride + start, (row - 1) * stride + end + 1, side="left")
    count = np.maximum(last - first, 0)
    a = np.repeat(np.arange(row.size), count)
    b = np.repeat(first, count) + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return row.size, a, b
