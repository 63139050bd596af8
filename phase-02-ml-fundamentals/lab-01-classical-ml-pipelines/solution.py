"""Lab 2.1 - Classical ML pipelines on image features.

Hand-made features (HOG, colour histograms and moments) feed scikit-learn classifiers
(kernel SVM, random forest, gradient boosting with XGBoost) inside a leakage-free
``Pipeline``, scored by cross-validation and tuned by a grid / randomised search.

The parts you write, in order (README.md explains each one):

    gradients        centred [-1, 0, 1] differences, zero on the border rows / columns
    cell_histograms  unsigned orientations, hard or linearly interpolated votes, per cell
    block_norm       L2-Hys normalisation over overlapping blocks of cells
    colour           HSV histograms + RGB colour moments for colour images
    transformer      HOGTransformer.transform: HOG as a scikit-learn transformer
    pipeline         features -> StandardScaler -> SVC | RandomForest | XGBClassifier
    cross_validate   k-fold scores with a fresh clone fitted on each training fold only
    search           grid / randomised hyperparameter search on the same folds, then refit

Everything works on batches: an image argument may carry any leading dimensions
(``(..., H, W)``), so a whole dataset goes through NumPy in one call.

Run ``python solution.py`` for a short demo, ``python run_full.py`` for the full-size run.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import cv2
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.model_selection import ParameterGrid, ParameterSampler, check_cv
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.utils.validation import check_is_fitted

Binning = Literal["hard", "linear"]

#: skimage's block-normalisation epsilon: v / sqrt(||v||^2 + EPS^2).
EPS = 1e-5
#: L2-Hys clips normalised block entries at this value before renormalising.
HYS_CLIP = 0.2


# ---------------------------------------------------------------------------------------
# HOG from scratch
# ---------------------------------------------------------------------------------------


def image_gradients(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centred differences along rows and columns: the [-1, 0, 1] kernel.

        gy[r, c] = I[r+1, c] - I[r-1, c]      gx[r, c] = I[r, c+1] - I[r, c-1]

    (no division by 2: a global factor cancels in block normalisation). The first and last
    row of ``gy`` and the first and last column of ``gx`` are 0, scikit-image's convention.

    image: (..., H, W) any real dtype -> (gy, gx), each float64 (..., H, W).
    """
    # BEGIN REGION gradients: Return (gy, gx), float64 arrays shaped like `image` (..., H, W): gy = I[r+1] - I[r-1]
    # | down the rows, gx = I[:, c+1] - I[:, c-1] across the columns (the [-1, 0, 1] kernel, not halved).
    # | Leading dimensions are a batch. The border rows of gy and border columns of gx are exactly 0
    # | (skimage.feature.hog's convention); images with fewer than 3 rows/columns give all-zero gy/gx.
    img = np.asarray(image, dtype=np.float64)
    gy = np.zeros_like(img)
    gx = np.zeros_like(img)
    gy[..., 1:-1, :] = img[..., 2:, :] - img[..., :-2, :]  # (..., H-2, W): rows r+1 minus r-1
    gx[..., :, 1:-1] = img[..., :, 2:] - img[..., :, :-2]  # (..., H, W-2): cols c+1 minus c-1
    return gy, gx
    # END REGION gradients


