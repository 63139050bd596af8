"""Synthetic "video clips" made from real images, with exact ground truth.

A clip is one real base image (a Fashion-MNIST item or an sklearn digit) filmed for
``frames_per_clip`` frames by a slightly shaky camera whose exposure drifts::

    frame[c, t] = clip_to_01( gain[c, t] * shift(base[c], dy[c, t], dx[c, t]) + noise[c, t] )

* ``shift`` is a sub-pixel translation with bilinear interpolation and zero fill
  (``out[y, x] = base(y - dy, x - dx)``), the same convention as
  ``scipy.ndimage.shift(base, (dy, dx), order=1, mode="grid-constant")``.
* ``(dy, dx)`` follows a clipped random walk inside ``[-max_shift, max_shift]``.
* ``gain`` drifts linearly across the clip between two values drawn from
  ``[1 - brightness, 1 + brightness]``.
* ``noise`` is i.i.d. Gaussian with standard deviation ``noise``.

Frames of one clip are near-duplicates: they share the label AND the object instance.
That is the point: a random frame-level train/test split puts siblings on both sides and
inflates any score, while a split by ``groups`` (the clip id) does not. Frames come out
in clip-major order (all frames of clip 0, then clip 1, ...), the order a folder of
extracted video frames usually has.

Everything is deterministic for a seed. The returned :class:`Clips` keeps the ground
truth (which base image, every shift and gain), and :func:`render` reproduces the
noise-free frames from it exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["Clips", "digits_clips", "fashion_mnist_clips", "make_clips", "render", "shift_bilinear"]


@dataclass(frozen=True)
class Clips:
    """Frames of synthetic clips plus their exact ground truth.

    Unpacks as ``frames, labels, groups = clips``.
    """

    frames: np.ndarray  # (N, H, W) float32 in [0, 1]; N = n_clips * frames_per_clip, clip-major
    labels: np.ndarray  # (N,) int64 class of the clip each frame belongs to
    groups: np.ndarray  # (N,) int64 clip id in 0..n_clips-1
    frame_index: np.ndarray  # (N,) int64 position of the frame inside its clip
    base_index: np.ndarray  # (n_clips,) int64 index of each clip's base image in the SOURCE array
    shifts: np.ndarray  # (N, 2) float64 (dy, dx) in pixels
    gains: np.ndarray  # (N,) float64 multiplicative brightness
    noise: float  # standard deviation of the additive Gaussian noise
    seed: int | None

    def __iter__(self) -> Iterator[np.ndarray]:
        yield self.frames
        yield self.labels
        yield self.groups

    def __len__(self) -> int:
        return len(self.frames)

    @property
    def n_clips(self) -> int:
        return len(self.base_index)

    @property
    def frames_per_clip(self) -> int:
        return len(self.frames) // max(self.n_clips, 1)

    def flat(self) -> np.ndarray:
        """Frames flattened to feature vectors: (N, H * W) float32."""
        return self.frames.reshape(len(self.frames), -1)


def shift_bilinear(images: np.ndarray, shifts: np.ndarray) -> np.ndarray:
    """Translate each image by its own sub-pixel ``(dy, dx)``: bilinear, zero outside.

    images (N, H, W) float, shifts (N, 2) -> (N, H, W) float64 with
    ``out[n, y, x] = images[n](y - dy, x - dx)`` (0 where the source is outside the image).
    """
    images = np.asarray(images, dtype=np.float64)
    shifts = np.asarray(shifts, dtype=np.float64).reshape(-1, 2)
    n, h, w = images.shape
    if n == 0:
        return images.copy()
    pad = int(np.ceil(np.abs(shifts).max())) + 1
    padded = np.pad(images, ((0, 0), (pad, pad), (pad, pad)))  # (N, H + 2p, W + 2p)
    src_y = np.arange(h)[None, :] - shifts[:, :1] + pad  # (N, H) source row of each output row
    src_x = np.arange(w)[None, :] - shifts[:, 1:] + pad  # (N, W)
    y0 = np.floor(src_y).astype(np.int64)
    x0 = np.floor(src_x).astype(np.int64)
    fy = (src_y - y0)[:, :, None]  # (N, H, 1)
    fx = (src_x - x0)[:, None, :]  # (N, 1, W)
    idx = np.arange(n)[:, None, None]
    r0, r1 = y0[:, :, None], y0[:, :, None] + 1  # (N, H, 1)
    c0, c1 = x0[:, None, :], x0[:, None, :] + 1  # (N, 1, W)
    top = (1 - fx) * padded[idx, r0, c0] + fx * padded[idx, r0, c1]  # (N, H, W)
    bottom = (1 - fx) * padded[idx, r1, c0] + fx * padded[idx, r1, c1]
    return (1 - fy) * top + fy * bottom


def render(bases: np.ndarray, base_of_frame: np.ndarray, shifts: np.ndarray, gains: np.ndarray) -> np.ndarray:
    """Noise-free frames: ``gain * shift(base, dy, dx)``, before noise and clipping.

    bases (B, H, W) float in [0, 1]; base_of_frame (N,) indices into ``bases``;
    shifts (N, 2); gains (N,) -> (N, H, W) float64.
    """
    moved = shift_bilinear(np.asarray(bases, dtype=np.float64)[base_of_frame], shifts)
    return np.asarray(gains, dtype=np.float64)[:, None, None] * moved


def _to_unit(images: np.ndarray, value_max: float | None) -> np.ndarray:
    images = np.asarray(images)
    if value_max is None:
        value_max = 255.0 if images.dtype == np.uint8 else float(max(images.max(initial=0.0), 1.0))
    return images.astype(np.float64) / value_max


def make_clips(
    images: np.ndarray,
    labels: np.ndarray,
    n_clips: int,
    frames_per_clip: int = 8,
    *,
    seed: int | None = 0,
    pool: np.ndarray | slice | None = None,
    max_shift: float = 1.0,
    brightness: float = 0.1,
    noise: float = 0.03,
    value_max: float | None = None,
) -> Clips:
    """Clips from real images: each clip is one distinct base image, jittered per frame.

    images (M, H, W) uint8 or float; labels (M,). Base images are drawn without
    replacement from ``pool`` (indices or a slice into ``images``; default all of them),
    so two calls with disjoint pools never share a base image ("brand-new clips").
    ``value_max`` maps the input to [0, 1] (default 255 for uint8, else the pool's max).
    """
    images = np.asarray(images)
    labels = np.asarray(labels)
    if images.ndim != 3:
        raise ValueError(f"images must be (M, H, W), got shape {images.shape}")
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels")
    if frames_per_clip < 1 or n_clips < 0:
        raise ValueError(f"need n_clips >= 0 and frames_per_clip >= 1, got {n_clips}, {frames_per_clip}")
    candidates = np.arange(len(images))[pool] if pool is not None else np.arange(len(images))
    if n_clips > len(candidates):
        raise ValueError(f"asked for {n_clips} clips but the pool holds {len(candidates)} images")
    rng = np.random.default_rng(seed)
    base_index = np.sort(rng.choice(candidates, size=n_clips, replace=False)).astype(np.int64)  # (C,)
    T = frames_per_clip
    N = n_clips * T

    # Camera shake: a random walk per clip, clipped to the allowed box.
    start = rng.uniform(-max_shift / 2, max_shift / 2, size=(n_clips, 1, 2))  # (C, 1, 2)
    steps = rng.normal(0.0, max_shift / 4, size=(n_clips, T, 2))  # (C, T, 2)
    steps[:, 0] = 0.0
    shifts = np.clip(start + np.cumsum(steps, axis=1), -max_shift, max_shift).reshape(N, 2)

    # Exposure drift: linear from g0 to g1 across the clip.
    g = rng.uniform(1 - brightness, 1 + brightness, size=(n_clips, 2))  # (C, 2)
    t = np.linspace(0.0, 1.0, T) if T > 1 else np.zeros(1)
    gains = (g[:, :1] + (g[:, 1:] - g[:, :1]) * t[None, :]).reshape(N)  # (C, T) -> (N,)

    groups = np.repeat(np.arange(n_clips, dtype=np.int64), T)  # (N,)
    bases = _to_unit(images[base_index], value_max)  # (C, H, W)
    clean = render(bases, groups, shifts, gains)  # (N, H, W)
    frames = np.clip(clean + rng.normal(0.0, noise, size=clean.shape), 0.0, 1.0).astype(np.float32)
    return Clips(
        frames=frames,
        labels=labels[base_index].astype(np.int64)[groups],
        groups=groups,
        frame_index=np.tile(np.arange(T, dtype=np.int64), n_clips),
        base_index=base_index,
        shifts=shifts,
        gains=gains,
        noise=float(noise),
        seed=seed,
    )


def fashion_mnist_clips(
    n_clips: int,
    frames_per_clip: int = 8,
    *,
    split: str = "test",
    pool: np.ndarray | slice | None = None,
    seed: int | None = 0,
    max_shift: float = 1.0,
    brightness: float = 0.1,
    noise: float = 0.03,
) -> Clips:
    """Clips of Fashion-MNIST items (28 x 28). ``base_index`` indexes ``data.fashion_mnist(split)``."""
    from cvlab import data

    images, labels = data.fashion_mnist(split)
    return make_clips(images, labels, n_clips, frames_per_clip, seed=seed, pool=pool, max_shift=max_shift,
                      brightness=brightness, noise=noise, value_max=255.0)


def digits_clips(
    n_clips: int,
    frames_per_clip: int = 8,
    *,
    pool: np.ndarray | slice | None = None,
    seed: int | None = 0,
    max_shift: float = 0.35,
    brightness: float = 0.1,
    noise: float = 0.03,
) -> Clips:
    """Clips of scikit-learn digits (8 x 8, values 0..16). ``base_index`` indexes ``data.digits()``."""
    from cvlab import data

    images, labels = data.digits()
    return make_clips(images, labels, n_clips, frames_per_clip, seed=seed, pool=pool, max_shift=max_shift,
                      brightness=brightness, noise=noise, value_max=16.0)
