"""`cvlab bench 0.2`: what vectorising buys, and how close plain NumPy gets to OpenCV.

Ratio = ours / reference. For the "vs Python loop" cases the reference is the loop, so a
ratio of 0.01 means the vectorised version is 100x faster. For the library cases the
reference is OpenCV / torchvision doing the same work on a 512x512 photo.
"""

from __future__ import annotations

import cv2
import numpy as np

from cvlab import data
from cvlab.bench import Case

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def gray_loop(img: np.ndarray) -> np.ndarray:
    """BT.601 grey with a Python loop over pixels: the baseline vectorising removes."""
    H, W, _ = img.shape
    out = np.empty((H, W), dtype=np.float32)
    for y in range(H):
        for x in range(W):
            r, g, b = img[y, x]
            out[y, x] = 0.299 * r + 0.587 * g + 0.114 * b
    return out


def box_sums_loop(img: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Each box summed by slicing: O(box area) per box, one Python iteration per box."""
    return np.array([img[y0:y1, x0:x1].sum(axis=(0, 1), dtype=np.int64) for x0, y0, x1, y1 in boxes])


def _boxes(rng: np.random.Generator, H: int, W: int, k: int, max_side: int) -> np.ndarray:
    x0 = rng.integers(0, W - max_side, size=k)
    y0 = rng.integers(0, H - max_side, size=k)
    w = rng.integers(1, max_side + 1, size=k)
    h = rng.integers(1, max_side + 1, size=k)
    return np.stack([x0, y0, x0 + w, y0 + h], axis=1)  # (k, 4) x0, y0, x1, y1


def cases(impl) -> list[Case]:
    img = data.skimage_image("astronaut")  # (512, 512, 3) uint8 RGB
    small = np.ascontiguousarray(img[::4, ::4])  # (128, 128, 3): the Python loop is slow enough already
    boxes = _boxes(np.random.default_rng(0), 512, 512, 10_000, max_side=96)
    ii = impl.integral_image(img)
    out = [
        Case(
            "grey 128x128: vectorised vs Python loop",
            lambda: impl.to_gray(small),
            lambda: gray_loop(small),
            "Python loop",
        ),
        Case(
            "10k box sums (up to 96x96): integral lookups vs slicing",
            lambda: impl.box_sums(ii, boxes),
            lambda: box_sums_loop(img, boxes),
            "slicing loop",
        ),
        Case("grey 512x512", lambda: impl.to_gray(img), lambda: cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), "cv2.cvtColor"),
        Case("integral image 512x512x3", lambda: impl.integral_image(img), lambda: cv2.integral(img), "cv2.integral"),
        Case(
            "integral image + 10k box sums",
            lambda: impl.box_sums(impl.integral_image(img), boxes),
            lambda: box_sums_loop(img, boxes),
            "slicing loop",
        ),
        Case(
            "pad 512x512 reflect 16px",
            lambda: impl.pad(img, 16, "reflect"),
            lambda: cv2.copyMakeBorder(img, 16, 16, 16, 16, cv2.BORDER_REFLECT_101),
            "cv2.copyMakeBorder",
        ),
    ]
    try:  # torchvision takes seconds to import; keep the bench usable without it
        import torch
        from torchvision.transforms import functional as F
    except ImportError:
        return out
    torch.set_num_threads(1)  # NumPy's element-wise ops are single-threaded: compare like with like
    tensor = torch.from_numpy(img).permute(2, 0, 1).float().div(255.0)  # ToTensor's output, (3, 512, 512)
    out.append(
        Case(
            "ImageNet normalise 512x512 (ours from uint8 HWC)",
            lambda: impl.normalize(img, IMAGENET_MEAN, IMAGENET_STD),
            lambda: F.normalize(tensor, IMAGENET_MEAN, IMAGENET_STD),
            "torchvision normalize",
        )
    )
    return out
