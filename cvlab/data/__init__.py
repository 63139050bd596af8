"""The data layer: datasets and weights through one API, offline first.

    from cvlab import data
    X, y = data.fashion_mnist("train")      # uint8 (60000, 28, 28)
    img = data.skimage_image("astronaut")   # uint8 (512, 512, 3)
    p = data.opencv_sample("left01.jpg")    # pathlib.Path

`cvlab data list|fetch|verify` manage what is on the machine; `registry` says where each
dataset comes from; `synthetic` holds generators with exact ground truth.
"""

from .loaders import (
    FASHION_CLASSES,
    SKIMAGE_IMAGES,
    digits,
    efficientnet_lite0_weights,
    fashion_mnist,
    lfw_faces,
    mnist,
    mnist_10k,
    opencv_sample,
    read_idx,
    skimage_image,
)
from .registry import DATASETS, DataMissing, fetch, path, status

__all__ = [
    "DATASETS", "DataMissing", "FASHION_CLASSES", "SKIMAGE_IMAGES", "digits", "efficientnet_lite0_weights",
    "fashion_mnist", "fetch", "lfw_faces", "mnist", "mnist_10k", "opencv_sample", "path", "read_idx",
    "skimage_image", "status",
]
