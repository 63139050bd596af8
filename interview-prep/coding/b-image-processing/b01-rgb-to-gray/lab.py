"""b01 - RGB to grayscale.

Convert an 8-bit colour image to 8-bit luma with the ITU-R BT.601 weights
Y = 0.299 R + 0.587 G + 0.114 B, rounded to the nearest integer, for RGB or BGR input.
"""

from __future__ import annotations

import numpy as np


def rgb_to_gray(image: np.ndarray, order: str = "RGB") -> np.ndarray:
    """BT.601 luma of a uint8 colour image (H, W, 3) -> uint8 (H, W).

    Y = 0.299 R + 0.587 G + 0.114 B. The weights sum to 1, so Y stays in [0, 255]; it is
    rounded to the nearest integer (not truncated). ``order`` is "RGB" (scikit-image, PIL,
    matplotlib) or "BGR" (what cv2.imread returns): the weight vector is reversed for BGR.
    """
    # TODO(solve): Return the uint8 (H, W) luma Y = 0.299 R + 0.587 G + 0.114 B of a uint8 (H, W, 3) image,
    # | rounded to the nearest integer. order is "RGB" or "BGR" (channel 0 is blue); any other order,
    # | a non-uint8 image or a shape other than (H, W, 3) raises ValueError. Empty images (H or W = 0) are fine.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    px = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [200, 200, 200]]], dtype=np.uint8)
    print("pixels (RGB) =", px.tolist())
    print("rgb_to_gray(px) =", rgb_to_gray(px))
    print("rgb_to_gray(px[..., ::-1], order='BGR') =", rgb_to_gray(px[..., ::-1], order="BGR"))
