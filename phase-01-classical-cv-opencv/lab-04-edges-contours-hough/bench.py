"""`cvlab bench 1.4`: every from-scratch operation against OpenCV doing the same work.

Ratio = ours / reference on 512x512 inputs (the grey `camera` photo; sudoku.png resized to
512x512 for the Hough transform), so 20 means our NumPy version takes 20x as long. OpenCV
is asked for the same output type where it can be (CV_64F derivatives); cv2.Canny and
cv2.HoughLines run their native uint8 / int paths, which is part of why they are fast.
"""

from __future__ import annotations

import cv2
import numpy as np

from cvlab import data
from cvlab.bench import Case


def cases(impl) -> list[Case]:
    camera = data.skimage_image("camera")  # (512, 512) uint8
    sudoku = cv2.imread(str(data.opencv_sample("sudoku.png")), cv2.IMREAD_GRAYSCALE)
    sudoku = cv2.resize(sudoku, (512, 512), interpolation=cv2.INTER_AREA)  # (512, 512) uint8
    edges = cv2.Canny(sudoku, 50, 150)  # the same edge map for both Hough implementations
    gx = cv2.Sobel(camera, cv2.CV_64F, 1, 0)
    gy = cv2.Sobel(camera, cv2.CV_64F, 0, 1)
    mag = np.abs(gx) + np.abs(gy)
    _, ang = cv2.cartToPolar(gx, gy, angleInDegrees=True)
    thin = impl.non_max_suppression(mag, ang)
    outline = _largest_contour(sudoku)  # (N, 1, 2) int32, CHAIN_APPROX_NONE: every boundary pixel
    return [
        Case(
            "Sobel gx + gy 3x3 (float64)",
            lambda: impl.image_gradients(camera),
            lambda: (cv2.Sobel(camera, cv2.CV_64F, 1, 0), cv2.Sobel(camera, cv2.CV_64F, 0, 1)),
            "cv2.Sobel x2 CV_64F",
        ),
        Case(
            "Scharr gx + gy (float64)",
            lambda: impl.image_gradients(camera, "scharr"),
            lambda: (cv2.Scharr(camera, cv2.CV_64F, 1, 0), cv2.Scharr(camera, cv2.CV_64F, 0, 1)),
            "cv2.Scharr x2 CV_64F",
        ),
        Case(
            "magnitude + angle (L2, degrees)",
            lambda: impl.gradient_polar(gx, gy),
            lambda: cv2.cartToPolar(gx, gy, angleInDegrees=True),
            "cv2.cartToPolar",
        ),
        Case(
            "non-maximum suppression",
            lambda: impl.non_max_suppression(mag, ang),
            lambda: cv2.Canny(camera, 100, 200),
            "whole cv2.Canny",
        ),
        Case(
            "hysteresis (100, 200)",
            lambda: impl.hysteresis(thin, 100, 200),
            lambda: cv2.Canny(camera, 100, 200),
            "whole cv2.Canny",
        ),
        Case(
            "Canny (100, 200), L1",
            lambda: impl.canny(camera, 100, 200),
            lambda: cv2.Canny(camera, 100, 200),
            "cv2.Canny",
        ),
        Case(
            "Canny (100, 200), L2",
            lambda: impl.canny(camera, 100, 200, l2gradient=True),
            lambda: cv2.Canny(camera, 100, 200, L2gradient=True),
            "cv2.Canny L2",
        ),
        Case(
            "Hough accumulator + 20 peaks (sudoku edges)",
            lambda: impl.hough_lines(edges, threshold=100, max_lines=20),
            lambda: cv2.HoughLines(edges, 1, np.pi / 180, 100),
            "cv2.HoughLines",
        ),
        Case(
            "contour descriptors (sudoku grid outline)",
            lambda: impl.shape_descriptors(outline),
            lambda: _cv2_descriptors(outline),
            "cv2 area/arcLength/moments/hull",
        ),
    ]


def _largest_contour(gray: np.ndarray) -> np.ndarray:
    binary = cv2.adaptiveThreshold(
        cv2.GaussianBlur(gray, (5, 5), 0), 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 11, 2
    )
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    return max(contours, key=cv2.contourArea)


def _cv2_descriptors(c: np.ndarray) -> tuple:
    hull = cv2.convexHull(c)
    return cv2.contourArea(c), cv2.arcLength(c, True), cv2.moments(c), cv2.contourArea(hull), cv2.arcLength(hull, True)
