"""Frames with a known motion field, and objects moving on known trajectories.

The ground truth for optical flow, tracking, background subtraction and Kalman filtering::

    from cvlab.data.synthetic import motion
    tex = data.skimage_image("brick")                              # any real (H, W[, 3]) uint8 image
    p = motion.translation_pair(tex, (0.4, -0.3))                  # p.frame0, p.frame1, p.flow, p.valid
    p = motion.affine_pair(tex, angle=4.0, scale=1.03, shift=(2, -1))   # rotation + zoom about the centre
    p = motion.smooth_flow_pair(tex, max_disp=3.0, seed=0)         # a smooth random (non-rigid) field
    p.motion(pts)                                                  # exact frame1 position of any (N, 2) points
    v = motion.sprite_video(tex, n_frames=40, seed=0)              # v.frames, v.centers, v.masks, v.foreground
    tr = motion.noisy_trajectory(100, dt=1.0, accel_std=0.05, meas_std=2.0, seed=0)

Conventions (the same everywhere in this module):

* **Points** are ``(x, y)`` = (column, row) in pixels, OpenCV's order, float64 arrays of
  shape ``(N, 2)``. Pixel ``(x, y)`` is the centre of ``img[y, x]``.
* **Flow** is forward flow, like ``cv2.calcOpticalFlowFarneback(frame0, frame1, ...)``:
  ``flow[y, x] = (dx, dy)`` says that the scene point seen at pixel ``(x, y)`` of ``frame0``
  is seen at ``(x + dx, y + dy)`` in ``frame1``; so ``frame1(p + flow(p)) = frame0(p)``.
  ``flow`` has shape ``(h, w, 2)``, float64, channel 0 = dx, channel 1 = dy.
  ``valid[y, x]`` is True where that destination lies inside ``frame1`` (the point is still
  visible; flow is undefined for points that leave the frame).
* **How the frames are made.** The texture (the image given, converted to grey and blurred
  by a Gaussian of sigma ``blur`` so that it is band-limited) is larger than the frames:
  ``frame0`` is its central ``size`` crop, sampled at integer pixels (no interpolation),
  and ``frame1`` is built by *backward* warping: every pixel ``q`` of ``frame1`` takes the
  texture's value at ``motion^-1(q)`` (``cv2.remap``, bilinear). Because the texture
  extends beyond the crop, ``frame1`` has real content everywhere, with no black border.
  ``cv2.remap`` interpolates on a 1/32-pixel grid, so the warped positions are exact to
  1/64 px, far below what any tracker resolves. Frames are uint8 (rounded; optional
  Gaussian ``noise`` of that many grey levels is added to both frames before rounding).
* **Motions.** ``translation``: ``p -> p + t``. ``affine``: rotation by ``angle`` degrees
  (positive = counter-clockwise on screen, i.e. the usual ``cv2.getRotationMatrix2D``
  sense) and zoom by ``scale`` about the frame centre ``c = ((w - 1) / 2, (h - 1) / 2)``,
  then a shift: ``p -> s R (p - c) + c + t``. ``smooth``: ``p -> p + u(p)`` with
  ``u`` a sum of a few random plane waves (analytic, so ``flow`` is exact at every pixel);
  its spatial gradient is kept below 0.35 so that the map is invertible, and ``frame1`` is
  built by inverting it with a fixed-point iteration converged to 1e-9 px.
* **Determinism**: everything is a pure function of its arguments and ``seed`` (an int or
  a ``numpy.random.Generator``); input images are never modified.

Tracking data
-------------
``sprite_video``: a static background (the image, grey, resized to ``size`` and rescaled
to ``background_range`` grey levels) on which ``n_sprites`` discs of uniform brightness
(``sprite_levels``, far outside the background's range, so a grey-level histogram
separates them) move at constant velocity and bounce off the frame edges. Every frame gets
i.i.d. Gaussian sensor noise of ``noise`` grey levels. Ground truth: ``centers[t, k]``
(x, y) sub-pixel centre of sprite k in frame t, ``masks[t, k]`` the pixels it covers
(pixel centre within ``radius`` of the centre; later sprites are drawn on top of earlier
ones and ``masks`` holds the *visible* pixels), ``foreground[t]`` their union.

``noisy_trajectory``: a 2-D point moving with (nearly) constant velocity under the
discrete white-noise-acceleration model that a constant-velocity Kalman filter assumes:
per step an acceleration ``a ~ N(0, accel_std^2)`` per axis, constant over the step,
``p += v dt + a dt^2 / 2``, ``v += a dt``; measurements ``z = p + N(0, meas_std^2)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

__all__ = [
    "FlowPair",
    "SpriteVideo",
    "Trajectory",
    "affine_pair",
    "noisy_trajectory",
    "smooth_flow_pair",
    "sprite_video",
    "translation_pair",
]

SeedLike = int | np.random.Generator | None


@dataclass(frozen=True)
class FlowPair:
    """Two frames and the exact forward flow from ``frame0`` to ``frame1``.

    Unpacks as ``frame0, frame1, flow = pair``.
    """

    frame0: np.ndarray  # (h, w) uint8
    frame1: np.ndarray  # (h, w) uint8
    flow: np.ndarray  # (h, w, 2) float64 (dx, dy): frame0 pixel -> frame1 position minus itself
    valid: np.ndarray  # (h, w) bool: the destination is inside frame1
    kind: str  # "translation" | "affine" | "smooth"
    params: dict = field(default_factory=dict)
    motion: Callable[[np.ndarray], np.ndarray] = field(default=lambda p: p, repr=False)

    def __iter__(self):
        yield self.frame0
        yield self.frame1
        yield self.flow


def _grey_texture(image: np.ndarray, blur: float) -> np.ndarray:
    img = np.asarray(image)
    if img.ndim == 3:
        img = cv2.cvtColor(np.ascontiguousarray(img[..., :3]), cv2.COLOR_RGB2GRAY)
    if img.ndim != 2:
        raise ValueError(f"expected an (H, W) or (H, W, 3) image, got shape {np.shape(image)}")
    tex = img.astype(np.float32)
    if np.issubdtype(img.dtype, np.floating) and img.max() <= 1.0:
        tex *= 255.0
    if blur > 0:
        tex = cv2.GaussianBlur(tex, (0, 0), blur, borderType=cv2.BORDER_REFLECT_101)
    return tex


def _make_pair(
    image: np.ndarray,
    size: tuple[int, int],
    forward: Callable[[np.ndarray], np.ndarray],
    inverse: Callable[[np.ndarray], np.ndarray],
    blur: float,
    noise: float,
    seed: SeedLike,
    kind: str,
    params: dict,
) -> FlowPair:
    tex = _grey_texture(image, blur)
    h, w = size
    H, W = tex.shape
    if h > H or w > W:
        raise ValueError(f"frame size {size} is larger than the texture {tex.shape}")
    oy, ox = (H - h) // 2, (W - w) // 2  # frame0 pixel (x, y) is texture pixel (x + ox, y + oy)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    grid = np.stack([xs, ys], axis=-1).reshape(-1, 2)  # (h*w, 2) (x, y)
    f0 = tex[oy : oy + h, ox : ox + w].astype(np.float64)
    src = inverse(grid)  # (h*w, 2): where frame1's pixel comes from, in frame0 coordinates
    mapx = (src[:, 0] + ox).reshape(h, w).astype(np.float32)
    mapy = (src[:, 1] + oy).reshape(h, w).astype(np.float32)
    f1 = cv2.remap(tex, mapx, mapy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101).astype(np.float64)
    dst = forward(grid)  # (h*w, 2)
    flow = (dst - grid).reshape(h, w, 2)
    valid = ((dst[:, 0] >= 0) & (dst[:, 0] <= w - 1) & (dst[:, 1] >= 0) & (dst[:, 1] <= h - 1)).reshape(h, w)
    if noise > 0:
        rng = np.random.default_rng(seed)
        f0 = f0 + noise * rng.standard_normal(f0.shape)
        f1 = f1 + noise * rng.standard_normal(f1.shape)
    u8 = lambda a: np.clip(np.rint(a), 0, 255).astype(np.uint8)
    return FlowPair(u8(f0), u8(f1), flow, valid, kind, params, forward)


def translation_pair(
    image: np.ndarray,
    shift: tuple[float, float],
    *,
    size: tuple[int, int] = (192, 256),
    blur: float = 1.0,
    noise: float = 0.0,
    seed: SeedLike = 0,
) -> FlowPair:
    """Frames related by a global translation ``shift = (dx, dy)`` pixels: ``flow`` is constant."""
    t = np.asarray(shift, dtype=np.float64).reshape(2)
    return _make_pair(
        image, size, lambda p: p + t, lambda q: q - t, blur, noise, seed, "translation", {"shift": tuple(t)}
    )


def affine_matrix(angle: float, scale: float, shift: tuple[float, float], size: tuple[int, int]) -> np.ndarray:
    """The (2, 3) matrix [A | b] of ``p -> s R (p - c) + c + t`` (points as column vectors (x, y, 1))."""
    h, w = size
    c = np.array([(w - 1) / 2, (h - 1) / 2])
    th = np.deg2rad(angle)
    # y points down on screen, so a counter-clockwise rotation on screen is [[cos, sin], [-sin, cos]]
    A = scale * np.array([[np.cos(th), np.sin(th)], [-np.sin(th), np.cos(th)]])
    b = c - A @ c + np.asarray(shift, dtype=np.float64)
    return np.hstack([A, b[:, None]])


def affine_pair(
    image: np.ndarray,
    angle: float = 3.0,
    scale: float = 1.02,
    shift: tuple[float, float] = (0.0, 0.0),
    *,
    size: tuple[int, int] = (192, 256),
    blur: float = 1.0,
    noise: float = 0.0,
    seed: SeedLike = 0,
) -> FlowPair:
    """Rotation by ``angle`` degrees and zoom by ``scale`` about the frame centre, then ``shift``."""
    if not scale > 0:
        raise ValueError(f"scale must be > 0, got {scale}")
    M = affine_matrix(angle, scale, shift, size)
    A, b = M[:, :2], M[:, 2]
    Ainv = np.linalg.inv(A)
    return _make_pair(
        image,
        size,
        lambda p: p @ A.T + b,  # (N, 2) @ (2, 2) + (2,) -> (N, 2)
        lambda q: (q - b) @ Ainv.T,
        blur,
        noise,
        seed,
        "affine",
        {"angle": angle, "scale": scale, "shift": tuple(map(float, shift)), "matrix": M},
    )


def smooth_flow_pair(
    image: np.ndarray,
    max_disp: float = 3.0,
    *,
    n_waves: int = 4,
    size: tuple[int, int] = (192, 256),
    blur: float = 1.0,
    noise: float = 0.0,
    seed: SeedLike = 0,
) -> FlowPair:
    """A smooth random flow ``u(p) = sum_k a_k sin(2 pi <k_k, p> + phi_k)``, max ``|u|`` = ``max_disp``.

    Wavelengths are 0.5-1.2 times the smaller frame side; the field is scaled so that the
    largest displacement over the frame is ``max_disp`` and its Jacobian norm stays below
    0.35 (smaller ``max_disp`` if the waves are too steep), so the map is invertible.
    """
    if not max_disp > 0:
        raise ValueError(f"max_disp must be > 0, got {max_disp}")
    rng = np.random.default_rng(seed)
    h, w = size
    L = min(h, w)
    theta = rng.uniform(0, 2 * np.pi, n_waves)
    lam = rng.uniform(0.5, 1.2, n_waves) * L
    kvec = np.stack([np.cos(theta), np.sin(theta)], axis=1) / lam[:, None]  # (K, 2) cycles per pixel
    phase = rng.uniform(0, 2 * np.pi, n_waves)
    amp = rng.normal(size=(n_waves, 2))  # (K, 2) displacement direction and size per wave

    def u_raw(p: np.ndarray) -> np.ndarray:
        arg = 2 * np.pi * (p @ kvec.T) + phase  # (N, K)
        return np.sin(arg) @ amp  # (N, K) @ (K, 2) -> (N, 2)

    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    grid = np.stack([xs, ys], axis=-1).reshape(-1, 2)
    gain = max_disp / np.linalg.norm(u_raw(grid), axis=1).max()
    # bound on the Jacobian's norm: sum_k 2 pi |k_k| |a_k|
    lip = gain * float(np.sum(2 * np.pi * np.linalg.norm(kvec, axis=1) * np.linalg.norm(amp, axis=1)))
    if lip > 0.35:
        gain *= 0.35 / lip

    def forward(p: np.ndarray) -> np.ndarray:
        return p + gain * u_raw(p)

    def inverse(q: np.ndarray) -> np.ndarray:
        p = q.copy()
        for _ in range(200):  # contraction with factor < 0.35: converges geometrically
            p_new = q - gain * u_raw(p)
            done = np.abs(p_new - p).max() < 1e-9
            p = p_new
            if done:
                break
        return p

    actual = float(gain * np.linalg.norm(u_raw(grid), axis=1).max())
    return _make_pair(image, size, forward, inverse, blur, noise, rng, "smooth", {"max_disp": actual})


# ---------------------------------------------------------------------------------------------
# Moving sprites
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpriteVideo:
    """Frames of sprites moving over a static background, with their exact trajectories."""

    frames: np.ndarray  # (T, H, W) uint8
    centers: np.ndarray  # (T, K, 2) float64 (x, y); NaN in the empty frames
    velocities: np.ndarray  # (T, K, 2) float64 (dx, dy): centers[t+1] = centers[t] + velocities[t], then bounce
    radii: np.ndarray  # (K,) float64
    levels: np.ndarray  # (K,) float64 grey level of each sprite
    masks: np.ndarray  # (T, K, H, W) bool: visible pixels of each sprite
    foreground: np.ndarray  # (T, H, W) bool: union of the masks
    background: np.ndarray  # (H, W) float64 noise-free background

    def __len__(self) -> int:
        return len(self.frames)


def sprite_video(
    image: np.ndarray,
    n_frames: int = 40,
    *,
    size: tuple[int, int] = (160, 200),
    n_sprites: int = 2,
    radius: tuple[float, float] = (8.0, 13.0),
    speed: tuple[float, float] = (1.5, 3.5),
    sprite_levels: tuple[float, ...] = (240.0, 15.0, 225.0, 30.0),
    background_range: tuple[float, float] = (70.0, 180.0),
    noise: float = 2.0,
    empty_frames: int = 0,
    seed: SeedLike = 0,
) -> SpriteVideo:
    """Discs moving at constant velocity (bouncing off the edges) over a real, static background.

    Sprite k has brightness ``sprite_levels[k % len(sprite_levels)]``, a radius drawn from
    ``radius``, a speed (pixels per frame) from ``speed`` in a random direction, and starts
    at a random position fully inside the frame. The first ``empty_frames`` of the
    ``n_frames`` show the background only (a camera that starts before anything moves
    in): their ``centers`` and ``velocities`` are NaN and their masks empty; the sprites
    appear at their starting positions in frame ``empty_frames``.
    """
    if n_frames < 1 or n_sprites < 0 or not 0 <= empty_frames <= n_frames:
        raise ValueError("need n_frames >= 1, n_sprites >= 0 and 0 <= empty_frames <= n_frames")
    rng = np.random.default_rng(seed)
    h, w = size
    grey = _grey_texture(image, 0.0)
    bg = cv2.resize(grey, (w, h), interpolation=cv2.INTER_AREA).astype(np.float64)
    lo, hi = background_range
    bg = lo + (bg - bg.min()) * (hi - lo) / max(bg.max() - bg.min(), 1e-9)

    radii = rng.uniform(*radius, n_sprites)
    levels = np.array([sprite_levels[k % len(sprite_levels)] for k in range(n_sprites)], dtype=np.float64)
    pos = np.stack([rng.uniform(radii, w - 1 - radii), rng.uniform(radii, h - 1 - radii)], axis=1)  # (K, 2)
    ang = rng.uniform(0, 2 * np.pi, n_sprites)
    spd = rng.uniform(*speed, n_sprites)
    vel = np.stack([np.cos(ang), np.sin(ang)], axis=1) * spd[:, None]  # (K, 2)
    lo_b = np.stack([radii, radii], axis=1)
    hi_b = np.stack([w - 1 - radii, h - 1 - radii], axis=1)

    centers = np.full((n_frames, n_sprites, 2), np.nan)
    velocities = np.full((n_frames, n_sprites, 2), np.nan)
    for t in range(empty_frames, n_frames):
        centers[t], velocities[t] = pos, vel
        pos = pos + vel
        # reflect off the walls (exact: mirror the overshoot, flip that velocity component)
        over_lo, over_hi = pos < lo_b, pos > hi_b
        pos = np.where(over_lo, 2 * lo_b - pos, pos)
        pos = np.where(over_hi, 2 * hi_b - pos, pos)
        vel = np.where(over_lo | over_hi, -vel, vel)

    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    frames = np.empty((n_frames, h, w), dtype=np.uint8)
    masks = np.zeros((n_frames, n_sprites, h, w), dtype=bool)
    for t in range(n_frames):
        img = bg.copy()
        owner = np.full((h, w), -1)
        for k in range(n_sprites if t >= empty_frames else 0):
            cx, cy = centers[t, k]
            disc = (xs - cx) ** 2 + (ys - cy) ** 2 <= radii[k] ** 2
            img[disc] = levels[k]
            owner[disc] = k  # later sprites cover earlier ones
        for k in range(n_sprites):
            masks[t, k] = owner == k
        if noise > 0:
            img = img + noise * rng.standard_normal(img.shape)
        frames[t] = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    return SpriteVideo(frames, centers, velocities, radii, levels, masks, masks.any(axis=1), bg)


# ---------------------------------------------------------------------------------------------
# A noisy trajectory for Kalman filtering
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trajectory:
    """True states of a 2-D constant-velocity target and its noisy position measurements."""

    t: np.ndarray  # (T,) times k * dt
    positions: np.ndarray  # (T, 2) true (x, y)
    velocities: np.ndarray  # (T, 2) true (vx, vy)
    measurements: np.ndarray  # (T, 2) positions + N(0, meas_std^2)
    dt: float
    accel_std: float
    meas_std: float


def noisy_trajectory(
    n_steps: int = 100,
    *,
    dt: float = 1.0,
    accel_std: float = 0.05,
    meas_std: float = 2.0,
    x0: tuple[float, float] = (0.0, 0.0),
    v0: tuple[float, float] = (1.0, 0.5),
    seed: SeedLike = 0,
) -> Trajectory:
    """Simulate the discrete white-noise-acceleration model for ``n_steps`` steps (state at k = 0 is x0, v0)."""
    if n_steps < 1 or dt <= 0 or accel_std < 0 or meas_std < 0:
        raise ValueError("need n_steps >= 1, dt > 0, accel_std >= 0, meas_std >= 0")
    rng = np.random.default_rng(seed)
    a = accel_std * rng.standard_normal((n_steps, 2))
    pos = np.zeros((n_steps, 2))
    vel = np.zeros((n_steps, 2))
    p, v = np.asarray(x0, dtype=np.float64), np.asarray(v0, dtype=np.float64)
    for k in range(n_steps):
        pos[k], vel[k] = p, v
        p = p + v * dt + 0.5 * a[k] * dt * dt
        v = v + a[k] * dt
    z = pos + meas_std * rng.standard_normal((n_steps, 2))
    return Trajectory(np.arange(n_steps) * dt, pos, vel, z, float(dt), float(accel_std), float(meas_std))
