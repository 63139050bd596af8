"""`cvlab bench 2.1`: your vectorised HOG and colour features against the libraries.

Ratio = ours / reference (0.5 = twice as fast). All HOG cases use 9 orientations, 8x8-pixel
cells and 2x2-cell blocks with L2-Hys, so the three implementations do the same amount of work:

* skimage.feature.hog: the same hard binning (our output equals it to ~1e-7);
* cv2.HOGDescriptor: C++ with SIMD; it interpolates votes linearly in orientation AND
  bilinearly between neighbouring cells, and weights each block by a Gaussian window
  (made flat here with a huge winSigma), so we time our binning="linear" against it;
* a dataset case: 2,000 Fashion-MNIST images in one batched call vs skimage image by image.
"""

from __future__ import annotations

import cv2
import numpy as np
from skimage.feature import hog as sk_hog

from cvlab import data
from cvlab.bench import Case


def _cv2_hog(side: int) -> cv2.HOGDescriptor:
    return cv2.HOGDescriptor(
        (side, side),  # winSize: the whole image is one detection window
        (16, 16),  # blockSize in pixels: 2x2 cells
        (8, 8),  # blockStride: one cell, like skimage's sliding blocks
        (8, 8),  # cellSize
        9,  # nbins over 0..180 degrees (signedGradient=False below)
        1,  # derivAperture
        1e6,  # winSigma: effectively no Gaussian spatial weighting
        cv2.HOGDESCRIPTOR_L2HYS,
        0.2,  # L2-Hys clip
        False,  # gammaCorrection (sqrt), off like ours
        64,  # nlevels (only for multi-scale detection)
        False,  # signedGradient: unsigned orientations
    )


def cases(impl) -> list[Case]:
    camera = data.skimage_image("camera")  # (512, 512) uint8 grey
    descriptor = _cv2_hog(512)
    fashion = data.fashion_mnist("test")[0][:2000]  # (2000, 28, 28) uint8
    astronaut = data.skimage_image("astronaut")  # (512, 512, 3) uint8 RGB

    def opencv_features() -> np.ndarray:
        hsv = cv2.cvtColor(astronaut, cv2.COLOR_RGB2HSV)
        hists = [
            cv2.calcHist([hsv], [c], None, [b], [0, r]).ravel() for c, b, r in ((0, 18, 180), (1, 8, 256), (2, 8, 256))
        ]
        mean, std = cv2.meanStdDev(astronaut)  # no skewness in OpenCV: ours does a little more work
        return np.concatenate(hists + [mean.ravel(), std.ravel()])

    return [
        Case(
            "HOG 512x512 (hard binning)",
            lambda: impl.hog(camera, 9, (8, 8), (2, 2)),
            lambda: sk_hog(camera, 9, (8, 8), (2, 2), block_norm="L2-Hys"),
            "skimage.feature.hog",
        ),
        Case(
            "HOG 512x512 (linear binning)",
            lambda: impl.hog(camera, 9, (8, 8), (2, 2), binning="linear"),
            lambda: descriptor.compute(camera),
            "cv2.HOGDescriptor",
        ),
        Case(
            "HOG of 2,000 Fashion-MNIST images (4x4 cells, one batched call)",
            lambda: impl.hog(fashion, 9, (4, 4), (2, 2)),
            lambda: [sk_hog(im, 9, (4, 4), (2, 2), block_norm="L2-Hys") for im in fashion],
            "skimage.feature.hog per image",
        ),
        Case(
            "colour features 512x512x3 (HSV histograms + RGB moments)",
            lambda: impl.colour_features(astronaut, (18, 8, 8)),
            opencv_features,
            "cv2.cvtColor + 3x calcHist + meanStdDev",
        ),
    ]
