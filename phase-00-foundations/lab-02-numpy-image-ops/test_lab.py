"""Grader for lab 0.2 - NumPy for images.

References are independent of the solution: OpenCV (split, cvtColor, add/subtract,
addWeighted, dnn.blobFromImagesWithParams, copyMakeBorder, rotate, flip, integral), NumPy's
own np.pad / np.rot90 / sliding_window_view / einsum, and exact sums by slicing. (torch is
not imported: it alone takes seconds to load; bench.py compares with torchvision.)
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.lib.array_utils import byte_bounds
from numpy.lib.stride_tricks import sliding_window_view

from cvlab import data
from cvlab.testing import where_differs

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return data.skimage_image("astronaut")  # (512, 512, 3) uint8 RGB


@pytest.fixture(scope="module")
def chelsea() -> np.ndarray:
    return data.skimage_image("chelsea")  # (300, 451, 3) uint8 RGB, not square


@pytest.fixture(scope="module")
def camera() -> np.ndarray:
    return data.skimage_image("camera")  # (512, 512) uint8 grey


def small_images(dtype=np.uint8, min_side: int = 1, max_side: int = 7, channels: bool | None = None):
    """(H, W) or (H, W, C) arrays with small sides."""
    c = st.sampled_from([(), (1,), (3,)]) if channels is None else st.just((3,) if channels else ())
    shape = st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side), c).map(
        lambda t: (t[0], t[1]) + t[2]
    )
    return hnp.arrays(dtype, shape)


# ---------------------------------------------------------------------------------------------
# layout
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("layout")
def test_layout_hwc_to_chw_matches_cv2_split(lab, astronaut):
    """convert_layout(img, "HWC", "CHW") stacks the planes cv2.split gives, as a C-contiguous array."""
    got = lab.convert_layout(astronaut, "HWC", "CHW")
    ref = np.stack(cv2.split(astronaut))  # (3, 512, 512): one plane per channel
    assert got.shape == ref.shape, (
        f"convert_layout(astronaut {astronaut.shape}, 'HWC', 'CHW') returned shape {got.shape}, expected {ref.shape}"
    )
    assert got.dtype == astronaut.dtype, (
        f"the dtype changed from {astronaut.dtype} to {got.dtype}: a layout change must not convert values"
    )
    assert np.array_equal(got, ref), "values differ from the channel planes of cv2.split" + where_differs(got, ref)
    assert got.flags.c_contiguous, (
        f"the result is not C-contiguous (strides {got.strides}): transpose only permutes strides; "
        "the bytes must be rearranged too (np.ascontiguousarray)"
    )


@pytest.mark.region("layout")
def test_layout_batch_nhwc_nchw_round_trip(lab, astronaut):
    """NHWC -> NCHW puts x[n, h, w, c] at out[n, c, h, w] and converting back restores the batch."""
    batch = np.stack(
        [astronaut[:64, :96], astronaut[100:164, 200:296], astronaut[::4, ::4][:64, :96]]
    )  # (3, 64, 96, 3)
    nchw = lab.convert_layout(batch, "NHWC", "NCHW")
    ref = np.stack([np.stack(cv2.split(im)) for im in batch])  # (3, 3, 64, 96)
    assert nchw.shape == (3, 3, 64, 96), (
        f"convert_layout(batch {batch.shape}, 'NHWC', 'NCHW') gave shape {nchw.shape}, expected (3, 3, 64, 96)"
    )
    assert np.array_equal(nchw, ref), "NCHW values differ from the per-image channel planes" + where_differs(nchw, ref)
    assert nchw.strides == ref.strides, f"strides {nchw.strides}, expected the C-contiguous strides {ref.strides}"
    back = lab.convert_layout(nchw, "NCHW", "NHWC")
    assert back.shape == batch.shape and np.array_equal(back, batch), "NCHW -> NHWC did not restore the original batch"


@pytest.mark.region("layout")
@given(
    st.integers(1, 4).flatmap(
        lambda nd: st.tuples(
            hnp.arrays(np.int16, hnp.array_shapes(min_dims=nd, max_dims=nd, max_side=4)),
            st.permutations("NCHW"[:nd]),
            st.permutations("NCHW"[:nd]),
        )
    )
)
def test_layout_any_permutation_matches_einsum(lab, case):
    """Any permutation of layout letters gives the same array as np.einsum('src->dst')."""
    x, src, dst = case
    src, dst = "".join(src), "".join(dst)
    got = lab.convert_layout(x, src, dst)
    ref = np.einsum(f"{src}->{dst}", x)
    assert got.shape == ref.shape and np.array_equal(got, ref), (
        f"convert_layout(x of shape {x.shape}, {src!r}, {dst!r}) gave shape {got.shape}, expected {ref.shape} "
        f"(the values einsum('{src}->{dst}') gives)"
    )
    assert got.flags.c_contiguous, f"convert_layout(..., {src!r}, {dst!r}) is not C-contiguous (strides {got.strides})"


@pytest.mark.region("layout")
@pytest.mark.parametrize(
    ("src", "dst"), [("HWC", "NCHW"), ("HWC", "HWD"), ("HHW", "HWH"), ("HW", "WH"), ("HWCN", "NCHW")]
)
def test_layout_rejects_mismatched_layouts(lab, src, dst):
    """Layouts that do not name every axis of the array exactly once raise ValueError."""
    x = np.zeros((4, 5, 3), np.uint8)
    with pytest.raises(ValueError):
        lab.convert_layout(x, src, dst)
        pytest.fail(f"convert_layout(x of shape {x.shape}, {src!r}, {dst!r}) returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# adjust
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("adjust")
def test_adjust_saturates_like_cv2_add_and_subtract(lab, astronaut):
    """Brightness +100 / -100 clips at 255 / 0 exactly like cv2.add / cv2.subtract (no wrap-around)."""
    hundred = np.full_like(astronaut, 100)
    for b, ref, name in [
        (100, cv2.add(astronaut, hundred), "cv2.add"),
        (-100, cv2.subtract(astronaut, hundred), "cv2.subtract"),
    ]:
        got = lab.adjust(astronaut, brightness=b)
        assert got.dtype == np.uint8, f"adjust(astronaut, brightness={b}) returned {got.dtype}, expected uint8"
        assert got.shape == astronaut.shape, f"adjust changed the shape {astronaut.shape} -> {got.shape}"
        wrapped = int(((got.astype(int) - astronaut.astype(int)) * np.sign(b) < 0).sum())
        assert wrapped == 0, (
            f"adjust(astronaut, brightness={b}): {wrapped} pixels moved the wrong way, e.g. 200 + 100 -> 44: "
            "uint8 arithmetic wraps modulo 256; compute in a wider type and clip to [0, 255]"
        )
        assert np.array_equal(got, ref), f"adjust(astronaut, brightness={b}) differs from {name}" + where_differs(
            got, ref
        )


@pytest.mark.region("adjust")
@pytest.mark.parametrize(("contrast", "brightness"), [(1.3, -20.5), (0.7, 33.3), (2.0, 0.5), (0.25, 0.0)])
def test_adjust_matches_cv2_addweighted(lab, astronaut, contrast, brightness):
    """Scalar contrast/brightness match cv2.addWeighted (saturate_cast), up to rounding of a tie."""
    got = lab.adjust(astronaut, contrast, brightness)
    ref = cv2.addWeighted(astronaut, contrast, np.zeros_like(astronaut), 0.0, brightness)
    assert got.dtype == np.uint8 and got.shape == ref.shape, f"got {got.dtype} {got.shape}, expected uint8 {ref.shape}"
    diff = np.abs(got.astype(int) - ref.astype(int))
    assert diff.max() <= 1, (
        f"adjust(astronaut, contrast={contrast}, brightness={brightness}) is off by up to {diff.max()} grey levels "
        "vs cv2.addWeighted (allowed: 1, float rounding)" + where_differs(got, ref)
    )
    assert (diff > 0).mean() < 0.05, (
        f"{(diff > 0).mean():.1%} of pixels are one level off vs cv2.addWeighted: round to nearest "
        "(np.rint) instead of truncating with astype"
    )


@pytest.mark.region("adjust")
def test_adjust_per_image_values_broadcast_over_the_batch(lab, astronaut):
    """A batch of 3 RGB images with one contrast/brightness each equals adjusting each image alone."""
    batch = np.stack([astronaut[:64, :64], astronaut[200:264, 200:264], astronaut[400:464, 100:164]])  # (3, 64, 64, 3)
    shifts = np.array([120, -90, 40])
    got = lab.adjust(batch, 1.0, shifts)
    ref = np.stack(
        [
            cv2.add(im, np.full_like(im, s)) if s >= 0 else cv2.subtract(im, np.full_like(im, -s))
            for im, s in zip(batch, shifts)
        ]
    )
    assert got.shape == batch.shape, (
        f"adjust(batch {batch.shape}, 1, brightness {shifts.shape}) returned shape {got.shape}"
    )
    assert np.array_equal(got, ref), (
        f"adjust(batch (3, 64, 64, 3), brightness={shifts.tolist()}) differs from shifting each image alone"
        + where_differs(got, ref)
        + ". A (N,) array broadcasts against the LAST axis (here the 3 channels); reshape it to (N, 1, 1, 1)"
    )
    contrast, brightness = np.array([0.5, 1.0, 1.5]), np.array([10.0, -20.0, 40.0])
    got = lab.adjust(batch, contrast, brightness)
    ref = np.stack([cv2.addWeighted(im, a, np.zeros_like(im), 0.0, b) for im, a, b in zip(batch, contrast, brightness)])
    diff = np.abs(got.astype(int) - ref.astype(int))
    assert diff.max() <= 1, (
        f"adjust(batch, contrast={contrast.tolist()}, brightness={brightness.tolist()}) is off by up to {diff.max()} "
        "vs cv2.addWeighted on each image: each image must get its own values along axis 0"
    )


@pytest.mark.region("adjust")
@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=1, max_dims=4, max_side=5)), st.integers(-300, 300))
def test_adjust_integer_shift_is_clipped_integer_addition(lab, x, shift):
    """For any uint8 array and integer shift, adjust equals the exact integer sum clipped to [0, 255]."""
    got = lab.adjust(x, 1, shift)
    ref = np.clip(x.astype(np.int64) + shift, 0, 255).astype(np.uint8)
    assert got.dtype == np.uint8 and got.shape == x.shape, f"got {got.dtype} {got.shape}, expected uint8 {x.shape}"
    assert np.array_equal(got, ref), f"adjust(x={x.ravel()[:6].tolist()}..., 1, {shift})" + where_differs(got, ref)


@pytest.mark.region("adjust")
def test_adjust_accepts_float_input(lab):
    """Float input in [0, 1] times 255 is rounded half-to-even and clipped (the float -> uint8 conversion)."""
    x = np.array([-0.2, 0.0, 0.5, 0.999, 1.0, 1.7], dtype=np.float32)
    got = lab.adjust(x, contrast=255.0)
    ref = np.array([0, 0, 128, 255, 255, 255], dtype=np.uint8)  # 127.5 -> 128 (even), 254.745 -> 255
    assert np.array_equal(got, ref), f"adjust({x.tolist()}, contrast=255) gave {got.tolist()}, expected {ref.tolist()}"


# ---------------------------------------------------------------------------------------------
# gray
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("gray")
def test_gray_rgb_matches_opencv(lab, astronaut):
    """to_gray(RGB photo) agrees with cv2.cvtColor(RGB2GRAY) within OpenCV's rounding."""
    got = lab.to_gray(astronaut)
    ref = cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY).astype(np.float32)
    assert got.shape == ref.shape, (
        f"to_gray(astronaut {astronaut.shape}) returned shape {got.shape}, expected {ref.shape}"
    )
    assert got.dtype == np.float32, f"to_gray returned {got.dtype}, expected float32 (unrounded luma)"
    err = float(np.abs(got - ref).max())
    assert err <= 0.52, (
        f"to_gray differs from cv2.cvtColor(RGB2GRAY) by up to {err:.2f} grey levels (cv2 rounds, so at most ~0.5)"
    )


