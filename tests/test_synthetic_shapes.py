"""cvlab.data.synthetic.shapes: exact ground truth, determinism, conventions."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torchvision import tv_tensors
from torchvision.ops import masks_to_boxes
from torchvision.transforms import v2

from cvlab.data.synthetic.shapes import SHAPES, ShapesDetection, make_scene, make_scenes, scene_rng, tight_boxes


@pytest.mark.parametrize("background", ["noise", "flat", "texture"])
def test_boxes_are_the_tight_boxes_of_the_visible_masks(background):
    for scene in make_scenes(40, seed=1, size=(48, 64), n_objects=(0, 5), classes=SHAPES, background=background):
        image, boxes, labels, masks = scene
        assert image.shape == (48, 64, 3) and image.dtype == np.uint8
        assert boxes.dtype == np.float32 and labels.dtype == np.int64 and masks.dtype == bool
        assert len(boxes) == len(labels) == len(masks) == len(scene.shapes)
        if len(masks):
            ref = masks_to_boxes(torch.from_numpy(masks)).numpy() + np.array([0, 0, 1, 1], np.float32)
            np.testing.assert_array_equal(boxes, ref)
            assert masks.sum(axis=0).max() <= 1, "visible masks overlap"
            assert scene.areas.min() >= 12
        assert labels.min(initial=0) >= 0 and labels.max(initial=0) < len(scene.classes)


def test_deterministic_per_seed_and_index():
    a, b = make_scene(7), make_scene(7)
    assert np.array_equal(a.image, b.image) and np.array_equal(a.boxes, b.boxes)
    assert not np.array_equal(make_scene(8).image, a.image)
    ds = ShapesDetection(5, seed=3, size=(32, 32))
    assert np.array_equal(ds[4].image, make_scene(scene_rng(3, 4), size=(32, 32)).image)
    assert np.array_equal(ds[-1].image, ds[4].image)
    with pytest.raises(IndexError):
        ds[5]


def test_masked_pixels_have_the_object_colour_without_noise():
    scene = make_scene(2, size=(64, 64), n_objects=(3, 3), noise=0.0)
    for spec, mask in zip(scene.shapes, scene.masks):
        assert (scene.image[mask] == np.array(spec.color, np.uint8)).all()


def test_torchvision_flip_of_the_boxes_is_exact():
    for scene in make_scenes(20, seed=4, size=(40, 72)):
        b = tv_tensors.BoundingBoxes(torch.from_numpy(scene.boxes), format="XYXY", canvas_size=scene.size)
        np.testing.assert_array_equal(v2.functional.horizontal_flip(b).numpy(), tight_boxes(scene.masks[:, :, ::-1]))


def test_class_probs_and_empty_scenes():
    labels = np.concatenate([s.labels for s in make_scenes(100, seed=0, size=(32, 32), class_probs=[0.8, 0.1, 0.1])])
    assert np.bincount(labels, minlength=3)[0] > 0.6 * len(labels)
    empty = make_scene(0, n_objects=(0, 0))
    assert empty.boxes.shape == (0, 4) and empty.masks.shape == (0, 96, 96)
