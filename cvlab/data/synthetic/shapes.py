"""Synthetic detection scenes: filled shapes on a textured background, with exact ground truth.

A scene is an RGB image with a few filled shapes (circles, squares, triangles, ...) drawn
with OpenCV on a procedural background, plus everything a detector or a segmenter needs::

    scene = make_scene(seed, size=(96, 128), n_objects=(1, 4))
    image, boxes, labels, masks = scene          # unpacks in this order

Conventions (the same everywhere this module is used):

* ``image``  uint8 (H, W, 3), **RGB** channel order (convert before ``cv2.imshow``).
* ``masks``  bool (N, H, W): the **visible** pixels of each instance. Objects are drawn in
  order 0..N-1 and a later object paints over an earlier one, so ``masks[i]`` is the set of
  pixels drawn for object i minus those of every later object (amodal masks are not
  returned). The masks are pairwise disjoint, and the image pixel at a masked location has
  exactly the object's colour before the final pixel noise is added.
* ``boxes``  float32 (N, 4) **XYXY in pixel-edge coordinates, x2/y2 exclusive**: pixel
  (row r, column c) covers the unit square [c, c+1) x [r, r+1), and a box is the tightest
  such rectangle around the visible mask: ``x1 = min col``, ``y1 = min row``,
  ``x2 = max col + 1``, ``y2 = max row + 1``. Width ``x2 - x1`` is the number of pixel
  columns the object spans. This is the continuous convention torchvision's
  ``transforms.v2`` geometry uses (a horizontal flip maps x to W - x, a resize scales x by
  the factor), so augmented boxes stay exact; ``torchvision.ops.masks_to_boxes`` returns
  the inclusive max instead, i.e. ``boxes == masks_to_boxes(masks) + [0, 0, 1, 1]``.
* ``labels`` int64 (N,): indices into ``scene.classes`` (0-based, no background class;
  add 1 for torchvision detection models, which reserve 0 for the background).

Guarantees: every object keeps at least ``min_visible`` of its drawn area (placements that
would hide more are re-drawn, and an object that cannot be placed is dropped, so a scene
may hold fewer objects than requested, never an empty mask), and everything is a pure
function of the seed: the same seed gives the same scene on every machine.

:class:`ShapesDetection` is a lazy, indexable collection of scenes in which scene ``i``
depends only on ``(seed, i)``: what a ``torch.utils.data.Dataset`` or a worker shard needs.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

__all__ = [
    "DEFAULT_CLASSES",
    "SHAPES",
    "Scene",
    "ShapeSpec",
    "ShapesDetection",
    "draw_boxes",
    "make_scene",
    "make_scenes",
    "scene_rng",
    "tight_boxes",
]

#: Every shape the generator can draw.
SHAPES = ("circle", "square", "triangle", "rectangle", "ellipse")
#: The classes of a scene unless told otherwise.
DEFAULT_CLASSES = ("circle", "square", "triangle")

_SHIFT = 4  # cv2 fixed-point bits: coordinates are drawn with 1/16-pixel precision
_ONE = 1 << _SHIFT
_TEXTURES = ("brick", "grass", "gravel")


@dataclass(frozen=True)
class ShapeSpec:
    """The analytic description of one drawn object (before occlusion).

    ``center`` is (x, y) in pixel-edge coordinates, ``size`` the half extent in pixels
    (circle radius, half side of a square, circumradius of the triangle, semi-major axis of
    an ellipse), ``aspect`` the ratio of the second half extent to the first (rectangle,
    ellipse; 1 otherwise), ``angle`` the rotation in degrees (counter-clockwise on screen),
    ``color`` the RGB fill.
    """

    kind: str
    label: int
    center: tuple[float, float]
    size: float
    aspect: float
    angle: float
    color: tuple[int, int, int]


@dataclass(frozen=True)
class Scene:
    """One generated image with its exact annotations. Unpacks as ``image, boxes, labels, masks``."""

    image: np.ndarray  # (H, W, 3) uint8 RGB
    boxes: np.ndarray  # (N, 4) float32 XYXY, x2/y2 exclusive, tight around masks
    labels: np.ndarray  # (N,) int64 indices into classes
    masks: np.ndarray  # (N, H, W) bool visible pixels, pairwise disjoint
    classes: tuple[str, ...]
    shapes: tuple[ShapeSpec, ...] = field(default=())  # drawing order, one per object

    def __iter__(self) -> Iterator[np.ndarray]:
        yield self.image
        yield self.boxes
        yield self.labels
        yield self.masks

    @property
    def n_objects(self) -> int:
        return len(self.labels)

    @property
    def size(self) -> tuple[int, int]:
        """(H, W) of the image (torchvision's ``canvas_size``)."""
        return self.image.shape[0], self.image.shape[1]

    @property
    def areas(self) -> np.ndarray:
        """Visible pixel count of each object: int64 (N,)."""
        return self.masks.reshape(len(self.masks), -1).sum(axis=1).astype(np.int64)

    def class_names(self) -> list[str]:
        return [self.classes[i] for i in self.labels]


def tight_boxes(masks: np.ndarray) -> np.ndarray:
    """Tight XYXY boxes (x2/y2 exclusive) around boolean masks (N, H, W) -> float32 (N, 4).

    Empty masks give the degenerate box (0, 0, 0, 0).
    """
    masks = np.asarray(masks, dtype=bool)
    n, h, w = masks.shape
    cols = masks.any(axis=1)  # (N, W): columns that hold a pixel of the object
    rows = masks.any(axis=2)  # (N, H)
    boxes = np.zeros((n, 4), dtype=np.float32)
    nonempty = cols.any(axis=1)
    boxes[:, 0] = np.argmax(cols, axis=1)  # first True column
    boxes[:, 1] = np.argmax(rows, axis=1)
    boxes[:, 2] = w - np.argmax(cols[:, ::-1], axis=1)  # one past the last True column
    boxes[:, 3] = h - np.argmax(rows[:, ::-1], axis=1)
    boxes[~nonempty] = 0.0
    return boxes


def scene_rng(seed: int, index: int) -> np.random.Generator:
    """The generator for scene ``index`` of a collection seeded with ``seed``.

    Seeding with the pair (seed, index) makes every scene independent of the others: scene
    1000 can be made without making scenes 0..999, in any process, in any order.
    """
    return np.random.default_rng([int(seed), int(index)])


# ---------------------------------------------------------------------------------------
# drawing
# ---------------------------------------------------------------------------------------


def _rotated(points: np.ndarray, angle_deg: float) -> np.ndarray:
    """Rotate (K, 2) points (x, y) about the origin, counter-clockwise on screen (y points down)."""
    t = np.deg2rad(angle_deg)
    rot = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]])  # screen CCW with y down
    return points @ rot.T


