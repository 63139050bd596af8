"""Grader for lab 1.1 - Image basics, colour spaces and histograms.

References are independent of the solution: Pillow (decoding), OpenCV (imread flags,
cvtColor RGB2HSV / RGB2Lab, calcHist, equalizeHist, createCLAHE, inRange, morphology and
connected components), scikit-image (the exact float Lab formula and sRGB decoding inside
rgb2xyz), SciPy (bilinear interpolation with map_coordinates), np.bincount, and ground truth
the tests construct (pure colours, written PNG files, hand-located sweets in smarties.png).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image
from scipy import ndimage
from skimage import color as skcolor

from cvlab import data
from cvlab.testing import where_differs

# sRGB -> XYZ as scikit-image and OpenCV define it (used to read skimage's linear RGB back out).
XYZ_FROM_RGB = np.array(
    [[0.412453, 0.357580, 0.180423], [0.212671, 0.715160, 0.072169], [0.019334, 0.119193, 0.950227]]
)
RED_LOWER, RED_UPPER = (170, 150, 100), (3, 255, 255)
#: Centres (x, y) of the four red sweets in smarties.png, located by eye and rounded.
RED_SWEETS = [(287, 214), (33, 229), (98, 260), (218, 306)]


@pytest.fixture(scope="module")
def smarties_rgb() -> np.ndarray:
    return cv2.cvtColor(cv2.imread(str(data.opencv_sample("smarties.png"))), cv2.COLOR_BGR2RGB)  # (356, 413, 3)


@pytest.fixture(scope="module")
def fruits_rgb() -> np.ndarray:
    return cv2.cvtColor(cv2.imread(str(data.opencv_sample("fruits.jpg"))), cv2.COLOR_BGR2RGB)  # (480, 512, 3)


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return data.skimage_image("astronaut")  # (512, 512, 3) uint8 RGB


@pytest.fixture(scope="module")
def camera() -> np.ndarray:
    return data.skimage_image("camera")  # (512, 512) uint8


def _where_differs(got: np.ndarray, ref: np.ndarray) -> str:
    """where_differs, or '; shape (...), expected (...)' when the shapes differ (teaching messages)."""
    if got.shape != ref.shape:
        return f"; shape {got.shape}, expected {ref.shape}"
    return where_differs(got, ref)


def _hue_distance(a: np.ndarray, b: np.ndarray, period: float) -> np.ndarray:
    """|a - b| on a circle of the given period (hue 179 and hue 0 are 1 apart in 8-bit units)."""
    d = np.abs(a.astype(np.float64) - b.astype(np.float64)) % period
    return np.minimum(d, period - d)


# ---------------------------------------------------------------------------------------------
# read
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("read")
def test_read_png_is_rgb_like_pillow(lab):
    """read_image(smarties.png) returns the RGB pixels Pillow decodes, as a contiguous uint8 array."""
    path = data.opencv_sample("smarties.png")
    got = lab.read_image(path)
    ref = np.asarray(Image.open(path).convert("RGB"))
    assert isinstance(got, np.ndarray), f"read_image returned {type(got).__name__}, expected a NumPy array"
    assert got.shape == ref.shape and got.dtype == np.uint8, f"got {got.dtype} {got.shape}, expected uint8 {ref.shape}"
    if np.array_equal(got, ref[..., ::-1]):
        pytest.fail("read_image returned BGR: cv2.imread stores colour as B, G, R; convert to RGB (cv2.cvtColor)")
    assert np.array_equal(got, ref), "pixels differ from Pillow's RGB decode of the same PNG" + _where_differs(got, ref)
    assert got.flags.c_contiguous, (
        f"the result has strides {got.strides}: img[..., ::-1] is a negative-stride view that torch.from_numpy and "
        "OpenCV drawing calls reject; return a contiguous copy (cv2.cvtColor or np.ascontiguousarray)"
    )


@pytest.mark.region("read")
def test_read_jpeg_from_str_path_is_rgb(lab, fruits_rgb):
    """A str path works too, and the orange in fruits.jpg comes back with more red than blue."""
    got = lab.read_image(str(data.opencv_sample("fruits.jpg")), "rgb")
    assert got.shape == fruits_rgb.shape and got.dtype == np.uint8, (
        f"got {got.dtype} {got.shape}, expected uint8 {fruits_rgb.shape}"
    )
    orange = got[300:400, 150:250].reshape(-1, 3).mean(axis=0)  # inside the orange slice
    assert orange[0] > orange[2] + 50, (
        f"mean colour of the orange slice is {orange.round()} (R, G, B): red and blue are swapped"
    )
    assert np.array_equal(got, fruits_rgb), "pixels differ from cv2.imread + COLOR_BGR2RGB" + _where_differs(
        got, fruits_rgb
    )


@pytest.mark.region("read")
def test_read_gray_uses_the_decoder(lab, smarties_rgb):
    """mode="gray" returns (H, W) uint8 as cv2.imread(..., IMREAD_GRAYSCALE) decodes it (within 1 of BT.601)."""
    path = data.opencv_sample("smarties.png")
    got = lab.read_image(path, "gray")
    ref = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert got.shape == ref.shape and got.dtype == np.uint8, (
        f"read_image(smarties.png, 'gray') gave {got.dtype} {got.shape}, expected uint8 {ref.shape} (one channel)"
    )
    assert np.array_equal(got, ref), "grey pixels differ from cv2.imread(IMREAD_GRAYSCALE)" + _where_differs(got, ref)
    luma = cv2.cvtColor(smarties_rgb, cv2.COLOR_RGB2GRAY)
    assert np.abs(got.astype(int) - luma).max() <= 1, "the grey image is not the luma of the colour image"


@pytest.mark.region("read")
def test_read_unchanged_keeps_alpha_and_16_bit(lab, tmp_path):
    """mode="unchanged" keeps an alpha channel (as RGBA), 16-bit depth and single-channel files."""
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, (9, 13, 4), dtype=np.uint8)
    cv2.imwrite(str(tmp_path / "rgba.png"), cv2.cvtColor(rgba, cv2.COLOR_RGBA2BGRA))
    got = lab.read_image(tmp_path / "rgba.png", "unchanged")
    assert got.shape == rgba.shape, (
        f"an RGBA PNG read 'unchanged' has shape {got.shape}, expected {rgba.shape} (alpha kept)"
    )
    assert np.array_equal(got, rgba), "RGBA pixels differ (expected R, G, B, A order)" + _where_differs(got, rgba)
    rgb = lab.read_image(tmp_path / "rgba.png", "rgb")
    assert np.array_equal(rgb, rgba[..., :3]), (
        "mode 'rgb' of an RGBA file should drop alpha and keep R, G, B" + _where_differs(rgb, rgba[..., :3])
    )

    deep = rng.integers(0, 65536, (6, 7, 3), dtype=np.uint16)
    cv2.imwrite(str(tmp_path / "deep.png"), cv2.cvtColor(deep, cv2.COLOR_RGB2BGR))
    got = lab.read_image(tmp_path / "deep.png", "unchanged")
    assert got.dtype == np.uint16, f"a 16-bit PNG read 'unchanged' came back as {got.dtype}, expected uint16"
    assert np.array_equal(got, deep), "16-bit RGB pixels differ" + _where_differs(got, deep)

    grey = rng.integers(0, 256, (5, 8), dtype=np.uint8)
    cv2.imwrite(str(tmp_path / "grey.png"), grey)
    got = lab.read_image(tmp_path / "grey.png", "unchanged")
    assert got.shape == grey.shape and np.array_equal(got, grey), (
        f"a grey PNG read 'unchanged' gave shape {got.shape}, expected {grey.shape}"
    )

    logo = data.opencv_sample("opencv-logo.png")  # stored with alpha
    got = lab.read_image(logo, "unchanged")
    ref = np.asarray(Image.open(logo).convert("RGBA"))
    assert got.shape == ref.shape and np.array_equal(got, ref), (
        "opencv-logo.png 'unchanged' differs from Pillow's RGBA" + _where_differs(got, ref)
    )


@pytest.mark.region("read")
def test_read_failures_raise(lab, tmp_path):
    """A missing file or a file that is not an image raises FileNotFoundError (cv2.imread returns None); a bad mode ValueError."""
    (tmp_path / "notes.png").write_text("not an image")
    for bad in [tmp_path / "missing.png", tmp_path / "notes.png"]:
        try:
            result = lab.read_image(bad)
        except FileNotFoundError:
            continue
        pytest.fail(
            f"read_image({bad.name!r}) returned {type(result).__name__} instead of raising FileNotFoundError: "
            "cv2.imread signals failure by returning None, check for it"
        )
    with pytest.raises(ValueError):
        lab.read_image(data.opencv_sample("smarties.png"), "bgr")
        pytest.fail("read_image(path, 'bgr') returned instead of raising ValueError for an unknown mode")


# ---------------------------------------------------------------------------------------------
# hsv
# ---------------------------------------------------------------------------------------------
def _check_hsv8(got: np.ndarray, ref: np.ndarray, what: str) -> None:
    assert got.dtype == np.uint8 and got.shape == ref.shape, (
        f"rgb_to_hsv({what}) gave {got.dtype} {got.shape}, expected uint8 {ref.shape}"
    )
    assert np.array_equal(got[..., 2], ref[..., 2]), "V must equal max(R, G, B) exactly" + _where_differs(
        got[..., 2], ref[..., 2]
    )
    assert got[..., 0].max() < 180, (
        f"8-bit hue reaches {got[..., 0].max()}: OpenCV stores H / 2 in [0, 180) so it fits a byte (and 180 wraps to 0)"
    )
    dh = _hue_distance(got[..., 0], ref[..., 0], 180)
    ds = np.abs(got[..., 1].astype(int) - ref[..., 1])
    assert dh.max() <= 1 and ds.max() <= 1, (
        f"rgb_to_hsv({what}) differs from cv2.cvtColor(RGB2HSV) by up to {dh.max():.0f} in H and {ds.max()} in S "
        "(allowed: 1, OpenCV rounds a fixed-point version)" + _where_differs(got, ref)
    )
    assert (dh > 0).mean() < 0.05 and (ds > 0).mean() < 0.05, (
        f"{(dh > 0).mean():.1%} of hues and {(ds > 0).mean():.1%} of saturations are one level off: round to nearest "
        "(np.rint) instead of truncating"
    )


@pytest.mark.region("hsv")
def test_hsv_uint8_matches_cv2_on_random_colours(lab):
    """65,536 random 8-bit colours: V exact, H and S within 1 of cv2.COLOR_RGB2HSV (in < 5 % of pixels)."""
    img = np.random.default_rng(1).integers(0, 256, (256, 256, 3), dtype=np.uint8)
    _check_hsv8(lab.rgb_to_hsv(img), cv2.cvtColor(img, cv2.COLOR_RGB2HSV), "random colours")


@pytest.mark.region("hsv")
def test_hsv_uint8_matches_cv2_on_a_photo(lab, fruits_rgb):
    """fruits.jpg: V exact, H and S within 1 of cv2.COLOR_RGB2HSV."""
    _check_hsv8(lab.rgb_to_hsv(fruits_rgb), cv2.cvtColor(fruits_rgb, cv2.COLOR_RGB2HSV), "fruits.jpg")


@pytest.mark.region("hsv")
def test_hsv_float_matches_cv2(lab):
    """Float RGB in [0, 1] gives float32 H in degrees and S, V in [0, 1], matching cv2 (H within 0.01 degrees)."""
    x = np.random.default_rng(2).random((128, 256, 3)).astype(np.float32)
    got = lab.rgb_to_hsv(x)
    ref = cv2.cvtColor(x, cv2.COLOR_RGB2HSV)
    assert got.dtype == np.float32 and got.shape == ref.shape, (
        f"got {got.dtype} {got.shape}, expected float32 {ref.shape}"
    )
    dh = _hue_distance(got[..., 0], ref[..., 0], 360)
    assert dh.max() < 0.01, (
        f"float hue differs from cv2 by up to {dh.max():.3f} degrees (float input: H in degrees 0..360, no halving)"
        + _where_differs(got[..., 0].round(2), ref[..., 0].round(2))
    )
    for c, name in [(1, "S"), (2, "V")]:
        err = np.abs(got[..., c] - ref[..., c]).max()
        assert err < 1e-4, f"float {name} differs from cv2 by up to {err:.2g} ({name} in [0, 1] for float input)"


@pytest.mark.region("hsv")
def test_hsv_known_colours(lab):
    """Primaries and secondaries sit at 0, 60, ..., 300 degrees; grey and black have H = S = 0."""
    rgb = np.array(
        [[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 1, 1], [0, 0, 1], [1, 0, 1], [0.5, 0.5, 0.5], [0, 0, 0]], np.float32
    )
    ref = np.array(
        [[0, 1, 1], [60, 1, 1], [120, 1, 1], [180, 1, 1], [240, 1, 1], [300, 1, 1], [0, 0, 0.5], [0, 0, 0]], np.float32
    )
    names = ["red", "yellow", "green", "cyan", "blue", "magenta", "grey", "black"]
    got = lab.rgb_to_hsv(rgb[None])[0]
    for name, g, r in zip(names, got, ref):
        assert np.allclose(g, r, atol=1e-4), (
            f"rgb_to_hsv({name} = {rgb[names.index(name)].tolist()}) gave {g.tolist()}, expected {r.tolist()}"
        )
    got8 = lab.rgb_to_hsv((rgb[None] * 255).round().astype(np.uint8))[0]
    ref8 = np.array(
        [
            [0, 255, 255],
            [30, 255, 255],
            [60, 255, 255],
            [90, 255, 255],
            [120, 255, 255],
            [150, 255, 255],
            [0, 0, 128],
            [0, 0, 0],
        ]
    )
    for name, g, r in zip(names, got8, ref8):
        assert np.array_equal(g, r), (
            f"8-bit rgb_to_hsv({name}) gave {g.tolist()}, expected {r.tolist()} (H / 2, S * 255, V)"
        )


@pytest.mark.region("hsv")
def test_hsv_negative_hues_wrap_to_just_below_360(lab):
    """Red with a little blue has a hue just below 360 degrees (not negative): 354 for (1, 0, 0.1)."""
    got = lab.rgb_to_hsv(np.array([[[1.0, 0.0, 0.1], [1.0, 0.5, 0.7]]], np.float32))[0, :, 0]
    ref = np.array([354.0, 336.0])
    assert np.allclose(got, ref, atol=1e-3), (
        f"hues of (1, 0, 0.1) and (1, 0.5, 0.7) are {got.tolist()}, expected {ref.tolist()}: when R is the maximum "
        "60 (G - B) / C is negative whenever B > G; add 360"
    )
    rgb8 = np.array([[[255, 0, 25], [255, 0, 1], [200, 10, 90]]], np.uint8)
    got8 = lab.rgb_to_hsv(rgb8)[0, :, 0]
    ref8 = cv2.cvtColor(rgb8, cv2.COLOR_RGB2HSV)[0, :, 0]  # 177, 0 (359.8 degrees rounds to 180 = 0), 155
    assert np.array_equal(got8, ref8), (
        f"8-bit hues of {rgb8[0].tolist()} are {got8.tolist()}, expected {ref8.tolist()} (negative hue + 360, then "
        "halve and round; 180 is hue 0 again)"
    )


@pytest.mark.region("hsv")
@given(hnp.arrays(np.uint8, st.tuples(st.integers(1, 6), st.integers(1, 6), st.just(3))))
def test_hsv_any_uint8_image_agrees_with_cv2(lab, img):
    """Any small uint8 image: shape and dtype kept, V = max channel exactly, H and S within 1 of cv2."""
    got = lab.rgb_to_hsv(img)
    ref = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    assert got.shape == img.shape and got.dtype == np.uint8, f"got {got.dtype} {got.shape}, expected uint8 {img.shape}"
    assert np.array_equal(got[..., 2], img.max(axis=-1)), "V must be max(R, G, B)" + _where_differs(
        got[..., 2], img.max(axis=-1)
    )
    dh = _hue_distance(got[..., 0], ref[..., 0], 180)
    ds = np.abs(got[..., 1].astype(int) - ref[..., 1])
    assert dh.max() <= 1 and ds.max() <= 1, (
        f"rgb_to_hsv({img.reshape(-1, 3).tolist()[:4]}...) is off by more than 1" + _where_differs(got, ref)
    )


@pytest.mark.region("hsv")
def test_hsv_rejects_bad_input(lab):
    """Four channels, or an integer type other than uint8, raise ValueError."""
    for bad in [np.zeros((2, 2, 4), np.uint8), np.zeros((2, 2, 3), np.int32)]:
        with pytest.raises(ValueError):
            lab.rgb_to_hsv(bad)
            pytest.fail(f"rgb_to_hsv({bad.dtype} {bad.shape}) returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# gamma
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("gamma")
def test_gamma_known_values(lab):
    """sRGB decoding of 0, 0.02, 0.04045, 0.5, 1 (linear segment below 0.04045, 2.4 power above)."""
    c = np.array([0.0, 0.02, 0.04045, 0.5, 1.0])
    got = lab.srgb_to_linear(c)
    ref = np.array([0.0, 0.02 / 12.92, 0.04045 / 12.92, 0.21404114048223255, 1.0])
    assert got.shape == c.shape, f"srgb_to_linear of shape {c.shape} returned shape {got.shape}"
    assert np.allclose(got, ref, rtol=1e-6, atol=1e-12), (
        f"srgb_to_linear({c.tolist()}) = {np.round(got, 6).tolist()}, expected {np.round(ref, 6).tolist()} "
        "(c / 12.92 up to 0.04045, ((c + 0.055) / 1.055) ** 2.4 above; not a plain 2.2 power)"
    )


@pytest.mark.region("gamma")
def test_gamma_matches_skimage(lab):
    """On random colours, srgb_to_linear equals the linear RGB inside skimage.color.rgb2xyz."""
    x = np.random.default_rng(3).random((64, 64, 3))
    got = lab.srgb_to_linear(x)
    ref = skcolor.rgb2xyz(x) @ np.linalg.inv(XYZ_FROM_RGB).T  # rgb2xyz = M @ linear(x): undo M
    assert got.dtype == np.float64, f"float64 input came back as {got.dtype}"
    err = np.abs(got - ref).max()
    assert err < 1e-9, f"srgb_to_linear differs from scikit-image's sRGB decoding by up to {err:.2g}"


@pytest.mark.region("gamma")
def test_gamma_keeps_float32(lab):
    """float32 in gives float32 out (an image pipeline should not silently double its memory)."""
    x = np.linspace(0, 1, 1001, dtype=np.float32)
    got = lab.srgb_to_linear(x)
    assert got.dtype == np.float32, f"srgb_to_linear(float32) returned {got.dtype}, expected float32"
    err = np.abs(got - lab.srgb_to_linear(x.astype(np.float64))).max()
    assert err < 1e-6, f"the float32 result is off by {err:.2g} from float64"


@pytest.mark.region("gamma")
@given(st.lists(st.floats(0, 1), min_size=2, max_size=40))
def test_gamma_is_monotone_and_continuous(lab, values):
    """Decoding never decreases, stays in [0, 1], and the two pieces meet at 0.04045."""
    c = np.sort(np.array(values))
    got = lab.srgb_to_linear(c)
    assert np.all(np.diff(got) >= 0), f"srgb_to_linear decreases somewhere on {c.tolist()}: {got.tolist()}"
    assert got.min() >= 0 and got.max() <= 1 + 1e-12, f"values leave [0, 1]: {got.min()}..{got.max()}"
    edge = lab.srgb_to_linear(np.array([0.04045 - 1e-9, 0.04045 + 1e-9]))
    assert abs(edge[1] - edge[0]) < 1e-8, f"the pieces do not meet at 0.04045: {edge.tolist()}"


# ---------------------------------------------------------------------------------------------
# lab
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("lab", needs=["gamma"])
def test_lab_known_colours(lab):
    """White is (100, 0, 0), black (0, 0, 0), sRGB mid-grey 0.5 has L = 53.39 and a = b = 0."""
    rgb = np.array([[[1, 1, 1], [0, 0, 0], [0.5, 0.5, 0.5]]], np.float32)
    got = lab.rgb_to_lab(rgb)[0]
    assert got.dtype == np.float32, f"float input gave {got.dtype}, expected float32"
    assert np.allclose(got[0], [100, 0, 0], atol=1e-3), (
        f"white -> {got[0].tolist()}, expected (100, 0, 0): divide X, Y, Z by the D65 white (0.950456, 1, 1.088754)"
    )
    assert np.allclose(got[1], [0, 0, 0], atol=1e-3), f"black -> {got[1].tolist()}, expected (0, 0, 0)"
    assert np.allclose(got[2], [53.389, 0, 0], atol=0.01), (
        f"mid-grey 0.5 -> {got[2].tolist()}, expected (53.389, 0, 0) (L = 76.07 means the sRGB gamma was not undone)"
    )


@pytest.mark.region("lab", needs=["gamma"])
def test_lab_float_matches_skimage(lab, astronaut):
    """Float Lab equals scikit-image's rgb2lab (the exact formula) within 0.02 on a photo and random colours."""
    x = np.concatenate([astronaut[::4, ::4].reshape(-1, 3) / 255.0, np.random.default_rng(4).random((4096, 3))])
    x = x.astype(np.float32)[None]  # (1, N, 3)
    got = lab.rgb_to_lab(x)
    ref = skcolor.rgb2lab(x.astype(np.float64))
    err = np.abs(got - ref).reshape(-1, 3).max(axis=0)
    assert np.all(err < 0.02), (
        f"rgb_to_lab differs from skimage.color.rgb2lab by up to L {err[0]:.3f}, a {err[1]:.3f}, b {err[2]:.3f} "
        "(allowed 0.02: the two libraries' white points differ in the 5th digit)"
        + _where_differs(got.round(2), ref.round(2))
    )