@pytest.mark.region("gray")
def test_gray_bgr_order_matches_opencv(lab, astronaut):
    """With order="BGR" a BGR image (what cv2.imread returns) gives the same grey as cv2 BGR2GRAY."""
    bgr = np.ascontiguousarray(astronaut[..., ::-1])
    got = lab.to_gray(bgr, order="BGR")
    ref = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY).astype(np.float32)
    err = float(np.abs(got - ref).max())
    assert err <= 0.52, (
        f"to_gray(bgr, order='BGR') differs from cv2.cvtColor(BGR2GRAY) by up to {err:.2f} levels: "
        "in BGR the weight 0.114 belongs to channel 0 and 0.299 to channel 2"
    )


@pytest.mark.region("gray")
@pytest.mark.parametrize("order", ["RGB", "BGR"])
def test_gray_of_primaries_and_grey(lab, order):
    """Pure red, green, blue give 255 x (0.299, 0.587, 0.114); a grey pixel keeps its value."""
    rgb = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255], [77, 77, 77]], dtype=np.uint8)  # (4, 3) pixels
    pixels = rgb if order == "RGB" else rgb[:, ::-1]
    got = lab.to_gray(pixels, order=order)
    ref = np.array([0.299 * 255, 0.587 * 255, 0.114 * 255, 77.0])
    assert got.shape == (4,), f"to_gray of 4 pixels (4, 3) returned shape {got.shape}, expected (4,)"
    assert np.allclose(got, ref, atol=1e-3), (
        f"to_gray(red, green, blue, grey 77 stored as {order}) = {np.round(got, 3).tolist()}, expected {np.round(ref, 3).tolist()}"
    )