def _outline(spec: ShapeSpec) -> np.ndarray | None:
    """Polygon vertices (K, 2) in pixel-edge coordinates, or None for circles and ellipses."""
    s = spec.size
    if spec.kind == "square":
        local = np.array([[-s, -s], [s, -s], [s, s], [-s, s]])
    elif spec.kind == "rectangle":
        local = np.array([[-s, -s * spec.aspect], [s, -s * spec.aspect], [s, s * spec.aspect], [-s, s * spec.aspect]])
    elif spec.kind == "triangle":
        a = np.deg2rad([90.0, 210.0, 330.0])  # equilateral, circumradius s, apex up before rotation
        local = np.stack([s * np.cos(a), -s * np.sin(a)], axis=1)
    else:
        return None
    return _rotated(local, spec.angle) + np.asarray(spec.center)


def _bounding_radius(kind: str, size: float, aspect: float) -> float:
    if kind == "square":
        return size * np.sqrt(2.0)
    if kind == "rectangle":
        return size * np.hypot(1.0, aspect)
    if kind == "ellipse":
        return size * max(1.0, aspect)
    return size  # circle, triangle (circumradius)


def _rasterise(spec: ShapeSpec, hw: tuple[int, int]) -> np.ndarray:
    """The pixels cv2 fills for ``spec``: bool (H, W). Aliased drawing, so the set is exact.

    cv2 works in pixel-centre coordinates (pixel c has its centre at c); the spec is in
    pixel-edge coordinates (centre at c + 0.5), hence the -0.5 shift.
    """
    canvas = np.zeros(hw, dtype=np.uint8)
    cx, cy = spec.center
    centre = (round((cx - 0.5) * _ONE), round((cy - 0.5) * _ONE))
    if spec.kind == "circle":
        cv2.circle(canvas, centre, round(spec.size * _ONE), 1, -1, cv2.LINE_8, _SHIFT)
    elif spec.kind == "ellipse":
        axes = (round(spec.size * _ONE), round(spec.size * spec.aspect * _ONE))
        cv2.ellipse(canvas, centre, axes, -spec.angle, 0, 360, 1, -1, cv2.LINE_8, _SHIFT)
    else:
        pts = np.round((_outline(spec) - 0.5) * _ONE).astype(np.int32)  # (K, 2) fixed point
        cv2.fillPoly(canvas, [pts], 1, cv2.LINE_8, _SHIFT)
    return canvas.astype(bool)


