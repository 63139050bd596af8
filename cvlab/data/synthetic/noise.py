"""Noise models with exact, documented parameters: the ground truth for denoising experiments.

Every function takes a clean image and returns a noisy version of it; the clean image *is*
the ground truth, and the functions never modify it. All are pure functions of the seed
(an int, or a ``numpy.random.Generator`` you manage yourself)::

    from cvlab.data.synthetic import noise
    clean = data.skimage_image("camera")                    # uint8 (512, 512)
    g = noise.gaussian(clean, sigma=20, seed=0)             # float64, clean + N(0, 20^2), clipped
    sp = noise.salt_and_pepper(clean, amount=0.05, seed=0)  # uint8; sp.salt / sp.pepper are the masks
    p = noise.poisson(clean, peak=30, seed=0)               # float64, photon-counting shot noise

Conventions (the same for every model):

* **Scale.** Noise is expressed in the image's own units. The *data range* ``R`` is the
  value of a fully white pixel: 255 for uint8, 65535 for uint16, 1 for bool and for float
  images (which are assumed to live in [0, 1]); pass ``data_range=`` to override.
* **Shapes.** ``(H, W)`` grey or ``(H, W, C)`` channels-last. Gaussian and Poisson noise
  are independent per element (per channel). Salt-and-pepper corrupts whole *pixels*: all
  channels of a hit pixel become 0 or ``R`` together, as a dead or hot sensor site does.
* **Outputs.** ``gaussian`` and ``poisson`` return float64 (no rounding: quantising to
  uint8 adds its own uniform error of variance 1/12, do it yourself with :func:`to_uint8`
  if you want it). ``salt_and_pepper`` only copies values, so it keeps the input dtype.

The models
----------
``gaussian``: ``noisy = clean + sigma * Z``, ``Z ~ N(0, 1)`` i.i.d. per element; with
``clip=True`` (default) the result is clipped to ``[0, R]``, as a real sensor saturates.
Without clipping the noise is exactly zero-mean with standard deviation ``sigma``; with it,
pixels near 0 or ``R`` are biased towards the middle.

``salt_and_pepper``: exactly ``n = round(amount * H * W)`` distinct pixels are hit (drawn
without replacement), of which exactly ``round(salt_ratio * n)`` become ``R`` (salt) and
the rest 0 (pepper). The returned masks say which pixels were hit, so "fraction of
impulses removed" is measurable exactly.

``poisson``: shot noise of a photon-counting sensor whose full-scale value ``R`` corresponds
to ``peak`` expected photons: ``counts ~ Poisson(clean / R * peak)``, ``noisy = counts *
R / peak``. So ``E[noisy] = clean`` and ``Var[noisy] = clean * R / peak``: the noise is
signal-dependent (brighter pixels are noisier in absolute terms, less noisy relative to
their value: SNR = sqrt(clean / R * peak)). ``peak`` small = low light. Not clipped by
default (counts above ``peak`` are real); ``clip=True`` clips to ``[0, R]``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["SaltPepper", "data_range_of", "gaussian", "poisson", "salt_and_pepper", "to_uint8"]

SeedLike = int | np.random.Generator | None


def data_range_of(image: np.ndarray) -> float:
    """The value of a white pixel for ``image``'s dtype: 255 (uint8), 65535 (uint16), 1 (bool, float)."""
    dtype = np.asarray(image).dtype
    if dtype == np.bool_ or np.issubdtype(dtype, np.floating):
        return 1.0
    if np.issubdtype(dtype, np.unsignedinteger):
        return float(np.iinfo(dtype).max)
    raise ValueError(f"no default data range for dtype {dtype}: pass data_range=")