@pytest.mark.region("gray")
def test_gray_works_on_a_batch(lab, astronaut, chelsea):
    """A (N, H, W, 3) batch gives (N, H, W): the weighted sum is over the last axis only."""
    batch = np.stack([astronaut[:300, :451], chelsea])  # (2, 300, 451, 3)
    got = lab.to_gray(batch)
    assert got.shape == (2, 300, 451), f"to_gray(batch {batch.shape}) returned {got.shape}, expected (2, 300, 451)"
    for i in range(2):
        ref = cv2.cvtColor(batch[i], cv2.COLOR_RGB2GRAY).astype(np.float32)
        err = float(np.abs(got[i] - ref).max())
        assert err <= 0.52, f"image {i} of the batch differs from cv2.cvtColor by up to {err:.2f} levels"


@pytest.mark.region("gray")
@pytest.mark.parametrize(
    ("shape", "order"), [((4, 4, 3), "RBG"), ((4, 4, 3), "rgb"), ((4, 4, 4), "RGB"), ((4, 4), "RGB")]
)
def test_gray_rejects_bad_input(lab, shape, order):
    """An unknown channel order or a last axis that is not 3 raises ValueError."""
    with pytest.raises(ValueError):
        lab.to_gray(np.zeros(shape, np.uint8), order=order)
        pytest.fail(f"to_gray(zeros {shape}, order={order!r}) returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# normalize
# ---------------------------------------------------------------------------------------------
def _dnn_blob(images: np.ndarray, mean, std, pixel_scale: float) -> np.ndarray:
    """OpenCV's DNN preprocessing, (x - mean') * scalefactor per channel, as an independent NHWC reference."""
    m, s = np.asarray(mean, np.float64), np.asarray(std, np.float64)
    params = cv2.dnn.Image2BlobParams(
        scalefactor=tuple(1.0 / (pixel_scale * s)),
        size=images.shape[2:0:-1],
        mean=tuple(pixel_scale * m),
        swapRB=False,
        ddepth=cv2.CV_32F,
        datalayout=cv2.dnn.DNN_LAYOUT_NHWC,
    )
    return cv2.dnn.blobFromImagesWithParams(list(images), params)  # (N, H, W, C) float32


@pytest.mark.region("normalize")
def test_normalize_matches_opencv_dnn_blob(lab, astronaut):
    """ImageNet normalisation of a uint8 HWC image equals OpenCV's DNN blob (x/255 - mean) / std."""
    got = lab.normalize(astronaut, IMAGENET_MEAN, IMAGENET_STD)
    ref = _dnn_blob(astronaut[None], IMAGENET_MEAN, IMAGENET_STD, pixel_scale=255.0)[0]
    assert got.shape == ref.shape, (
        f"normalize(astronaut {astronaut.shape}) returned shape {got.shape}, expected {ref.shape}"
    )
    assert got.dtype == np.float32, (
        f"normalize returned {got.dtype}, expected float32 (NumPy promotes to float64 unless you keep it)"
    )
    err = float(np.abs(got - ref).max())
    assert err < 1e-5, (
        f"normalize differs from cv2.dnn.blobFromImageWithParams by up to {err:.4f}; check the uint8 -> [0, 1] "
        "scaling, that the mean is subtracted and the std divides, per channel (last axis)"
    )
    pixel = astronaut[0, 0].astype(np.float64)
    exact = (pixel / 255 - np.array(IMAGENET_MEAN)) / np.array(IMAGENET_STD)
    assert np.allclose(got[0, 0], exact, atol=1e-5), (
        f"pixel {pixel.tolist()} normalised to {got[0, 0].tolist()}, expected {exact.round(6).tolist()}"
    )


@pytest.mark.region("normalize")
def test_normalize_float_batch_matches_opencv_dnn_blob(lab, chelsea):
    """A float NHWC batch in [0, 1] is not rescaled and each channel gets its own mean/std."""
    batch = np.stack([chelsea, chelsea[::-1], chelsea[:, ::-1]]).astype(np.float32) / 255.0  # (3, 300, 451, 3)
    mean, std = (0.2, 0.5, 0.8), (0.1, 0.3, 0.9)
    got = lab.normalize(batch, mean, std)
    ref = _dnn_blob(batch, mean, std, pixel_scale=1.0)
    assert got.shape == ref.shape, f"normalize(batch {batch.shape}) returned shape {got.shape}, expected {ref.shape}"
    err = float(np.abs(got - ref).max())
    assert err < 1e-5, (
        f"normalize(float batch, mean={mean}, std={std}) differs from OpenCV's DNN blob by up to {err:.3f}: "
        "float input must not be divided by 255, and mean/std align with the last axis"
    )


@pytest.mark.region("normalize", needs=["adjust"])
def test_normalize_round_trip_imagenet(lab, astronaut):
    """denormalize(normalize(img)) returns the original uint8 image exactly (ImageNet stats)."""
    x = lab.normalize(astronaut, IMAGENET_MEAN, IMAGENET_STD)
    back = lab.denormalize(x, IMAGENET_MEAN, IMAGENET_STD)
    assert back.dtype == np.uint8 and np.array_equal(back, astronaut), (
        "denormalize(normalize(astronaut)) != astronaut" + where_differs(back, astronaut)
    )


@pytest.mark.region("normalize", needs=["adjust"])
@given(
    small_images(channels=True),
    st.tuples(*[st.floats(0.0, 1.0)] * 3),
    st.tuples(*[st.floats(0.05, 3.0)] * 3),
)
def test_normalize_round_trip_any_stats(lab, img, mean, std):
    """For any uint8 image and any per-channel stats, normalising then denormalising is the identity."""
    x = lab.normalize(img, mean, std)
    assert x.dtype == np.float32, f"normalize returned {x.dtype}, expected float32"
    back = lab.denormalize(x, mean, std)
    assert np.array_equal(back, img), f"round trip with mean={mean}, std={std} failed" + where_differs(back, img)


@pytest.mark.region("normalize")
def test_normalize_rejects_wrong_number_of_stats(lab):
    """mean/std with a length different from the number of channels raise ValueError."""
    img = np.zeros((4, 4, 3), np.uint8)
    with pytest.raises(ValueError):
        lab.normalize(img, (0.5, 0.5), (0.2, 0.2))
        pytest.fail("normalize((4, 4, 3) image, mean of length 2, ...) returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# pad
# ---------------------------------------------------------------------------------------------
CV2_BORDER = {
    "constant": cv2.BORDER_CONSTANT,
    "edge": cv2.BORDER_REPLICATE,
    "reflect": cv2.BORDER_REFLECT_101,
    "symmetric": cv2.BORDER_REFLECT,
    "wrap": cv2.BORDER_WRAP,
}
PAD_NAMES = {
    mode: name
    for mode, name in zip(
        CV2_BORDER, ["BORDER_CONSTANT", "BORDER_REPLICATE", "BORDER_REFLECT_101", "BORDER_REFLECT", "BORDER_WRAP"]
    )
}


@pytest.mark.region("pad")
@pytest.mark.parametrize("mode", list(CV2_BORDER))
def test_pad_matches_cv2_copymakeborder(lab, chelsea, mode):
    """pad(img, (top, bottom, left, right), mode) equals cv2.copyMakeBorder with the matching border type."""
    img = np.ascontiguousarray(chelsea[100:160, 200:280])  # (60, 80, 3)
    width = (5, 9, 13, 2)
    value = (10, 20, 30)
    got = lab.pad(img, width, mode, value=value) if mode == "constant" else lab.pad(img, width, mode)
    ref = cv2.copyMakeBorder(img, *width, CV2_BORDER[mode], value=value)
    assert got.shape == ref.shape, (
        f"pad(img {img.shape}, width (top, bottom, left, right)={width}, {mode!r}) gave shape {got.shape}, expected {ref.shape}"
    )
    assert got.dtype == img.dtype, f"pad changed the dtype {img.dtype} -> {got.dtype}"
    assert np.array_equal(got, ref), (
        f"pad(img, {width}, {mode!r}) differs from cv2.copyMakeBorder(..., {PAD_NAMES[mode]})"
        + where_differs(got, ref)
    )


@pytest.mark.region("pad")
@given(
    small_images(np.int16, max_side=6),
    st.tuples(*[st.integers(0, 13)] * 4),
    st.sampled_from(list(CV2_BORDER)),
)
def test_pad_matches_numpy_pad(lab, img, width, mode):
    """For any small image, widths (also wider than the image) and mode, pad equals np.pad."""
    top, bottom, left, right = width
    got = lab.pad(img, width, mode)
    ref = np.pad(img, ((top, bottom), (left, right)) + ((0, 0),) * (img.ndim - 2), mode=mode)
    assert got.shape == ref.shape, (
        f"pad(img {img.shape}, {width}, {mode!r}) gave shape {got.shape}, expected {ref.shape}"
    )
    assert np.array_equal(got, ref), f"pad(img {img.shape}, {width}, {mode!r}) differs from np.pad" + where_differs(
        got, ref
    )


@pytest.mark.region("pad")
def test_pad_int_width_on_grey_float(lab, camera):
    """An int width pads all four sides; grey (H, W) and float images work; the input is untouched."""
    img = camera[:50, :70].astype(np.float32) / 255
    before = img.copy()
    got = lab.pad(img, 3, "reflect")
    ref = cv2.copyMakeBorder(img, 3, 3, 3, 3, cv2.BORDER_REFLECT_101)
    assert got.shape == (56, 76) and got.dtype == np.float32, (
        f"pad(float (50, 70), 3, 'reflect') gave {got.dtype} {got.shape}, expected float32 (56, 76)"
    )
    assert np.array_equal(got, ref), (
        "pad(grey float, 3, 'reflect') differs from cv2 BORDER_REFLECT_101" + where_differs(got, ref)
    )
    assert np.array_equal(img, before), "pad modified its input image"


@pytest.mark.region("pad")
@pytest.mark.parametrize(
    ("shape", "width", "mode"),
    [
        ((4, 4), (-1, 0, 0, 0), "constant"),
        ((4, 4), 2, "mirror"),
        ((0, 4), (1, 0, 0, 0), "edge"),
        ((4, 0), 1, "reflect"),
    ],
)
def test_pad_rejects_bad_arguments(lab, shape, width, mode):
    """Negative widths, unknown modes, and reflecting an empty axis raise ValueError."""
    with pytest.raises(ValueError):
        lab.pad(np.zeros(shape, np.uint8), width, mode)
        pytest.fail(f"pad(zeros {shape}, {width}, {mode!r}) returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# dihedral
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("dihedral")
@pytest.mark.parametrize(
    ("k", "flip", "name"),
    [
        (1, False, "cv2.rotate(img, ROTATE_90_COUNTERCLOCKWISE)"),
        (2, False, "cv2.rotate(img, ROTATE_180)"),
        (3, False, "cv2.rotate(img, ROTATE_90_CLOCKWISE)"),
        (-1, False, "cv2.rotate(img, ROTATE_90_CLOCKWISE)"),
        (0, True, "cv2.flip(img, 1)"),
        (1, True, "cv2.rotate(cv2.flip(img, 1), ROTATE_90_COUNTERCLOCKWISE)"),
        (-5, True, "cv2.rotate(cv2.flip(img, 1), ROTATE_90_CLOCKWISE)"),
    ],
)
def test_dihedral_matches_cv2(lab, chelsea, k, flip, name):
    """Flips and quarter turns of a non-square photo agree with cv2.flip / cv2.rotate."""
    src = cv2.flip(chelsea, 1) if flip else chelsea
    code = {1: cv2.ROTATE_90_COUNTERCLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_CLOCKWISE}.get(k % 4)
    ref = src if code is None else cv2.rotate(src, code)
    got = lab.dihedral(chelsea, k=k, flip=flip)
    assert got.shape == ref.shape, (
        f"dihedral(chelsea {chelsea.shape}, k={k}, flip={flip}) gave shape {got.shape}, expected {ref.shape}"
    )
    assert np.array_equal(got, ref), f"dihedral(chelsea, k={k}, flip={flip}) differs from {name}" + where_differs(
        got, ref
    )


@pytest.mark.region("dihedral")
@given(small_images(np.int16), st.integers(-9, 9), st.booleans())
def test_dihedral_matches_numpy_and_is_a_view(lab, img, k, flip):
    """Any k and flip equals np.rot90(np.flip(img, 1) if flip else img, k), returned as a view of img."""
    got = lab.dihedral(img, k=k, flip=flip)
    ref = np.rot90(img[:, ::-1] if flip else img, k)
    assert got.shape == ref.shape and np.array_equal(got, ref), (
        f"dihedral(img {img.shape}, k={k}, flip={flip}) gave shape {got.shape}, expected np.rot90's {ref.shape}"
        + where_differs(got, ref)
    )
    assert np.shares_memory(got, img) or got.size == 0, (
        f"dihedral(img, k={k}, flip={flip}) returned a copy; flips and transposes only change strides, return a view"
    )


@pytest.mark.region("dihedral")
def test_dihedral_eight_distinct_orientations_that_undo(lab):
    """On an asymmetric square, the 8 (k, flip) give 8 different images and k then -k restores the original."""
    img = np.arange(16).reshape(4, 4)
    seen = {}
    for flip in (False, True):
        for k in range(4):
            out = lab.dihedral(img, k=k, flip=flip)
            seen[(k, flip)] = out.tobytes()
            undo = lab.dihedral(out, k=-k)
            undo = undo[:, ::-1] if flip else undo
            assert np.array_equal(undo, img), (
                f"rotating dihedral(img, k={k}, flip={flip}) back by -k did not give the flipped original"
            )
    assert len(set(seen.values())) == 8, f"only {len(set(seen.values()))} distinct results among the 8 (k, flip) pairs"


# ---------------------------------------------------------------------------------------------
# windows
# ---------------------------------------------------------------------------------------------
def _assert_inside(view: np.ndarray, base: np.ndarray, call: str) -> None:
    """Fail (before reading any value) if a strided view reaches memory outside base."""
    if view.flags.owndata:  # a copy: its own memory, safe to read (the view test explains the copy)
        return
    lo, hi = byte_bounds(view)
    blo, bhi = byte_bounds(base)
    assert blo <= lo and hi <= bhi, (
        f"{call} returned a view that reaches {blo - lo if lo < blo else hi - bhi} bytes outside the image's memory: "
        "its shape/strides are wrong (as_strided does not check; reading it would show garbage or crash)"
    )


def _reference_windows(img: np.ndarray, window, step) -> np.ndarray:
    sy, sx = step
    ref = sliding_window_view(img, window, axis=(0, 1))[::sy, ::sx]  # (nY, nX, [C,] wh, ww)
    return np.moveaxis(ref, (-2, -1), (2, 3)) if img.ndim == 3 else ref  # -> (nY, nX, wh, ww, C)


@pytest.mark.region("windows")
def test_windows_match_sliding_window_view(lab, camera):
    """Windows of a grey photo with a step equal numpy's sliding_window_view, subsampled by the step."""
    call = "sliding_windows(camera (512, 512), (32, 48), step=(16, 24))"
    got = lab.sliding_windows(camera, (32, 48), step=(16, 24))
    ref = _reference_windows(camera, (32, 48), (16, 24))
    assert got.shape == ref.shape, f"{call} has shape {got.shape}, expected {ref.shape} = (nY, nX, wh, ww)"
    _assert_inside(got, camera, call)
    assert np.array_equal(got, ref), f"{call} differs from sliding_window_view" + where_differs(got, ref)


@pytest.mark.region("windows")
def test_windows_are_a_read_only_view(lab, chelsea):
    """The windows share memory with the image (no copy) and are read-only."""
    got = lab.sliding_windows(chelsea, (8, 8), step=4)
    assert got.shape == (74, 111, 8, 8, 3), (
        f"sliding_windows(chelsea (300, 451, 3), (8, 8), 4) has shape {got.shape}, expected (74, 111, 8, 8, 3)"
    )
    _assert_inside(got, chelsea, "sliding_windows(chelsea, (8, 8), 4)")
    assert np.may_share_memory(got, chelsea) and not got.flags.owndata, (
        "sliding_windows copied the pixels (74*111 windows of 8x8x3 = 5.9 MB instead of 0): build a view with as_strided"
    )
    assert not got.flags.writeable, (
        "the windows view is writeable: overlapping windows alias the same pixels, so pass writeable=False"
    )


@pytest.mark.region("windows")
@pytest.mark.parametrize("which", ["green channel", "upside down", "every other column", "transposed"])
def test_windows_of_non_contiguous_views(lab, chelsea, which):
    """Windows of a non-contiguous view (channel slice, negative or doubled strides, transpose) are right."""
    img = {
        "green channel": chelsea[..., 1],  # strides (1353, 3)
        "upside down": chelsea[::-1],  # negative row stride
        "every other column": chelsea[:, ::2],
        "transposed": chelsea.swapaxes(0, 1),
    }[which]
    call = f"sliding_windows({which} view with strides {img.strides}, (10, 7), step=(3, 5))"
    got = lab.sliding_windows(img, (10, 7), step=(3, 5))
    ref = _reference_windows(img, (10, 7), (3, 5))
    assert got.shape == ref.shape, f"{call} has shape {got.shape}, expected {ref.shape}"
    _assert_inside(got, img, call)
    assert np.array_equal(got, ref), (
        f"{call} has wrong values: use img.strides, not strides computed from the shape" + where_differs(got, ref)
    )


@pytest.mark.region("windows")
@given(
    small_images(np.int32, max_side=9),
    st.tuples(st.integers(1, 9), st.integers(1, 9)),
    st.tuples(st.integers(1, 4), st.integers(1, 4)),
)
def test_windows_any_size_and_step(lab, img, window, step):
    """For any image, window that fits and step, the windows equal sliding_window_view's."""
    window = (min(window[0], img.shape[0]), min(window[1], img.shape[1]))
    call = f"sliding_windows(img {img.shape}, {window}, step={step})"
    got = lab.sliding_windows(img, window, step=step)
    ref = _reference_windows(img, window, step)
    assert got.shape == ref.shape, f"{call} has shape {got.shape}, expected {ref.shape}"
    _assert_inside(got, img, call)
    assert np.array_equal(got, ref), f"{call} differs from sliding_window_view" + where_differs(got, ref)


@pytest.mark.region("windows")
@pytest.mark.parametrize(("window", "step"), [((6, 3), 1), ((3, 6), 1), ((2, 2), 0), ((0, 2), 1), ((2, 2), (1, -1))])
def test_windows_reject_impossible_sizes(lab, window, step):
    """A window larger than the (5, 5) image, or a size/step below 1, raises ValueError."""
    with pytest.raises(ValueError):
        lab.sliding_windows(np.zeros((5, 5), np.uint8), window, step=step)
        pytest.fail(f"sliding_windows(zeros (5, 5), {window}, step={step}) returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# integral
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("integral")
def test_integral_matches_cv2_on_colour_photo(lab, astronaut):
    """integral_image(RGB uint8) equals cv2.integral exactly, with the zero first row/column, in int64."""
    got = lab.integral_image(astronaut)
    ref = cv2.integral(astronaut, sdepth=cv2.CV_64F)
    assert got.shape == ref.shape, (
        f"integral_image(astronaut {astronaut.shape}) has shape {got.shape}, expected {ref.shape}: "
        "one extra zero row and column at the start (H + 1, W + 1, C)"
    )
    assert np.issubdtype(got.dtype, np.integer) and got.dtype.itemsize >= 8, (
        f"integral_image of uint8 returned {got.dtype}, expected int64 (exact and no overflow)"
    )
    assert not got[0].any() and not got[:, 0].any(), "row 0 and column 0 of the integral image must be zero"
    assert np.array_equal(got, ref), "integral_image differs from cv2.integral" + where_differs(
        got, ref.astype(np.int64)
    )


@pytest.mark.region("integral")
def test_integral_grey_and_float(lab, camera):
    """Grey uint8 and float32 images match cv2.integral; float input accumulates in float64."""
    got = lab.integral_image(camera)
    ref = cv2.integral(camera)
    assert got.shape == (513, 513), f"integral_image(camera (512, 512)) has shape {got.shape}, expected (513, 513)"
    assert np.array_equal(got, ref), "integral_image(camera) differs from cv2.integral" + where_differs(
        got, ref.astype(np.int64)
    )
    f = camera.astype(np.float32) / 7
    got = lab.integral_image(f)
    ref = cv2.integral(f, sdepth=cv2.CV_64F)
    assert got.dtype == np.float64, f"integral_image(float32 image) returned {got.dtype}, expected float64"
    rel = float(np.abs(got - ref).max() / ref.max())
    assert rel < 1e-9, f"integral_image(float32 camera / 7) differs from cv2.integral(CV_64F) by a relative {rel:.1e}"


@pytest.mark.region("integral")
@given(small_images(np.uint8, min_side=0, max_side=6))
def test_integral_every_entry_is_a_prefix_sum(lab, img):
    """For any small image, ii[y, x] equals the sum of img[:y, :x] (per channel) for every y, x."""
    ii = lab.integral_image(img)
    H, W = img.shape[:2]
    assert ii.shape == (H + 1, W + 1) + img.shape[2:], (
        f"integral_image(img {img.shape}) has shape {ii.shape}, expected {(H + 1, W + 1) + img.shape[2:]}"
    )
    for y in range(H + 1):
        for x in range(W + 1):
            ref = img[:y, :x].sum(axis=(0, 1), dtype=np.int64)
            assert np.array_equal(ii[y, x], ref), (
                f"integral_image(img {img.shape})[{y}, {x}] = {ii[y, x]}, expected sum(img[:{y}, :{x}]) = {ref}"
            )


# ---------------------------------------------------------------------------------------------
# boxsum
# ---------------------------------------------------------------------------------------------
def _random_boxes(rng: np.random.Generator, H: int, W: int, k: int) -> np.ndarray:
    xs = np.sort(rng.integers(0, W + 1, size=(k, 2)), axis=1)
    ys = np.sort(rng.integers(0, H + 1, size=(k, 2)), axis=1)
    return np.stack([xs[:, 0], ys[:, 0], xs[:, 1], ys[:, 1]], axis=1)  # (k, 4) x0, y0, x1, y1


def _slice_sums(img: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    return np.array([img[y0:y1, x0:x1].sum(axis=(0, 1), dtype=np.int64) for x0, y0, x1, y1 in boxes])


@pytest.mark.region("boxsum")
def test_box_sums_match_slicing(lab, chelsea):
    """500 random boxes on a colour photo: sums from cv2.integral's table equal sums of the slices."""
    ii = cv2.integral(chelsea).astype(np.int64)  # (301, 452, 3)
    boxes = _random_boxes(np.random.default_rng(2), 300, 451, 500)
    got = lab.box_sums(ii, boxes)
    ref = _slice_sums(chelsea, boxes)
    assert got.shape == ref.shape, (
        f"box_sums(ii {ii.shape}, boxes {boxes.shape}) has shape {got.shape}, expected {ref.shape} = (K, C)"
    )
    bad = np.flatnonzero((got != ref).any(axis=-1))
    assert bad.size == 0, (
        f"{bad.size} of 500 box sums are wrong, e.g. box (x0, y0, x1, y1) = {boxes[bad[0]].tolist()}: got {got[bad[0]].tolist()}, "
        f"expected {ref[bad[0]].tolist()} (half-open: rows y0..y1-1, columns x0..x1-1)"
    )


@pytest.mark.region("boxsum")
def test_box_sums_special_boxes(lab, camera):
    """Full image, a single pixel, empty boxes and thin strips give the exact sums on a grey image."""
    ii = cv2.integral(camera).astype(np.int64)  # (513, 513)
    boxes = np.array(
        [
            [0, 0, 512, 512],
            [100, 37, 101, 38],
            [5, 5, 5, 400],
            [10, 20, 300, 20],
            [0, 511, 512, 512],
            [511, 0, 512, 512],
        ]
    )
    got = lab.box_sums(ii, boxes)
    ref = _slice_sums(camera, boxes)
    names = [
        "full image",
        "single pixel (x=100, y=37)",
        "empty (x0 == x1)",
        "empty (y0 == y1)",
        "last row",
        "last column",
    ]
    assert got.shape == (6,), f"box_sums of 6 boxes on a grey integral image has shape {got.shape}, expected (6,)"
    for name, box, g, r in zip(names, boxes.tolist(), got.tolist(), ref.tolist()):
        assert g == r, f"box {box} ({name}): got {g}, expected {r}"


@pytest.mark.region("boxsum")
def test_box_sums_no_boxes(lab, astronaut):
    """Zero boxes give an empty result with the channel axis kept: shape (0, 3)."""
    ii = cv2.integral(astronaut).astype(np.int64)
    got = lab.box_sums(ii, np.zeros((0, 4), np.int64))
    assert np.shape(got) == (0, 3), (
        f"box_sums(ii (513, 513, 3), boxes (0, 4)) has shape {np.shape(got)}, expected (0, 3)"
    )


@pytest.mark.region("boxsum")
@given(small_images(np.uint8, max_side=8), st.integers(0, 2**32 - 1))
def test_box_sums_any_image_any_boxes(lab, img, seed):
    """For any small image and random boxes (including empty ones), box sums equal slicing sums."""
    H, W = img.shape[:2]
    ii = cv2.integral(img).astype(np.int64).reshape((H + 1, W + 1) + img.shape[2:])  # cv2 drops a size-1 channel axis
    boxes = _random_boxes(np.random.default_rng(seed), H, W, 12)
    got = lab.box_sums(ii, boxes)
    ref = _slice_sums(img, boxes)
    assert np.shape(got) == ref.shape and np.array_equal(got, ref), (
        f"box_sums on img {img.shape} with boxes {boxes.tolist()[:3]}... gave {np.asarray(got).tolist()[:3]}..., "
        f"expected {ref.tolist()[:3]}..."
    )


@pytest.mark.region("boxsum")
@pytest.mark.parametrize("box", [[-1, 0, 3, 3], [0, 0, 9, 3], [0, 0, 3, 9], [3, 0, 2, 3], [0, 3, 3, 2]])
def test_box_sums_reject_boxes_outside_the_image(lab, box):
    """Boxes that leave the (8, 8) image or are inverted raise ValueError (no silent negative indexing)."""
    ii = cv2.integral(np.ones((8, 8), np.uint8)).astype(np.int64)
    with pytest.raises(ValueError):
        lab.box_sums(ii, np.array([[0, 0, 8, 8], box]))
        pytest.fail(f"box_sums(ii of an (8, 8) image, box {box}) returned instead of raising ValueError")
