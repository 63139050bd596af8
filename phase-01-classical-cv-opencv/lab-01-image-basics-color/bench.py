"""`cvlab bench 1.1`: every from-scratch operation of the lab against OpenCV on a 512x512 photo.

Ratio = ours / OpenCV (2.0 = twice as slow). The input is OpenCV's fruits.jpg resized to
512x512 (colour) and its BT.601 grey version; both sides do the same work on the same array.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import cv2
import numpy as np

from cvlab import data
from cvlab.bench import Case

RED_LOWER, RED_UPPER = (170, 150, 100), (3, 255, 255)


def cases(impl) -> list[Case]:
    bgr = cv2.resize(cv2.imread(str(data.opencv_sample("fruits.jpg"))), (512, 512), interpolation=cv2.INTER_AREA)
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)  # (512, 512, 3) uint8
    rgb_f = rgb.astype(np.float32) / 255  # (512, 512, 3) float32 in [0, 1]
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)  # (512, 512) uint8
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    folder = Path(tempfile.mkdtemp(prefix="cvlab-bench-1.1-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # the file must outlive cases()
    png = folder / "fruits512.png"
    cv2.imwrite(str(png), bgr)
    decode_table = np.arange(256, dtype=np.float32) / 255  # the same curve as a 256-entry table
    decode_table = np.where(decode_table <= 0.04045, decode_table / 12.92, ((decode_table + 0.055) / 1.055) ** 2.4)
    decode_table = decode_table.astype(np.float32)
    clahe_op = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))

    def red_mask_cv2() -> np.ndarray:
        low = cv2.inRange(hsv, RED_LOWER, (179, RED_UPPER[1], RED_UPPER[2]))
        high = cv2.inRange(hsv, (0, RED_LOWER[1], RED_LOWER[2]), RED_UPPER)
        return cv2.bitwise_or(low, high)

    return [
        Case(
            "read 512x512 PNG as RGB",
            lambda: impl.read_image(png),
            lambda: cv2.imread(str(png), cv2.IMREAD_COLOR_RGB),
            "cv2.imread(IMREAD_COLOR_RGB)",
        ),
        Case(
            "RGB -> HSV uint8",
            lambda: impl.rgb_to_hsv(rgb),
            lambda: cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV),
            "cv2.cvtColor",
        ),
        Case(
            "RGB -> HSV float32",
            lambda: impl.rgb_to_hsv(rgb_f),
            lambda: cv2.cvtColor(rgb_f, cv2.COLOR_RGB2HSV),
            "cv2.cvtColor",
        ),
        Case(
            "sRGB decode 512x512x3: formula vs 256-entry table",
            lambda: impl.srgb_to_linear(rgb_f),
            lambda: cv2.LUT(rgb, decode_table),
            "cv2.LUT",
        ),
        Case(
            "RGB -> Lab float32",
            lambda: impl.rgb_to_lab(rgb_f),
            lambda: cv2.cvtColor(rgb_f, cv2.COLOR_RGB2Lab),
            "cv2.cvtColor",
        ),
        Case(
            "RGB -> Lab uint8",
            lambda: impl.rgb_to_lab(rgb),
            lambda: cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab),
            "cv2.cvtColor",
        ),
        Case(
            "histogram, 3 channels x 256 bins",
            lambda: impl.histogram(rgb),
            lambda: [cv2.calcHist([rgb], [c], None, [256], [0, 256]) for c in range(3)],
            "cv2.calcHist x3",
        ),
        Case("equalize_hist", lambda: impl.equalize_hist(gray), lambda: cv2.equalizeHist(gray), "cv2.equalizeHist"),
        Case(
            "CLAHE clip 2, 8x8 tiles",
            lambda: impl.clahe(gray, 2.0, (8, 8)),
            lambda: clahe_op.apply(gray),
            "CLAHE.apply",
        ),
        Case(
            "red mask, hue wrapping through 0",
            lambda: impl.hsv_in_range(hsv, RED_LOWER, RED_UPPER),
            red_mask_cv2,
            "2x cv2.inRange + bitwise_or",
        ),
    ]