def cell_histograms(
    gy: np.ndarray,
    gx: np.ndarray,
    pixels_per_cell: tuple[int, int] = (8, 8),
    orientations: int = 9,
    binning: Binning = "hard",
) -> np.ndarray:
    """Magnitude-weighted histograms of unsigned gradient orientation, one per cell.

    magnitude m = sqrt(gx^2 + gy^2); unsigned angle theta = atan2(gy, gx) in degrees mod 180,
    so a gradient and its opposite (a dark-to-light and a light-to-dark edge) vote alike.
    With B bins of width w = 180 / B:

    * hard:   the whole vote m goes to bin floor(theta / w)      (skimage.feature.hog)
    * linear: bin k is centred at (k + 1/2) w; with p = theta / w - 1/2, the vote is split
              (1 - f) m to bin floor(p) and f m to floor(p) + 1, f = p - floor(p), both
              indices taken mod B (the orientation circle wraps: 179 deg is next to 1 deg).

    Cells tile the image from the top-left corner; rows/columns that do not fill a whole
    cell are ignored. Each histogram is the SUM of votes divided by the cell area (the mean
    vote per pixel), which is skimage's scaling.

    gy, gx: (..., H, W) -> (..., H // ch, W // cw, B) float64.
    """
    # BEGIN REGION cell_histograms: Return (..., H // ch, W // cw, orientations) float64, (ch, cw) = pixels_per_cell.
    # | Magnitude hypot(gx, gy); unsigned angle = degrees(arctan2(gy, gx)) mod 180; bin width w = 180 / orientations.
    # | binning "hard": the whole magnitude votes for bin floor(angle / w). binning "linear": bin k is centred
    # | at (k + 0.5) * w; split the magnitude between the two nearest centres in proportion to closeness,
    # | wrapping around (the last bin's neighbour is bin 0). Each cell's histogram = sum of its pixels'
    # | votes / (ch * cw). Ignore the partial cells at the bottom/right. No Python loop over pixels or cells.
    ch, cw = pixels_per_cell
    B = int(orientations)
    *lead, H, W = gy.shape
    n_r, n_c = H // ch, W // cw
    n = math.prod(lead)  # number of images in the batch (1 for a single image)
    # Crop to whole cells and flatten the batch: (n, n_r*ch, n_c*cw).
    gy = gy[..., : n_r * ch, : n_c * cw].reshape(n, n_r * ch, n_c * cw)
    gx = gx[..., : n_r * ch, : n_c * cw].reshape(n, n_r * ch, n_c * cw)
    mag = np.hypot(gx, gy)
    ang = np.rad2deg(np.arctan2(gy, gx)) % 180.0  # [0, 180): unsigned orientation
    w = 180.0 / B

    # A flat id for every (image, cell) pair, so np.bincount does all the summing at once.
    rows = np.arange(n_r * ch) // ch  # (H',) cell row of each pixel row
    cols = np.arange(n_c * cw) // cw  # (W',) cell column of each pixel column
    cell = rows[:, None] * n_c + cols[None, :]  # (H', W')
    cell = np.arange(n)[:, None, None] * (n_r * n_c) + cell  # (n, H', W')
    size = n * n_r * n_c * B

    if binning == "hard":
        b = np.minimum((ang // w).astype(np.int64), B - 1)  # guard: float rounding near 180
        hist = np.bincount((cell * B + b).ravel(), weights=mag.ravel(), minlength=size)
    elif binning == "linear":
        p = ang / w - 0.5  # position in units of bins, relative to bin centres
        lo = np.floor(p)
        frac = p - lo  # share of the vote for the upper neighbour
        lo = lo.astype(np.int64) % B  # -1 (angles below the first centre) wraps to B-1
        hi = (lo + 1) % B
        hist = np.bincount((cell * B + lo).ravel(), weights=(mag * (1.0 - frac)).ravel(), minlength=size)
        hist += np.bincount((cell * B + hi).ravel(), weights=(mag * frac).ravel(), minlength=size)
    else:
        raise ValueError(f"binning must be 'hard' or 'linear', got {binning!r}")
    return hist.reshape(*lead, n_r, n_c, B) / (ch * cw)
    # END REGION cell_histograms


def block_normalise(hist: np.ndarray, cells_per_block: tuple[int, int] = (3, 3), eps: float = EPS) -> np.ndarray:
    """L2-Hys normalisation of every (overlapping, stride 1 cell) block of cells.

    For a block's concatenated histograms v:
        v <- v / sqrt(||v||^2 + eps^2);   v <- min(v, 0.2);   v <- v / sqrt(||v||^2 + eps^2)
    The first step removes the local contrast (illumination) scale; the clip stops one
    very strong edge from dominating the block; the last step restores unit length.

    hist: (..., n_r, n_c, B) -> (..., n_r - br + 1, n_c - bc + 1, br, bc, B), skimage's layout.
    """
    # BEGIN REGION block_norm: Every block of (br, bc) neighbouring cells, sliding one cell at a time, normalised
    # | with L2-Hys: v / sqrt(sum(v^2) + eps^2), clip at 0.2, renormalise the same way. Return
    # | (..., n_r - br + 1, n_c - bc + 1, br, bc, B), i.e. block row, block col, cell row, cell col, bin.
    # | An all-zero block stays all zero. Vectorise over blocks and the batch (no Python loop over blocks).
    br, bc = cells_per_block
    blocks = sliding_window_view(hist, (br, bc), axis=(-3, -2))  # (..., nBr, nBc, B, br, bc), a view
    blocks = np.moveaxis(blocks, -3, -1)  # (..., nBr, nBc, br, bc, B)
    axes = (-3, -2, -1)  # the br * bc * B values of one block
    v = blocks / np.sqrt(np.sum(blocks**2, axis=axes, keepdims=True) + eps**2)
    v = np.minimum(v, HYS_CLIP)
    return v / np.sqrt(np.sum(v**2, axis=axes, keepdims=True) + eps**2)
    # END REGION block_norm


def hog(
    image: np.ndarray,
    orientations: int = 9,
    pixels_per_cell: tuple[int, int] = (8, 8),
    cells_per_block: tuple[int, int] = (3, 3),
    binning: Binning = "hard",
    transform_sqrt: bool = False,
    feature_vector: bool = True,
) -> np.ndarray:
    """Histogram of Oriented Gradients of a grey image or a batch of grey images.

    With ``binning="hard"`` this is skimage.feature.hog(image, orientations, pixels_per_cell,
    cells_per_block, block_norm="L2-Hys", transform_sqrt=...) to float rounding.

    image: (..., H, W) -> (..., D) if feature_vector else (..., nBr, nBc, br, bc, B),
    D = nBr * nBc * br * bc * B.
    """
    img = np.asarray(image, dtype=np.float64)
    if img.ndim < 2:
        raise ValueError(f"hog needs a (..., H, W) image, got shape {img.shape}")
    H, W = img.shape[-2:]
    (ch, cw), (br, bc) = pixels_per_cell, cells_per_block
    if H // ch < br or W // cw < bc:
        raise ValueError(f"a {H}x{W} image is smaller than one block of {br}x{bc} cells of {ch}x{cw} pixels")
    if transform_sqrt:  # gamma compression: texture strength grows with illumination, sqrt tames it
        img = np.sqrt(img)
    gy, gx = image_gradients(img)  # (..., H, W) each
    cells = cell_histograms(gy, gx, pixels_per_cell, orientations, binning)  # (..., n_r, n_c, B)
    blocks = block_normalise(cells, cells_per_block)  # (..., nBr, nBc, br, bc, B)
    if feature_vector:
        return blocks.reshape(*blocks.shape[:-5], -1)  # (..., D)
    return blocks


# ---------------------------------------------------------------------------------------
# Colour features
# ---------------------------------------------------------------------------------------

#: OpenCV's 8-bit HSV ranges: H in [0, 180) (degrees / 2), S and V in [0, 256).
HSV_RANGES = (180, 256, 256)


def colour_features(images: np.ndarray, bins: tuple[int, int, int] = (18, 8, 8)) -> np.ndarray:
    """Per-channel HSV histograms and RGB colour moments of uint8 RGB images.

    Output, per image, concatenated in this order:
      * hist_H (bins[0]), hist_S (bins[1]), hist_V (bins[2]): the fraction of pixels in each
        equal-width bin of cv2's 8-bit HSV ranges (H in [0, 180), S, V in [0, 256)); each
        histogram sums to 1. Pixel value v of channel c falls in bin floor(v * bins[c] / range[c]).
      * mean (R, G, B), std (R, G, B), skewness (R, G, B) of the channel values scaled to
        [0, 1]: std is the population std, skewness = E[(x - mu)^3] / std^3 (0 if std == 0).

    images: (..., H, W, 3) uint8 RGB -> (..., sum(bins) + 9) float64.
    """
    # BEGIN REGION colour: Return (..., sum(bins) + 9) float64 for uint8 RGB images (..., H, W, 3):
    # | [hist_H, hist_S, hist_V, mean_RGB, std_RGB, skew_RGB]. Convert RGB (not BGR!) to OpenCV's 8-bit HSV
    # | (H in [0, 180), S and V in [0, 256)); channel c's histogram has bins[c] equal-width bins over its range
    # | and holds fractions of pixels (sums to 1). Moments are of R, G, B scaled to [0, 1]: mean, population
    # | std, skewness E[(x - mean)^3] / std^3, with skewness 0 when std is 0. Leading dims are a batch.
    imgs = np.asarray(images)
    if imgs.dtype != np.uint8 or imgs.ndim < 3 or imgs.shape[-1] != 3:
        raise ValueError(f"colour_features needs uint8 (..., H, W, 3) RGB images, got {imgs.dtype} {imgs.shape}")
    *lead, H, W, _ = imgs.shape
    n, P = math.prod(lead), H * W
    flat = np.ascontiguousarray(imgs.reshape(n * H, W, 3))  # the whole batch as one tall image
    hsv = cv2.cvtColor(flat, cv2.COLOR_RGB2HSV).reshape(n, P, 3)  # (n, P, 3) uint8
    rgb = imgs.reshape(n, P, 3)

    # A uint8 channel takes only 256 values: count them once per image (one pass over the
    # pixels), and every histogram and moment after that is O(256) work.
    offsets = np.arange(n)[:, None] * 256

    def value_counts(channel: np.ndarray) -> np.ndarray:  # (n, P) uint8 -> (n, 256) int64
        idx = (channel + offsets).ravel() if n > 1 else channel.ravel()
        return np.bincount(idx, minlength=n * 256).reshape(n, 256)

    values = np.arange(256)
    hists = []
    for c in range(3):
        to_bin = values[:, None] * bins[c] // HSV_RANGES[c] == np.arange(bins[c])  # (256, bins) one-hot
        hists.append(value_counts(hsv[..., c]) @ to_bin / P)  # (n, bins[c]) fractions of pixels

    prob = np.stack([value_counts(rgb[..., c]) for c in range(3)], axis=1) / P  # (n, 3, 256) P(value)
    x = values / 255.0  # (256,) the value each count stands for, in [0, 1]
    mean = prob @ x  # (n, 3)
    d = x - mean[..., None]  # (n, 3, 256) deviations of each possible value
    std = np.sqrt(np.sum(prob * d**2, axis=-1))  # (n, 3) population std
    m3 = np.sum(prob * d**3, axis=-1)  # (n, 3) third central moment
    safe = np.where(std > 1e-12, std, 1.0)
    skew = np.where(std > 1e-12, m3 / safe**3, 0.0)
    out = np.concatenate(hists + [mean, std, skew], axis=1)  # (n, sum(bins) + 9)
    return out.reshape(*lead, out.shape[-1])
    # END REGION colour


# ---------------------------------------------------------------------------------------
# HOG as a scikit-learn transformer
# ---------------------------------------------------------------------------------------


class HOGTransformer(TransformerMixin, BaseEstimator):
    """HOG features inside a scikit-learn Pipeline.

    X is (N, H, W) grey images or (N, H*W) flattened rows; ``transform`` returns (N, D).
    scikit-learn's rules: ``__init__`` stores its arguments unchanged (``clone`` and
    ``set_params`` rely on it; no validation, no conversion), everything learned in ``fit``
    ends with an underscore. HOG learns nothing from the data - ``fit`` only records the
    image shape - which is why it can never leak information across CV folds.
    """

    #: Images per chunk in ``transform``: bounds memory. HOG's temporaries (gradients, angles,
    #: bin ids, votes) peak at ~80 kB per 28x28 image: ~170 MB per chunk instead of ~5 GB for 60k.
    chunk_size = 2048

    def __init__(
        self,
        orientations: int = 9,
        pixels_per_cell: tuple[int, int] = (4, 4),
        cells_per_block: tuple[int, int] = (2, 2),
        binning: Binning = "linear",
        transform_sqrt: bool = False,
        image_shape: tuple[int, int] | None = None,
    ) -> None:
        self.orientations = orientations
        self.pixels_per_cell = pixels_per_cell
        self.cells_per_block = cells_per_block
        self.binning = binning
        self.transform_sqrt = transform_sqrt
        self.image_shape = image_shape

    def fit(self, X: Any, y: Any = None) -> HOGTransformer:
        """Record the image shape: ``image_shape_`` = (H, W) and ``n_features_in_`` = H * W."""
        X = np.asarray(X)
        if X.ndim == 3:
            shape = X.shape[1:]
        elif X.ndim == 2:
            if self.image_shape is not None:
                shape = tuple(self.image_shape)
            else:  # flattened square images
                side = math.isqrt(X.shape[1])
                if side * side != X.shape[1]:
                    raise ValueError(f"{X.shape[1]} features are not a square image; pass image_shape=(H, W)")
                shape = (side, side)
        else:
            raise ValueError(f"HOGTransformer expects (N, H, W) or (N, H*W), got shape {X.shape}")
        if math.prod(shape) != math.prod(X.shape[1:]):
            raise ValueError(f"image_shape {shape} does not match {math.prod(X.shape[1:])} features per row")
        self.image_shape_ = (int(shape[0]), int(shape[1]))
        self.n_features_in_ = int(math.prod(shape))
        return self

    def transform(self, X: Any) -> np.ndarray:
        """(N, H, W) or (N, H*W) -> (N, D) float64 HOG features, with this object's parameters."""
        # BEGIN REGION transformer: Return an (N, D) float64 array: the HOG of each image with THIS object's
        # | parameters (orientations, pixels_per_cell, cells_per_block, binning, transform_sqrt). Raise
        # | sklearn's NotFittedError before fit (check_is_fitted) and ValueError if a row does not have
        # | n_features_in_ values. Accept (N, H, W) or (N, H*W) (rows reshape to image_shape_), and process
        # | the images in chunks of self.chunk_size so a large dataset does not need all its gradients at once.
        # | Zero images give an empty (0, D) array.
        check_is_fitted(self, "image_shape_")
        X = np.asarray(X)
        if X.ndim < 2 or math.prod(X.shape[1:]) != self.n_features_in_:
            raise ValueError(
                f"X has shape {X.shape}: expected {self.n_features_in_} values per row (images {self.image_shape_})"
            )
        images = X.reshape(len(X), *self.image_shape_)  # (N, H, W), a view for contiguous X
        params = {
            "orientations": self.orientations,
            "pixels_per_cell": tuple(self.pixels_per_cell),
            "cells_per_block": tuple(self.cells_per_block),
            "binning": self.binning,
            "transform_sqrt": self.transform_sqrt,
        }
        D = hog(np.zeros((1, *self.image_shape_)), **params).shape[-1]  # feature length, also for N == 0
        out = np.empty((len(X), D), dtype=np.float64)  # (N, D)
        for start in range(0, len(X), self.chunk_size):
            out[start : start + self.chunk_size] = hog(images[start : start + self.chunk_size], **params)
        return out
        # END REGION transformer


# ---------------------------------------------------------------------------------------
# Pipeline, cross-validation, search, evaluation
# ---------------------------------------------------------------------------------------

CLASSIFIERS = ("svm", "rf", "xgb")


def build_pipeline(
    classifier: str = "svm",
    hog_params: dict[str, Any] | None = None,
    random_state: int = 0,
    n_jobs: int = 1,
    **clf_params: Any,
) -> Pipeline:
    """Pipeline([("features", HOGTransformer), ("scale", StandardScaler), ("clf", classifier)]).

    classifier: "svm" -> SVC(C=10, gamma="scale") (RBF kernel); "rf" -> RandomForestClassifier
    (200 trees); "xgb" -> xgboost.XGBClassifier (200 rounds of depth-4 trees, hist method).
    ``clf_params`` override the classifier's defaults; ``hog_params`` go to HOGTransformer.
    Step names are fixed so searches can address e.g. "clf__C" or "features__orientations".
    """
    # BEGIN REGION pipeline: Return a Pipeline with steps named "features" (HOGTransformer(**hog_params)),
    # | "scale" (StandardScaler()) and "clf": "svm" -> SVC(C=10, gamma="scale"); "rf" ->
    # | RandomForestClassifier(n_estimators=200, random_state, n_jobs); "xgb" -> XGBClassifier(n_estimators=200,
    # | max_depth=4, learning_rate=0.2, tree_method="hist", random_state, n_jobs). clf_params override these
    # | defaults. Raise ValueError for an unknown classifier name.
    if classifier == "svm":
        clf: BaseEstimator = SVC(**{"C": 10.0, "gamma": "scale", **clf_params})
    elif classifier == "rf":
        clf = RandomForestClassifier(
            **{"n_estimators": 200, "random_state": random_state, "n_jobs": n_jobs, **clf_params}
        )
    elif classifier == "xgb":
        from xgboost import XGBClassifier  # imported lazily: xgboost takes a moment to load

        defaults = {
            "n_estimators": 200,
            "max_depth": 4,
            "learning_rate": 0.2,
            "tree_method": "hist",
            "random_state": random_state,
            "n_jobs": n_jobs,
        }
        clf = XGBClassifier(**{**defaults, **clf_params})
    else:
        raise ValueError(f"unknown classifier {classifier!r}; choose one of {CLASSIFIERS}")
    return Pipeline(
        [
            ("features", HOGTransformer(**(hog_params or {}))),
            ("scale", StandardScaler()),  # fitted inside each training fold, never on held-out data
            ("clf", clf),
        ]
    )
    # END REGION pipeline


def cross_validate(pipeline: BaseEstimator, X: Any, y: Any, cv: int | Any = 5) -> np.ndarray:
    """Accuracy of ``pipeline`` on each held-out fold: equals sklearn's cross_val_score.

    For every (train, test) split of ``check_cv(cv, y, classifier=True)``: fit a fresh
    ``clone(pipeline)`` on the training rows only, score it on the test rows. Fitting the
    whole pipeline per fold is what keeps the scaler's mean/std (and anything else a step
    learns) from ever seeing the held-out rows.

    cv: an int (stratified k-fold, no shuffle), a splitter, or an iterable of (train, test).
    Returns (n_splits,) float64.
    """
    # BEGIN REGION cross_validate: Return (n_splits,) float64 held-out scores, in split order. Get the splits
    # | from sklearn.model_selection.check_cv(cv, y, classifier=True).split(X, y). For each split fit a fresh
    # | clone of the WHOLE pipeline on the training rows only and record its .score on the test rows
    # | (index X and y with the index arrays; X may be (N, H, W)).
    X, y = np.asarray(X), np.asarray(y)
    splitter = check_cv(cv, y, classifier=True)
    scores = []
    for train, test in splitter.split(X, y):
        model = clone(pipeline).fit(X[train], y[train])  # every step learns from training rows only
        scores.append(model.score(X[test], y[test]))
    return np.asarray(scores, dtype=np.float64)
    # END REGION cross_validate


@dataclass
class SearchResult:
    """What a hyperparameter search found (mirrors GridSearchCV's best_* attributes)."""

    best_params: dict[str, Any]
    best_score: float  # mean held-out accuracy of best_params
    best_estimator: BaseEstimator  # clone with best_params, refitted on all of X
    candidates: list[dict[str, Any]] = field(default_factory=list)  # in evaluation order
    mean_scores: np.ndarray = field(default_factory=lambda: np.empty(0))  # (n_candidates,)
    fold_scores: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))  # (n_candidates, n_splits)
    seconds: float = 0.0  # wall time of the whole search