def _check_image(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim not in (2, 3):
        raise ValueError(f"expected an (H, W) or (H, W, C) image, got shape {image.shape}")
    if not (np.issubdtype(image.dtype, np.number) or image.dtype == np.bool_):
        raise ValueError(f"expected a numeric image, got dtype {image.dtype}")
    return image


def _range(image: np.ndarray, data_range: float | None) -> float:
    R = data_range_of(image) if data_range is None else float(data_range)
    if not R > 0:
        raise ValueError(f"data_range must be > 0, got {data_range}")
    return R


def gaussian(
    image: np.ndarray,
    sigma: float,
    seed: SeedLike = 0,
    *,
    clip: bool = True,
    data_range: float | None = None,
) -> np.ndarray:
    """``clean + sigma * N(0, 1)`` per element, float64, clipped to ``[0, R]`` unless ``clip=False``.

    ``sigma`` is in the image's units (e.g. ``sigma=20`` on a uint8 image is 20 grey levels).
    """
    image = _check_image(image)
    if not sigma >= 0:
        raise ValueError(f"sigma must be >= 0, got {sigma}")
    R = _range(image, data_range)
    rng = np.random.default_rng(seed)
    noisy = image.astype(np.float64) + sigma * rng.standard_normal(image.shape)
    return np.clip(noisy, 0.0, R) if clip else noisy


class SaltPepper(NamedTuple):
    """Result of :func:`salt_and_pepper`: the noisy image and where the impulses are."""

    noisy: np.ndarray  # same shape and dtype as the input
    salt: np.ndarray  # bool (H, W): pixels set to the data range R
    pepper: np.ndarray  # bool (H, W): pixels set to 0


def salt_and_pepper(
    image: np.ndarray,
    amount: float,
    seed: SeedLike = 0,
    *,
    salt_ratio: float = 0.5,
    data_range: float | None = None,
) -> SaltPepper:
    """Set exactly ``round(amount * H * W)`` random pixels to 0 or ``R``; return the image and masks.

    Of the hit pixels, exactly ``round(salt_ratio * n)`` are salt (``R``), the rest pepper (0).
    Colour images get whole pixels hit (every channel). The dtype is kept.
    """
    image = _check_image(image)
    if not 0.0 <= amount <= 1.0:
        raise ValueError(f"amount must be in [0, 1], got {amount}")
    if not 0.0 <= salt_ratio <= 1.0:
        raise ValueError(f"salt_ratio must be in [0, 1], got {salt_ratio}")
    R = _range(image, data_range)
    H, W = image.shape[:2]
    n = round(amount * H * W)
    n_salt = round(salt_ratio * n)
    rng = np.random.default_rng(seed)
    hit = rng.choice(H * W, size=n, replace=False)  # (n,) distinct flat pixel indices
    salt = np.zeros(H * W, dtype=bool)
    pepper = np.zeros(H * W, dtype=bool)
    salt[hit[:n_salt]] = True
    pepper[hit[n_salt:]] = True
    salt, pepper = salt.reshape(H, W), pepper.reshape(H, W)
    noisy = image.copy()
    noisy[salt] = R  # (H, W) mask on (H, W[, C]): sets every channel of the pixel
    noisy[pepper] = 0
    return SaltPepper(noisy, salt, pepper)


def poisson(
    image: np.ndarray,
    peak: float,
    seed: SeedLike = 0,
    *,
    clip: bool = False,
    data_range: float | None = None,
) -> np.ndarray:
    """Shot noise: ``Poisson(clean / R * peak) * R / peak`` per element, float64.

    ``peak`` is the expected photon count of a white pixel; mean is preserved and the
    variance is ``clean * R / peak``.
    """
    image = _check_image(image)
    if not peak > 0:
        raise ValueError(f"peak must be > 0, got {peak}")
    R = _range(image, data_range)
    x = image.astype(np.float64)
    if x.min(initial=0.0) < 0:
        raise ValueError("Poisson noise needs a non-negative image (photon counts)")
    rng = np.random.default_rng(seed)
    noisy = rng.poisson(x / R * peak).astype(np.float64) * (R / peak)
    return np.clip(noisy, 0.0, R) if clip else noisy


def to_uint8(x: np.ndarray) -> np.ndarray:
    """Round and saturate to uint8 (what storing a float image as 8-bit does)."""
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)
