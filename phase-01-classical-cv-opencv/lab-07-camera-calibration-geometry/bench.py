"""`cvlab bench 1.7`: the from-scratch geometry against OpenCV on the same inputs.

Ratio = ours / reference. Inputs: the 512x512 = 262,144 pixel centres of a 512x512 image
for the per-point lens operations (projectPoints, undistortPoints, the undistortion map),
and a two-view scene for the estimators (2,000 matches for the eight-point algorithm,
20,000 for triangulation). OpenCV's undistortPoints runs its default 5 iterations; ours is
given the same 5 so both do the same work.
"""

from __future__ import annotations

import cv2
import numpy as np

from cvlab.bench import Case
from cvlab.data.synthetic import camera


def cases(impl) -> list[Case]:
    K = camera.DEFAULT_K * np.array([[512 / 640], [512 / 480], [1.0]])  # a 512x512 camera
    dist = camera.DEFAULT_DIST
    v, u = np.mgrid[0:512, 0:512].astype(np.float64)
    pix = np.stack([u.ravel(), v.ravel()], axis=1)  # (262144, 2)
    xy = np.c_[(pix - K[:2, 2]) / np.diag(K)[:2], np.ones(len(pix))]  # rays through every pixel
    X = xy * np.random.default_rng(0).uniform(2.0, 8.0, (len(pix), 1))  # (262144, 3) points in front
    rvec, tvec = np.array([0.02, -0.03, 0.01]), np.array([0.05, 0.0, 0.1])
    pix_cv = pix.reshape(-1, 1, 2)
    s_f = camera.two_view_scene(n_points=2000, sigma=0.5, seed=0)
    s_t = camera.two_view_scene(n_points=20000, sigma=0.5, seed=1)
    return [
        Case(
            "project_points 262k pts (distorted)",
            lambda: impl.project_points(X, rvec, tvec, K, dist),
            lambda: cv2.projectPoints(X, rvec, tvec, K, dist),
            "cv2.projectPoints",
        ),
        Case(
            "undistort_points 262k px, 5 iterations",
            lambda: impl.undistort_points(pix, K, dist, n_iter=5),
            lambda: cv2.undistortPoints(pix_cv, K, dist),
            "cv2.undistortPoints",
        ),
        Case(
            "undistort_maps 512x512",
            lambda: impl.undistort_maps(K, dist, (512, 512)),
            lambda: cv2.initUndistortRectifyMap(K, dist, None, K, (512, 512), cv2.CV_32FC1),
            "cv2.initUndistortRectifyMap",
        ),
        Case(
            "eight_point 2000 matches",
            lambda: impl.eight_point(s_f.x1, s_f.x2),
            lambda: cv2.findFundamentalMat(s_f.x1, s_f.x2, cv2.FM_8POINT),
            "cv2.findFundamentalMat FM_8POINT",
        ),
        Case(
            "triangulate_points 20000 matches",
            lambda: impl.triangulate_points(s_t.P1, s_t.P2, s_t.x1, s_t.x2),
            lambda: cv2.triangulatePoints(s_t.P1, s_t.P2, s_t.x1.T, s_t.x2.T),
            "cv2.triangulatePoints",
        ),
    ]