@pytest.mark.region("lab", needs=["gamma"])
def test_lab_float_matches_cv2_within_its_table_error(lab, astronaut):
    """Float Lab is within OpenCV's own error (it interpolates a 33^3 table): L 0.3, a and b 0.75, mean < 0.12."""
    x = astronaut.astype(np.float32) / 255
    got = lab.rgb_to_lab(x)
    ref = cv2.cvtColor(x, cv2.COLOR_RGB2Lab)
    assert got.shape == ref.shape and got.dtype == np.float32, (
        f"got {got.dtype} {got.shape}, expected float32 {ref.shape}"
    )
    d = np.abs(got - ref).reshape(-1, 3)
    worst, mean = d.max(axis=0), d.mean(axis=0)
    assert worst[0] <= 0.3 and worst[1] <= 0.75 and worst[2] <= 0.75 and np.all(mean < 0.12), (
        f"rgb_to_lab vs cv2.cvtColor(RGB2Lab): max |diff| L {worst[0]:.2f}, a {worst[1]:.2f}, b {worst[2]:.2f}; "
        f"mean {mean.round(3).tolist()} (allowed: 0.3, 0.75, 0.75; mean < 0.12)"
    )


@pytest.mark.region("lab", needs=["gamma"])
def test_lab_uint8_matches_cv2(lab, astronaut):
    """8-bit Lab (L * 255/100, a + 128, b + 128) is within 3 levels of cv2, mean < 0.25, almost always within 1."""
    colours = np.random.default_rng(5).integers(0, 256, (128, 128, 3), dtype=np.uint8)
    for img, what in [(astronaut, "astronaut"), (colours, "random colours")]:
        got = lab.rgb_to_lab(img)
        ref = cv2.cvtColor(img, cv2.COLOR_RGB2Lab)
        assert got.dtype == np.uint8 and got.shape == ref.shape, (
            f"rgb_to_lab({what}) gave {got.dtype} {got.shape}, expected uint8 {ref.shape}"
        )
        d = np.abs(got.astype(int) - ref).reshape(-1, 3)
        assert d.max() <= 3 and np.all(d.mean(axis=0) < 0.25) and (d > 1).mean() < 0.005, (
            f"8-bit rgb_to_lab({what}) vs cv2: max |diff| {d.max(axis=0).tolist()}, mean {d.mean(axis=0).round(3).tolist()}, "
            f"{(d > 1).mean():.2%} off by more than 1 (scale L by 255/100, add 128 to a and b, round, clip)"
            + _where_differs(got, ref)
        )


