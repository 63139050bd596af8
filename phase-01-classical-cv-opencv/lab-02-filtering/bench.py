"""`cvlab bench 1.2`: every from-scratch filter and metric against OpenCV / scikit-image.

Ratio = ours / reference on the 512x512 grey `camera` photo (uint8), so 20 means our
NumPy version takes 20x as long. Where the output type can be chosen, OpenCV is asked for
float64 like ours (ddepth=CV_64F); where it cannot (GaussianBlur, medianBlur,
bilateralFilter on uint8) it runs its native uint8 path, which is part of why it is fast.
"""

from __future__ import annotations

import cv2
import numpy as np

from cvlab import data
from cvlab.bench import Case
from cvlab.data.synthetic import noise

ASYM = np.array(
    [
        [1.0, 2.0, 0.0, -1.0, 0.5],
        [0.0, 3.0, -2.0, 1.0, 0.0],
        [-1.0, 0.0, 4.0, 0.0, 2.0],
        [0.5, 1.0, 0.0, 2.0, -1.0],
        [0.0, -0.5, 1.0, 0.0, 1.5],
    ]
)  # (5, 5), no symmetry


def cases(impl) -> list[Case]:
    img = data.skimage_image("camera")  # (512, 512) uint8
    noisy = noise.to_uint8(noise.gaussian(img, 20.0, seed=0))
    flipped = cv2.flip(ASYM, -1)
    k13 = cv2.getGaussianKernel(13, 2.0)

    def unsharp_cv2():
        x = img.astype(np.float64)
        return cv2.addWeighted(x, 2.0, cv2.GaussianBlur(x, (13, 13), 2.0), -1.0, 0)

    def ssim_skimage():
        from skimage.metrics import structural_similarity

        return structural_similarity(
            img, noisy, data_range=255, gaussian_weights=True, sigma=1.5, use_sample_covariance=False
        )

    return [
        Case(
            "correlation 5x5 (filter2d)",
            lambda: impl.filter2d(img, ASYM),
            lambda: cv2.filter2D(img, cv2.CV_64F, ASYM),
            "cv2.filter2D CV_64F",
        ),
        Case(
            "convolution 5x5 (filter2d flip=True)",
            lambda: impl.filter2d(img, ASYM, flip=True),
            lambda: cv2.filter2D(img, cv2.CV_64F, flipped),
            "cv2.filter2D flipped",
        ),
        Case(
            "gaussian_kernel sigma=2, 13 taps",
            lambda: impl.gaussian_kernel(2.0, 13),
            lambda: cv2.getGaussianKernel(13, 2.0),
            "cv2.getGaussianKernel",
        ),
        Case(
            "gaussian blur sigma=2 (13 taps, separable)",
            lambda: impl.gaussian_blur(img, 2.0),
            lambda: cv2.GaussianBlur(img, (0, 0), 2.0),
            "cv2.GaussianBlur uint8",
        ),
        Case(
            "gaussian blur sigma=2 vs sepFilter2D CV_64F",
            lambda: impl.gaussian_blur(img, 2.0),
            lambda: cv2.sepFilter2D(img, cv2.CV_64F, k13, k13),
            "cv2.sepFilter2D CV_64F",
        ),
        Case(
            "box 15x15 (integral image)",
            lambda: impl.box_filter(img, 15),
            lambda: cv2.boxFilter(img, cv2.CV_64F, (15, 15)),
            "cv2.boxFilter CV_64F",
        ),
        Case("median 3x3", lambda: impl.median_filter(img, 3), lambda: cv2.medianBlur(img, 3), "cv2.medianBlur"),
        Case("median 5x5", lambda: impl.median_filter(img, 5), lambda: cv2.medianBlur(img, 5), "cv2.medianBlur"),
        Case(
            "bilateral d=9 sc=40 ss=3",
            lambda: impl.bilateral_filter(noisy, 9, 40.0, 3.0),
            lambda: cv2.bilateralFilter(noisy, 9, 40.0, 3.0),
            "cv2.bilateralFilter",
        ),
        Case(
            "unsharp sigma=2 amount=1",
            lambda: impl.unsharp_mask(img, 2.0, 1.0),
            unsharp_cv2,
            "GaussianBlur + addWeighted",
        ),
        Case("PSNR", lambda: impl.psnr(img, noisy), lambda: cv2.PSNR(img, noisy), "cv2.PSNR"),
        Case(
            "SSIM (11x11 Gaussian window)", lambda: impl.ssim(img, noisy), ssim_skimage, "skimage structural_similarity"
        ),
    ]