def search(
    pipeline: BaseEstimator,
    params: dict[str, Any],
    X: Any,
    y: Any,
    cv: int | Any = 5,
    n_iter: int | None = None,
    random_state: int = 0,
) -> SearchResult:
    """Grid search (``n_iter=None``) or randomised search (``n_iter`` samples) scored by CV.

    The candidates are exactly GridSearchCV's (``ParameterGrid(params)``) or
    RandomizedSearchCV's (``ParameterSampler(params, n_iter, random_state)``), in the same
    order, so the result matches sklearn's best_params_ / best_score_ on the same folds.
    """
    t0 = time.perf_counter()
    if n_iter is None:
        candidates = list(ParameterGrid(params))
    else:
        candidates = list(ParameterSampler(params, n_iter, random_state=random_state))
    # BEGIN REGION search: Score every candidate by cross-validation on the SAME folds (materialise the splits
    # | once: list(check_cv(cv, y, classifier=True).split(X, y))): clone the pipeline, set_params(**candidate),
    # | take the fold scores. best = the candidate with the highest mean held-out score (the first one on a
    # | tie, like GridSearchCV). Refit a clone with the best params on ALL of X, y, and return
    # | SearchResult(best_params, best_score, best_estimator, candidates, mean_scores, fold_scores,
    # | seconds=time.perf_counter() - t0).
    X, y = np.asarray(X), np.asarray(y)
    splits = list(check_cv(cv, y, classifier=True).split(X, y))  # same folds for every candidate
    fold_scores = np.array(
        [cross_validate(clone(pipeline).set_params(**cand), X, y, cv=splits) for cand in candidates]
    )  # (n_candidates, n_splits)
    mean_scores = fold_scores.mean(axis=1)
    best = int(np.argmax(mean_scores))  # argmax returns the first maximum: GridSearchCV's tie rule
    best_estimator = clone(pipeline).set_params(**candidates[best]).fit(X, y)
    return SearchResult(
        best_params=dict(candidates[best]),
        best_score=float(mean_scores[best]),
        best_estimator=best_estimator,
        candidates=candidates,
        mean_scores=mean_scores,
        fold_scores=fold_scores,
        seconds=time.perf_counter() - t0,
    )
    # END REGION search