@pytest.mark.region("lab", needs=["gamma"])
def test_lab_uint8_extremes(lab):
    """8-bit white is (255, 128, 128) and black (0, 128, 128), as cv2 stores them."""
    img = np.array([[[255, 255, 255], [0, 0, 0]]], np.uint8)
    got = lab.rgb_to_lab(img)
    ref = cv2.cvtColor(img, cv2.COLOR_RGB2Lab)
    assert np.array_equal(got, ref), f"8-bit Lab of white and black: got {got[0].tolist()}, expected {ref[0].tolist()}"


@pytest.mark.region("lab", needs=["gamma"])
def test_lab_rejects_bad_shape(lab):
    """Input whose last axis is not 3 raises ValueError."""
    with pytest.raises(ValueError):
        lab.rgb_to_lab(np.zeros((2, 2, 4), np.float32))
        pytest.fail("rgb_to_lab((2, 2, 4)) returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# hist
# ---------------------------------------------------------------------------------------------
def _calc_hist(img: np.ndarray, channel: int, bins: int, mask: np.ndarray | None = None) -> np.ndarray:
    return cv2.calcHist([img], [channel], mask, [bins], [0, 256]).ravel().astype(np.int64)


@pytest.mark.region("hist")
def test_hist_per_channel_matches_calchist(lab, astronaut):
    """Colour image, 256 bins: one row per channel, each equal to cv2.calcHist of that channel."""
    got = lab.histogram(astronaut)
    assert got.shape == (3, 256), f"histogram(astronaut (512, 512, 3)) has shape {got.shape}, expected (3, 256)"
    assert np.issubdtype(got.dtype, np.integer), f"counts should be integers, got {got.dtype}"
    for c, name in enumerate("RGB"):
        ref = _calc_hist(astronaut, c, 256)
        assert np.array_equal(got[c], ref), f"channel {name}: counts differ from cv2.calcHist" + _where_differs(
            got[c], ref
        )


@pytest.mark.region("hist")
@pytest.mark.parametrize("bins", [256, 32, 10, 7, 1])
def test_hist_with_mask_and_bins_matches_calchist(lab, astronaut, bins):
    """With a circular mask and 256, 32, 10, 7 or 1 bins the counts equal cv2.calcHist's."""
    mask = np.zeros(astronaut.shape[:2], np.uint8)
    cv2.circle(mask, (200, 180), 120, 255, -1)
    got = lab.histogram(astronaut, bins=bins, mask=mask)
    assert got.shape == (3, bins), (
        f"histogram(astronaut, bins={bins}, mask) has shape {got.shape}, expected (3, {bins})"
    )
    for c in range(3):
        ref = _calc_hist(astronaut, c, bins, mask)
        assert np.array_equal(got[c], ref), (
            f"channel {c}, bins={bins}, with a mask: counts differ from cv2.calcHist (value v goes to bin v * bins // 256; "
            "only pixels where the mask is non-zero count)" + _where_differs(got[c], ref)
        )


@pytest.mark.region("hist")
def test_hist_grey_is_one_dimensional(lab, camera):
    """A grey (H, W) image gives a (bins,) histogram equal to np.bincount."""
    got = lab.histogram(camera)
    ref = np.bincount(camera.ravel(), minlength=256)
    assert got.shape == (256,), f"histogram(camera (512, 512)) has shape {got.shape}, expected (256,)"
    assert np.array_equal(got, ref), "counts differ from np.bincount" + _where_differs(got, ref)


@pytest.mark.region("hist")
@given(
    hnp.arrays(
        np.uint8,
        st.tuples(st.integers(1, 8), st.integers(1, 8), st.sampled_from([(), (1,), (3,)])).map(lambda t: t[:2] + t[2]),
    ),
    st.integers(1, 256),
    st.integers(0, 2**32 - 1),
)
def test_hist_any_image_matches_bincount(lab, img, bins, seed):
    """Any small image, bin count and random mask: counts equal np.bincount of the selected, binned values."""
    mask = np.random.default_rng(seed).random(img.shape[:2]) < 0.6
    got = lab.histogram(img, bins=bins, mask=mask.astype(np.uint8))
    planes = img.reshape(img.shape[0], img.shape[1], -1)[mask]  # (K, C)
    ref = np.stack(
        [np.bincount(planes[:, c].astype(int) * bins // 256, minlength=bins) for c in range(planes.shape[1])]
    )
    ref = ref[0] if img.ndim == 2 else ref
    assert np.array_equal(got, ref), (
        f"histogram(image {img.shape}, bins={bins}, mask with {mask.sum()} pixels)" + _where_differs(got, ref)
    )
    assert int(np.sum(got)) == int(mask.sum()) * (1 if img.ndim == 2 else img.shape[2]), (
        "the counts do not add up to the selected pixels"
    )


@pytest.mark.region("hist")
def test_hist_rejects_bad_arguments(lab):
    """Float images, bins outside 1..256 and a mask of the wrong shape raise ValueError."""
    img = np.zeros((4, 5), np.uint8)
    for call, what in [
        (lambda: lab.histogram(img.astype(np.float32)), "a float image"),
        (lambda: lab.histogram(img, bins=0), "bins=0"),
        (lambda: lab.histogram(img, bins=257), "bins=257"),
        (lambda: lab.histogram(img, mask=np.ones((5, 4), np.uint8)), "a (5, 4) mask for a (4, 5) image"),
    ]:
        with pytest.raises(ValueError):
            call()
            pytest.fail(f"histogram with {what} returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# equalize
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("equalize", needs=["hist"])
@pytest.mark.parametrize("name", ["camera", "moon", "coins", "page", "astronaut", "chelsea"])
def test_equalize_matches_cv2_exactly(lab, name):
    """On real grey images equalize_hist is bit-identical to cv2.equalizeHist."""
    img = data.skimage_image(name)
    gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) if img.ndim == 3 else img
    got = lab.equalize_hist(gray)
    ref = cv2.equalizeHist(gray)
    assert got.dtype == np.uint8 and got.shape == ref.shape, f"got {got.dtype} {got.shape}, expected uint8 {ref.shape}"
    if not np.array_equal(got, ref):
        lut = np.zeros(256, int)
        lut[gray.ravel()] = got.ravel()
        ref_lut = np.zeros(256, int)
        ref_lut[gray.ravel()] = ref.ravel()
        v = int(np.flatnonzero(lut != ref_lut)[0])
        pytest.fail(
            f"equalize_hist({name}) differs from cv2.equalizeHist in {int((got != ref).sum())} pixels; grey level {v} "
            f"maps to {lut[v]}, expected {ref_lut[v]}. The darkest level present must map to 0 and the brightest "
            "to 255: subtract cdf[v_min] and divide by N - h[v_min]; round, do not truncate"
        )


@pytest.mark.region("equalize", needs=["hist"])
def test_equalize_constant_and_two_level_images(lab):
    """A constant image comes back unchanged; two grey levels become 0 and 255 (as cv2 does)."""
    const = np.full((4, 5), 77, np.uint8)
    got = lab.equalize_hist(const)
    assert np.array_equal(got, cv2.equalizeHist(const)), (
        f"a constant image of 77 became {np.unique(got).tolist()}, expected [77] (cv2 leaves it)"
    )
    two = np.array([[10, 200, 200], [10, 10, 200]], np.uint8)
    got = lab.equalize_hist(two)
    ref = cv2.equalizeHist(two)
    assert np.array_equal(got, ref), f"equalize_hist({two.tolist()}) = {got.tolist()}, expected {ref.tolist()}"


@pytest.mark.region("equalize", needs=["hist"])
def test_equalize_rounds_ties_half_to_even(lab):
    """A level that maps to exactly 0.5 rounds to 0, like cvRound (round half to even)."""
    img = np.array([[0, 1] + [2] * 509], np.uint8)  # lut[1] = 1 * 255 / 510 = 0.5
    got = lab.equalize_hist(img)[0, :3]
    ref = cv2.equalizeHist(img)[0, :3]
    assert np.array_equal(got, ref), (
        f"levels 0, 1, 2 map to {got.tolist()}, expected {ref.tolist()}: 0.5 rounds to 0 (np.rint), not up"
    )


@pytest.mark.region("equalize", needs=["hist"])
@given(
    st.integers(0, 255).flatmap(
        lambda lo: hnp.arrays(
            np.uint8, st.tuples(st.integers(1, 12), st.integers(1, 12)), elements=st.integers(lo, 255)
        )
    )
)
def test_equalize_any_image_within_one_level_of_cv2(lab, img):
    """Any small grey image: within 1 level of cv2.equalizeHist (exact when the scale is float32 as in OpenCV)."""
    got = lab.equalize_hist(img)
    ref = cv2.equalizeHist(img)
    assert got.dtype == np.uint8 and got.shape == img.shape, f"got {got.dtype} {got.shape}, expected uint8 {img.shape}"
    diff = np.abs(got.astype(int) - ref)
    assert diff.max() <= 1, f"equalize_hist({img.tolist()}) = {got.tolist()}, expected {ref.tolist()}"


@pytest.mark.region("equalize", needs=["hist"])
def test_equalize_rejects_colour(lab, astronaut):
    """Colour input raises ValueError (equalise the L of Lab or the V of HSV instead)."""
    with pytest.raises(ValueError):
        lab.equalize_hist(astronaut)
        pytest.fail("equalize_hist((512, 512, 3)) returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# clahe_lut
# ---------------------------------------------------------------------------------------------
def _probe_opencv_luts(
    img: np.ndarray, clip: float, grid: tuple[int, int], rolls: range
) -> tuple[np.ndarray, np.ndarray]:
    """Read OpenCV's per-tile LUT entries out of cv2.createCLAHE's output.

    With power-of-two tiles the pixel at a tile's centre has interpolation weights exactly 1
    and 0, so cv2's output there IS that tile's LUT at the centre pixel's level. Rolling the
    pixels inside every tile keeps each tile's histogram (so its LUT), and moves a different
    pixel to the centre: each roll reads one more LUT entry per tile.
    Returns (levels, values), both (n_rolls, ty, tx).
    """
    ty, tx = grid
    th, tw = img.shape[0] // ty, img.shape[1] // tx
    tiles = img.reshape(ty, th, tx, tw).transpose(0, 2, 1, 3).reshape(ty, tx, th * tw)
    op = cv2.createCLAHE(clipLimit=clip, tileGridSize=(tx, ty))
    cy, cx = th // 2 + th * np.arange(ty), tw // 2 + tw * np.arange(tx)
    levels, values = [], []
    for k in rolls:
        rolled = np.roll(tiles, k, axis=2).reshape(ty, tx, th, tw).transpose(0, 2, 1, 3).reshape(img.shape)
        out = op.apply(np.ascontiguousarray(rolled))
        levels.append(rolled[np.ix_(cy, cx)])
        values.append(out[np.ix_(cy, cx)])
    return np.array(levels), np.array(values)


@pytest.mark.region("clahe_lut")
@pytest.mark.parametrize(
    ("clip", "grid", "step"),
    [(3.0, (8, 8), 1), (2.5, (4, 4), 8), (0.0, (8, 8), 4), (40.0, (4, 8), 8)],
)
def test_clahe_luts_match_opencv(lab, camera, clip, grid, step):
    """Every tile's LUT equals the one cv2.createCLAHE uses (read at the tile centres), within 1 level."""
    img = np.ascontiguousarray(camera[160:288, 192:320])  # (128, 128): tiles of 16 or 32 pixels
    got = lab.clahe_tile_luts(img, clip, grid)
    assert got.shape == grid + (256,) and got.dtype == np.uint8, (
        f"clahe_tile_luts(img (128, 128), {clip}, {grid}) gave {got.dtype} {got.shape}, expected uint8 {grid + (256,)}"
    )
    th, tw = 128 // grid[0], 128 // grid[1]
    levels, ref = _probe_opencv_luts(img, clip, grid, range(0, th * tw, step))
    ii, jj = np.meshgrid(np.arange(grid[0]), np.arange(grid[1]), indexing="ij")
    mine = got[ii[None], jj[None], levels]  # (n_rolls, ty, tx): your LUT at the same levels
    diff = np.abs(mine.astype(int) - ref)
    if diff.max() > 1 or (diff > 0).mean() > 0.01:
        k, i, j = (int(a) for a in np.argwhere(diff == diff.max())[0])
        pytest.fail(
            f"clahe_tile_luts(clip_limit={clip}, tile_grid={grid}): tile ({i}, {j}) maps level {int(levels[k, i, j])} to "
            f"{int(mine[k, i, j])}, OpenCV to {int(ref[k, i, j])} (max |diff| {diff.max()}, {(diff > 0).mean():.1%} of "
            "entries differ). Check: limit = max(int(clip * area / 256), 1), the excess goes back (excess // 256 to "
            "every bin, the rest one each at a step), LUT = cdf * 255 / area"
        )


@pytest.mark.region("clahe_lut")
def test_clahe_luts_without_clipping_equalise_each_tile(lab, camera):
    """clip_limit = 0: each tile's LUT is plain equalisation of that tile, rint(cdf * 255 / area)."""
    img = np.ascontiguousarray(camera[100:196, 40:200])  # (96, 160) -> 3 x 5 tiles of 32 x 32
    got = lab.clahe_tile_luts(img, 0.0, (3, 5))
    assert got.shape == (3, 5, 256), f"shape {got.shape}, expected (3, 5, 256)"
    for i in range(3):
        for j in range(5):
            tile = img[32 * i : 32 * i + 32, 32 * j : 32 * j + 32]
            ref = np.rint(np.cumsum(np.bincount(tile.ravel(), minlength=256)) * 255 / 1024)
            assert np.array_equal(got[i, j], ref), f"tile ({i}, {j}) without clipping" + _where_differs(
                got[i, j], ref.astype(np.uint8)
            )


@pytest.mark.region("clahe_lut")
@given(
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(2, 12),
    st.integers(2, 12),
    st.floats(0.5, 8.0),
    st.integers(0, 2**32 - 1),
)
def test_clahe_luts_are_monotone_complete_and_limited(lab, ty, tx, th, tw, clip, seed):
    """Any grid: LUTs never decrease, end at 255 (clipped counts are handed back), and rise at most as the limit allows."""
    rng = np.random.default_rng(seed)
    img = np.where(
        rng.random((ty * th, tx * tw)) < 0.5, rng.integers(0, 256), rng.integers(0, 256, (ty * th, tx * tw))
    ).astype(np.uint8)
    got = lab.clahe_tile_luts(img, clip, (ty, tx))
    assert got.shape == (ty, tx, 256) and got.dtype == np.uint8, (
        f"got {got.dtype} {got.shape}, expected uint8 {(ty, tx, 256)}"
    )
    steps = np.diff(got.astype(int), axis=-1)
    assert steps.min() >= 0, f"a LUT decreases (tile grid {(ty, tx)}, tiles {th}x{tw}, clip {clip:.2f})"
    assert np.all(got[..., 255] == 255), (
        f"LUT[255] is {got[..., 255].min()} in some tile, expected 255: the clipped counts must be redistributed so every "
        "histogram still sums to the tile area"
    )
    area = th * tw
    limit = max(int(clip * area / 256), 1)
    bound = (limit + area // 256 + 1) * 255 / area + 1  # largest bin after clipping and redistribution
    assert steps.max() <= bound, (
        f"a LUT rises by {steps.max()} levels in one grey level; with clip {clip:.2f} on {th}x{tw} tiles (limit {limit} "
        f"counts) it may rise at most {bound:.1f}: the histogram was not clipped"
    )


@pytest.mark.region("clahe_lut")
def test_clahe_luts_reject_uneven_grid(lab):
    """An image that does not split into equal tiles raises ValueError (clahe pads it first)."""
    with pytest.raises(ValueError):
        lab.clahe_tile_luts(np.zeros((10, 12), np.uint8), 2.0, (3, 4))
        pytest.fail("clahe_tile_luts((10, 12) image, grid (3, 4)) returned instead of raising ValueError")


# ---------------------------------------------------------------------------------------------
# clahe_interp
# ---------------------------------------------------------------------------------------------
def _tile_coordinates(shape: tuple[int, int], tile: tuple[int, int]) -> np.ndarray:
    """(2, H, W) fractional tile coordinates (y / th - 0.5, x / tw - 0.5) of every pixel."""
    yy, xx = np.mgrid[0 : shape[0], 0 : shape[1]].astype(np.float64)
    return np.stack([yy / tile[0] - 0.5, xx / tile[1] - 0.5])


@pytest.mark.region("clahe_interp")
def test_interp_identity_luts_return_the_image(lab, camera):
    """When every tile's LUT is the identity, the output is the input, whatever the tile size."""
    luts = np.broadcast_to(np.arange(256, dtype=np.uint8), (4, 6, 256)).copy()
    img = camera[:120, :150]
    got = lab.clahe_interpolate(np.ascontiguousarray(img), luts, (30, 25))
    assert got.shape == img.shape and got.dtype == np.uint8, f"got {got.dtype} {got.shape}, expected uint8 {img.shape}"
    assert np.array_equal(got, img), "identity LUTs changed the image" + _where_differs(got, img)


@pytest.mark.region("clahe_interp")
def test_interp_constant_tile_luts_are_bilinear_upsampling(lab, camera):
    """LUTs that are constant per tile give the bilinear interpolation of the tile values (vs scipy map_coordinates)."""
    rng = np.random.default_rng(6)
    values = rng.integers(0, 256, (4, 5)).astype(np.float64)  # one output value per tile
    luts = np.repeat(values.astype(np.uint8)[..., None], 256, axis=2)
    img = np.ascontiguousarray(camera[:96, :200])  # tiles of 24 x 40
    got = lab.clahe_interpolate(img, luts, (24, 40))
    ref = ndimage.map_coordinates(values, _tile_coordinates(img.shape, (24, 40)), order=1, mode="nearest")
    diff = np.abs(got.astype(float) - np.rint(ref))
    assert diff.max() <= 1 and diff.mean() < 0.02, (
        f"with one constant value per tile the output should be their bilinear interpolation between tile centres "
        f"(pixel (y, x) at tile coordinates (y / th - 0.5, x / tw - 0.5), clamped at the borders); max |diff| "
        f"{diff.max():.0f}, mean {diff.mean():.3f}" + _where_differs(got, np.rint(ref).astype(np.uint8))
    )


@pytest.mark.region("clahe_interp")
def test_interp_tile_centres_use_their_own_lut(lab):
    """The pixel at a tile's centre is mapped by that tile's LUT alone."""
    rng = np.random.default_rng(7)
    luts = np.sort(rng.integers(0, 256, (3, 4, 256)), axis=-1).astype(np.uint8)
    img = rng.integers(0, 256, (48, 128), dtype=np.uint8)  # tiles of 16 x 32
    got = lab.clahe_interpolate(img, luts, (16, 32))
    cy, cx = 8 + 16 * np.arange(3), 16 + 32 * np.arange(4)
    at = got[np.ix_(cy, cx)]
    ii, jj = np.meshgrid(np.arange(3), np.arange(4), indexing="ij")
    ref = luts[ii, jj, img[np.ix_(cy, cx)]]
    assert np.array_equal(at, ref), (
        "at the tile centres the output should be luts[tile][level] exactly" + _where_differs(at, ref)
    )


@pytest.mark.region("clahe_interp")
def test_interp_random_luts_match_per_level_bilinear(lab):
    """Random LUTs on an image with 6 grey levels equal, level by level, SciPy's bilinear interpolation."""
    rng = np.random.default_rng(8)
    luts = np.sort(rng.integers(0, 256, (5, 3, 256)), axis=-1).astype(np.uint8)
    levels = np.array([0, 17, 90, 128, 200, 255], np.uint8)
    img = levels[rng.integers(0, 6, (100, 66))]  # tiles of 20 x 22
    got = lab.clahe_interpolate(img, luts, (20, 22))
    coords = _tile_coordinates(img.shape, (20, 22))
    ref = np.zeros(img.shape)
    for v in levels:
        at = img == v
        ref[at] = ndimage.map_coordinates(luts[..., v].astype(np.float64), coords[:, at], order=1, mode="nearest")
    diff = np.abs(got.astype(float) - np.rint(ref))
    assert diff.max() <= 1 and diff.mean() < 0.02, (
        f"blend of the four nearest tiles' LUTs (at the pixel's level) differs from bilinear interpolation: max |diff| "
        f"{diff.max():.0f}, mean {diff.mean():.3f}" + _where_differs(got, np.rint(ref).astype(np.uint8))
    )


@pytest.mark.region("clahe_interp", needs=["clahe_lut"])
@pytest.mark.parametrize(
    ("name", "clip", "grid"),
    [
        ("camera", 2.0, (8, 8)),
        ("moon", 4.0, (4, 6)),
        ("coins", 2.0, (8, 8)),
        ("page", 1.0, (3, 5)),
        ("astronaut", 0.0, (8, 8)),
        ("camera", 40.0, (8, 8)),
    ],
)
def test_clahe_matches_opencv(lab, name, clip, grid):
    """clahe() (your LUTs + your interpolation) reproduces cv2.createCLAHE: max |diff| <= 1, mean < 0.01."""
    img = data.skimage_image(name)
    gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) if img.ndim == 3 else img
    got = lab.clahe(gray, clip, grid)
    ref = cv2.createCLAHE(clipLimit=clip, tileGridSize=(grid[1], grid[0])).apply(gray)
    diff = np.abs(got.astype(int) - ref)
    assert diff.max() <= 1 and diff.mean() < 0.01, (
        f"clahe({name} {gray.shape}, clip_limit={clip}, tile_grid={grid}) vs cv2.createCLAHE: mean |diff| "
        f"{diff.mean():.4f}, max {diff.max()} (allowed: mean < 0.01, max 1)" + _where_differs(got, ref)
    )


# ---------------------------------------------------------------------------------------------
# segment
# ---------------------------------------------------------------------------------------------
def _in_range_ref(hsv: np.ndarray, lower, upper) -> np.ndarray:
    """cv2.inRange, split into two ranges when the hue wraps."""
    if lower[0] <= upper[0]:
        return cv2.inRange(hsv, tuple(lower), tuple(upper))
    a = cv2.inRange(hsv, (lower[0], lower[1], lower[2]), (255, upper[1], upper[2]))
    b = cv2.inRange(hsv, (0, lower[1], lower[2]), (upper[0], upper[1], upper[2]))
    return cv2.bitwise_or(a, b)


@pytest.mark.region("segment")
def test_in_range_matches_cv2_in_range(lab, fruits_rgb):
    """Without wrap-around the mask equals cv2.inRange (inclusive bounds, 0 / 255 uint8)."""
    hsv = cv2.cvtColor(fruits_rgb, cv2.COLOR_RGB2HSV)
    for lower, upper in [
        ((10, 100, 100), (25, 255, 255)),
        ((35, 50, 50), (85, 255, 255)),
        ((0, 0, 200), (179, 40, 255)),
    ]:
        got = lab.hsv_in_range(hsv, lower, upper)
        ref = cv2.inRange(hsv, lower, upper)
        assert got.dtype == np.uint8 and got.shape == ref.shape, (
            f"got {got.dtype} {got.shape}, expected a uint8 {ref.shape} mask"
        )
        assert np.array_equal(got, ref), (
            f"hsv_in_range(fruits, {lower}, {upper}) differs from cv2.inRange" + _where_differs(got, ref)
        )


@pytest.mark.region("segment")
def test_in_range_hue_wraps_through_zero(lab, smarties_rgb):
    """lower H > upper H selects H >= lower or H <= upper: the union of two cv2.inRange calls."""
    hsv = cv2.cvtColor(smarties_rgb, cv2.COLOR_RGB2HSV)
    got = lab.hsv_in_range(hsv, RED_LOWER, RED_UPPER)
    ref = _in_range_ref(hsv, RED_LOWER, RED_UPPER)
    assert got.any(), (
        f"hsv_in_range(smarties, {RED_LOWER}, {RED_UPPER}) selects nothing: with lower H > upper H the hue range wraps "
        "through 0 (H >= 170 OR H <= 3)"
    )
    assert np.array_equal(got, ref), "the red mask differs from inRange(170..179) | inRange(0..3)" + _where_differs(
        got, ref
    )


@pytest.mark.region("segment")
@given(
    st.tuples(st.integers(0, 179), st.integers(0, 255), st.integers(0, 255)),
    st.tuples(st.integers(0, 179), st.integers(0, 255), st.integers(0, 255)),
    st.integers(0, 2**32 - 1),
)
def test_in_range_any_bounds(lab, lower, upper, seed):
    """Any bounds on random HSV pixels: the mask equals cv2.inRange (two ranges when the hue wraps)."""
    rng = np.random.default_rng(seed)
    hsv = np.stack(
        [rng.integers(0, 180, (12, 15)), rng.integers(0, 256, (12, 15)), rng.integers(0, 256, (12, 15))], axis=-1
    ).astype(np.uint8)
    got = lab.hsv_in_range(hsv, lower, upper)
    ref = _in_range_ref(hsv, lower, upper)
    assert np.array_equal(got, ref), f"hsv_in_range(hsv, {lower}, {upper})" + _where_differs(got, ref)


@pytest.mark.region("segment")
def test_red_sweets_are_found(lab, smarties_rgb):
    """Red segmentation of smarties.png, opened with a 7x7 ellipse, gives exactly the 4 red sweets (ground truth)."""
    hsv = cv2.cvtColor(smarties_rgb, cv2.COLOR_RGB2HSV)
    mask = lab.hsv_in_range(hsv, RED_LOWER, RED_UPPER)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
    _, _, stats, centroids = cv2.connectedComponentsWithStats(mask)
    big = stats[1:, cv2.CC_STAT_AREA] >= 1000
    found = sorted(centroids[1:][big].round().astype(int).tolist())
    assert len(found) == 4, (
        f"found {len(found)} blobs of >= 1000 pixels at {found}, expected the 4 red sweets at {sorted(RED_SWEETS)}: "
        "red hues sit on both sides of 0 (170..179 and 0..3)"
    )
    for (x, y), (gx, gy) in zip(found, sorted(RED_SWEETS)):
        assert abs(x - gx) <= 4 and abs(y - gy) <= 4, (
            f"a blob centred at ({x}, {y}), expected a red sweet at ({gx}, {gy})"
        )