def _random_color(rng: np.random.Generator) -> tuple[int, int, int]:
    """A saturated, bright colour: stands out from the greyish backgrounds."""
    h, s, v = rng.uniform(0.0, 1.0), rng.uniform(0.55, 1.0), rng.uniform(0.7, 1.0)
    return tuple(round(255 * c) for c in colorsys.hsv_to_rgb(h, s, v))  # type: ignore[return-value]


def _background(rng: np.random.Generator, hw: tuple[int, int], kind: str | np.ndarray) -> np.ndarray:
    """A float32 (H, W, 3) background in 0..255 (low saturation, mid grey levels)."""
    h, w = hw
    if isinstance(kind, np.ndarray):
        bg = np.asarray(kind)
        if bg.ndim == 2:
            bg = np.repeat(bg[..., None], 3, axis=2)
        if bg.shape[:2] != (h, w) or bg.shape[2] != 3:
            raise ValueError(f"background array has shape {kind.shape}, expected ({h}, {w}, 3) or ({h}, {w})")
        return bg.astype(np.float32)
    if kind == "flat":
        grey = rng.uniform(60, 170) + rng.uniform(-15, 15, 3)  # grey with a slight tint
        return np.broadcast_to(grey.astype(np.float32), (h, w, 3)).copy()
    if kind == "noise":
        # A smooth colour field: a coarse random grid upsampled bicubically, grey-ish.
        coarse = rng.uniform(50, 170, (4, 4, 1)) + rng.uniform(-20, 20, (4, 4, 3))
        field_ = cv2.resize(coarse.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
        grain = rng.normal(0.0, 10.0, (h // 2 + 1, w // 2 + 1, 1)).astype(np.float32)
        grain = cv2.resize(grain, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
        return np.clip(field_ + grain, 0, 255)
    if kind == "texture":
        from cvlab.data import skimage_image  # lazy: only this option needs the data layer

        tex = skimage_image(_TEXTURES[int(rng.integers(len(_TEXTURES)))]).astype(np.float32)  # (512, 512) grey
        scale = max(h / tex.shape[0], w / tex.shape[1], rng.uniform(0.25, 0.6))
        tex = cv2.resize(tex, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        y0 = int(rng.integers(tex.shape[0] - h + 1))
        x0 = int(rng.integers(tex.shape[1] - w + 1))
        crop = tex[y0 : y0 + h, x0 : x0 + w]  # (H, W)
        crop = 60 + 100 * (crop - crop.min()) / max(float(np.ptp(crop)), 1.0)  # into 60..160
        tint = rng.uniform(0.85, 1.15, 3).astype(np.float32)
        return np.clip(crop[..., None] * tint, 0, 255)
    raise ValueError(f"unknown background {kind!r}: use 'noise', 'flat', 'texture' or an (H, W, 3) uint8 array")


def make_scene(
    rng_or_seed: int | np.random.Generator | None = None,
    size: tuple[int, int] = (96, 96),
    n_objects: tuple[int, int] = (1, 4),
    classes: Sequence[str] = DEFAULT_CLASSES,
    background: str | np.ndarray = "noise",
    object_size: tuple[float, float] = (0.08, 0.22),
    class_probs: Sequence[float] | None = None,
    min_visible: float = 0.4,
    min_area: int = 12,
    noise: float = 4.0,
    max_tries: int = 30,
) -> Scene:
    """Draw one scene and return it with exact boxes, labels and instance masks.

    Args:
        rng_or_seed: an ``int`` seed, a ``numpy.random.Generator`` (consumed), or None (random).
        size: (H, W) of the image.
        n_objects: (min, max) number of objects, both inclusive; min may be 0.
        classes: names of the classes, each one of :data:`SHAPES`; ``labels`` index this tuple.
        background: ``"noise"`` (smooth colour field with grain), ``"flat"``, ``"texture"``
            (a crop of scikit-image's brick/grass/gravel through ``cvlab.data``), or an array.
        object_size: range of the half extent as a fraction of min(H, W).
        class_probs: probability of each class (default uniform): makes imbalanced data.
        min_visible: every object keeps at least this fraction of its drawn area visible.
        min_area: minimum number of visible pixels of an object.
        noise: standard deviation of Gaussian noise added to every pixel (0 for none).
        max_tries: placements tried per object before it is dropped.

    Returns:
        a :class:`Scene` (see the module docstring for the conventions).
    """
    rng = rng_or_seed if isinstance(rng_or_seed, np.random.Generator) else np.random.default_rng(rng_or_seed)
    h, w = int(size[0]), int(size[1])
    classes = tuple(classes)
    unknown = [c for c in classes if c not in SHAPES]
    if unknown:
        raise ValueError(f"unknown shape classes {unknown}; available: {SHAPES}")
    lo, hi = n_objects
    if not 0 <= lo <= hi:
        raise ValueError(f"n_objects must be (min, max) with 0 <= min <= max, got {n_objects}")
    probs = None if class_probs is None else np.asarray(class_probs, dtype=np.float64) / np.sum(class_probs)

    base = _background(rng, (h, w), background)
    n_wanted = int(rng.integers(lo, hi + 1))
    specs: list[ShapeSpec] = []
    drawn: list[np.ndarray] = []  # (H, W) bool per accepted object, before occlusion
    visible: list[np.ndarray] = []
    short = min(h, w)
    for _ in range(n_wanted):
        label = int(rng.choice(len(classes), p=probs))
        kind = classes[label]
        color = _random_color(rng)
        for _try in range(max_tries):
            s = max(2.0, rng.uniform(*object_size) * short)
            aspect = rng.uniform(0.45, 0.8) if kind in ("rectangle", "ellipse") else 1.0
            r = min(_bounding_radius(kind, s, aspect), 0.5 * short)
            cx, cy = rng.uniform(r, w - r), rng.uniform(r, h - r)  # fully inside the image
            angle = rng.uniform(0.0, 360.0) if kind != "circle" else 0.0
            spec = ShapeSpec(kind, label, (float(cx), float(cy)), float(s), float(aspect), float(angle), color)
            new = _rasterise(spec, (h, w))
            if new.sum() < min_area:
                continue
            # Would the new object hide too much of an earlier one?
            ok = all((v & ~new).sum() >= max(min_visible * d.sum(), min_area) for v, d in zip(visible, drawn))
            if ok:
                visible = [v & ~new for v in visible]
                specs.append(spec)
                drawn.append(new)
                visible.append(new)
                break

    image = base
    for spec, mask in zip(specs, visible):  # visible masks are disjoint: the order no longer matters
        image[mask] = spec.color
    if noise > 0:
        image = image + rng.normal(0.0, noise, image.shape).astype(np.float32)
    image = np.clip(np.rint(image), 0, 255).astype(np.uint8)

    masks = np.stack(visible) if visible else np.zeros((0, h, w), dtype=bool)
    labels = np.array([s.label for s in specs], dtype=np.int64)
    return Scene(image, tight_boxes(masks), labels, masks, classes, tuple(specs))


def make_scenes(n: int, seed: int = 0, **scene_kwargs: Any) -> list[Scene]:
    """``n`` scenes; scene i is ``make_scene(scene_rng(seed, i), **scene_kwargs)``."""
    return [make_scene(scene_rng(seed, i), **scene_kwargs) for i in range(n)]


class ShapesDetection(Sequence):
    """A lazy, indexable collection of ``n`` scenes: ``ds[i]`` depends only on (seed, i).

    Nothing is stored, so it is cheap to copy into worker processes; wrap it in a
    ``torch.utils.data.Dataset`` to turn scenes into tensors (lab 3.4 does).
    """

    def __init__(self, n: int, seed: int = 0, **scene_kwargs: Any) -> None:
        self.n, self.seed, self.scene_kwargs = int(n), int(seed), dict(scene_kwargs)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: int) -> Scene:  # type: ignore[override]
        if not -self.n <= index < self.n:
            raise IndexError(f"scene index {index} out of range for {self.n} scenes")
        return make_scene(scene_rng(self.seed, index % self.n), **self.scene_kwargs)

    def scenes(self) -> list[Scene]:
        return [self[i] for i in range(self.n)]

    def __repr__(self) -> str:
        return f"ShapesDetection(n={self.n}, seed={self.seed}, {self.scene_kwargs})"


def draw_boxes(
    image: np.ndarray,
    boxes: np.ndarray,
    labels: np.ndarray | None = None,
    classes: Sequence[str] | None = None,
    color: tuple[int, int, int] = (255, 255, 255),
) -> np.ndarray:
    """A copy of ``image`` with 1-px box outlines (exclusive x2/y2) and optional class names."""
    out = np.ascontiguousarray(image).copy()
    for k, (x1, y1, x2, y2) in enumerate(np.rint(np.asarray(boxes, dtype=np.float64)).astype(int).tolist()):
        p1, p2 = (x1, y1), (x2 - 1, y2 - 1)
        cv2.rectangle(out, p1, p2, color, 1)
        if labels is not None:
            name = classes[int(labels[k])] if classes is not None else str(int(labels[k]))
            cv2.putText(out, name, (p1[0], max(p1[1] - 2, 8)), cv2.FONT_HERSHEY_PLAIN, 0.7, color, 1)
    return out