def evaluate(pipeline: BaseEstimator, X_train: Any, y_train: Any, X_test: Any, y_test: Any) -> dict[str, Any]:
    """Fit on the training set, predict the test set: accuracy, confusion matrix, wall times."""
    t0 = time.perf_counter()
    pipeline.fit(X_train, y_train)
    t1 = time.perf_counter()
    pred = pipeline.predict(X_test)
    t2 = time.perf_counter()
    return {
        "accuracy": float(accuracy_score(y_test, pred)),
        "confusion": confusion_matrix(y_test, pred),
        "fit_seconds": t1 - t0,
        "predict_seconds": t2 - t1,
        "n_train": len(y_train),
        "n_test": len(y_test),
    }


def _demo() -> None:
    from skimage.feature import hog as sk_hog

    from cvlab import data

    camera = data.skimage_image("camera")  # (512, 512) uint8
    ours = hog(camera, 9, (8, 8), (3, 3))
    ref = sk_hog(camera, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(3, 3), block_norm="L2-Hys")
    print(f"HOG of camera: {ours.shape} features, max |ours - skimage| = {np.abs(ours - ref).max():.2e}")
    lin = hog(camera, 9, (8, 8), (3, 3), binning="linear")
    print(f"linear-binned HOG vs skimage's hard binning: correlation {np.corrcoef(lin, ref)[0, 1]:.3f}")

    coffee = data.skimage_image("coffee")
    f = colour_features(coffee)
    print(f"colour features of coffee: {f.shape}, hue histogram {np.round(f[:18], 2)}")

    X, y = data.digits()  # (1797, 8, 8) floats 0..16, ordered by writer: shuffle before slicing
    perm = np.random.default_rng(0).permutation(len(y))
    tr, te = perm[:400], perm[400:800]
    hog_params = {"pixels_per_cell": (2, 2), "cells_per_block": (2, 2)}
    for name, extra in [("svm", {}), ("rf", {"n_estimators": 100}), ("xgb", {"n_estimators": 30})]:
        r = evaluate(build_pipeline(name, hog_params, **extra), X[tr], y[tr], X[te], y[te])
        print(f"digits, 400 train / 400 test, {name:>3}: accuracy {r['accuracy']:.3f} (fit {r['fit_seconds']:.2f} s)")
    scores = cross_validate(build_pipeline("svm", hog_params), X[tr], y[tr], cv=5)
    print(f"5-fold CV of the SVM pipeline on 400 digits: {scores.mean():.3f} +/- {scores.std():.3f}")
    res = search(
        build_pipeline("svm", hog_params), {"clf__C": [1, 10, 100], "clf__gamma": ["scale", 0.001]}, X[tr], y[tr], cv=3
    )
    print(f"grid search: best {res.best_params}, CV accuracy {res.best_score:.3f} in {res.seconds:.1f} s")


if __name__ == "__main__":
    _demo()
