"""Grader for lab 2.3: every metric against an independent implementation on random cases.

References: scikit-learn (confusion matrix, P/R/F1, ROC-AUC, PR curve), SciPy (Mann-Whitney U,
bootstrap), torchvision.ops (box_iou, nms), pycocotools through ``cvlab.metrics`` (COCO
matching and mAP), a bin-by-bin loop for ECE (``tests/test_metrics_reference.py`` checks it
against torchmetrics; importing torchmetrics here would double this file's run time), plus
constructed cases with answers worked out by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torchvision
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats
from sklearn import metrics as skm

from cvlab import metrics as ref

# sklearn warns when a random case happens to contain a single label; the labels= argument handles it.
pytestmark = pytest.mark.filterwarnings("ignore:A single label was found:UserWarning")

# --------------------------------------------------------------------------- fail fast
# The engine fails a test at once while its region (or one in needs=) still holds its stub.
# The code of these regions calls other regions (the reference's nms and match call box_iou,
# its coco_map calls match_detections), which a stub check cannot see: one tiny call reaches
# any that is still unwritten, so the test stops here, before hypothesis spends seconds
# shrinking an example that could never pass.
_PROBES = {
    "nms": lambda m: m.nms([[0, 0, 1, 1]], [0.5], 0.5),
    "match": lambda m: m.match_detections([[0, 0, 1, 1]], [0.5], [[0, 0, 1, 1]], 0.5),
    "coco_map": lambda m: m.coco_map(
        [{"boxes": [[0, 0, 1, 1]], "scores": [0.5], "labels": [0]}], [{"boxes": [[0, 0, 1, 1]], "labels": [0]}]
    ),
}


def _probe(region: str, impl) -> BaseException | None:
    try:
        _PROBES[region](impl)
    except Exception as e:  # noqa: BLE001 - any failure is returned, and only "not started" is acted on
        return e
    return None


@pytest.fixture(autouse=True)
def _not_started_fails_fast(request, lab):
    mark = request.node.get_closest_marker("region")
    if mark and mark.args and mark.args[0] in _PROBES:
        error = _probe(mark.args[0], lab)
        if isinstance(error, NotImplementedError):
            raise error  # other errors: the test itself reports them, with its inputs


# --------------------------------------------------------------------------- strategies
labels_case = st.integers(1, 6).flatmap(
    lambda c: st.tuples(
        st.just(c),
        st.lists(st.tuples(st.integers(0, c - 1), st.integers(0, c - 1)), min_size=1, max_size=60),
    )
)


@st.composite
def binary_case(draw, max_size: int = 80):
    """(y (N,) bool, scores (N,)) with both classes present; few score ``levels`` = many ties."""
    levels = draw(st.sampled_from([1, 2, 3, 5, 10, 1000]))
    score = st.integers(0, levels)
    pos = draw(st.lists(score, min_size=1, max_size=max_size // 2))
    neg = draw(st.lists(score, min_size=1, max_size=max_size // 2))
    order = np.array(draw(st.permutations(range(len(pos) + len(neg)))), dtype=np.int64)
    y = np.r_[np.ones(len(pos), bool), np.zeros(len(neg), bool)][order]
    s = np.r_[pos, neg].astype(np.float64)[order] / levels
    return y, s


box_coords = st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(0, 12), st.integers(0, 12)).map(
    lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3])  # integer corners, zero width/height allowed
)
box_arrays = st.lists(box_coords, max_size=8).map(lambda b: np.array(b, dtype=np.float64).reshape(-1, 4))


@st.composite
def detection_scene(draw, max_images: int = 4, max_classes: int = 3, max_gt: int = 5):
    """Per image: GT boxes; for each a missed / found / duplicated detection with jitter up to
    35 % of its size and, 1 time in 10, the wrong class; plus background false positives.
    Scores are distinct, so the ranking is unambiguous."""
    n_classes = draw(st.integers(1, max_classes))
    n_images = draw(st.integers(1, max_images))
    obj = st.tuples(
        st.integers(0, 80), st.integers(0, 80), st.integers(4, 40), st.integers(4, 40), st.integers(0, n_classes - 1)
    )
    preds, gts = [], []
    for _ in range(n_images):
        gt_list = draw(st.lists(obj, max_size=max_gt))
        p_list = []
        for x, y, w, h, c in gt_list:
            for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):
                dx, dy, dw, dh = draw(st.tuples(*[st.integers(-35, 35)] * 4))
                label = draw(st.integers(0, n_classes - 1)) if draw(st.integers(0, 9)) == 0 else c
                x1, y1 = x + dx * w / 100, y + dy * h / 100
                p_list.append((x1, y1, x1 + w * (1 + dw / 100), y1 + h * (1 + dh / 100), label))
        for x, y, w, h, c in draw(st.lists(obj, max_size=3)):  # background false positives
            p_list.append((x, y, x + w, y + h, c))
        gts.append(
            {
                "boxes": np.array([(x, y, x + w, y + h) for x, y, w, h, _ in gt_list], np.float64).reshape(-1, 4),
                "labels": np.array([c for *_, c in gt_list], np.int64),
            }
        )
        preds.append(
            {
                "boxes": np.array([p[:4] for p in p_list], np.float64).reshape(-1, 4),
                "labels": np.array([p[4] for p in p_list], np.int64),
            }
        )
    total = sum(len(p["labels"]) for p in preds)
    ranks = np.array(draw(st.permutations(range(total))), dtype=np.float64)
    start = 0
    for p in preds:
        p["scores"] = (ranks[start : start + len(p["labels"])] + 1) / (total + 1)
        start += len(p["labels"])
    return preds, gts


def random_scene(seed: int, max_images: int = 5, max_classes: int = 4, max_gt: int = 8, crowded: bool = False):
    """A realistic detector output from a seed: per image 0..max_gt objects (in crowded scenes
    packed into a small area so objects overlap each other), each found with probability .8
    with Gaussian jitter of ~10 % of its size, duplicated with probability .25, given the
    wrong class 1 time in 10; plus 0..4 background false positives. Scores are continuous
    (distinct), higher on average for better-placed boxes, as from a real detector."""
    rng = np.random.default_rng(seed)
    n_classes = int(rng.integers(1, max_classes + 1))
    extent = 60.0 if crowded else 300.0
    preds, gts = [], []
    for _ in range(int(rng.integers(1, max_images + 1))):
        m = int(rng.integers(0, max_gt + 1))
        xy = rng.uniform(0, extent, (m, 2))
        wh = rng.uniform(8, 80, (m, 2))
        g_boxes, g_labels = np.c_[xy, xy + wh], rng.integers(0, n_classes, m)
        found = rng.random(m) < 0.8
        dup = found & (rng.random(m) < 0.25)
        src = np.r_[np.flatnonzero(found), np.flatnonzero(dup)]  # GT index behind each hit
        noise = rng.normal(0, 0.1, (len(src), 4))
        hits = g_boxes[src] + noise * np.c_[wh[src], wh[src]]
        hits[:, 2:] = np.maximum(hits[:, 2:], hits[:, :2] + 1)
        h_labels = np.where(rng.random(len(src)) < 0.1, rng.integers(0, n_classes, len(src)), g_labels[src])
        h_scores = np.clip(0.9 - 2 * np.abs(noise).mean(1) + rng.normal(0, 0.15, len(src)), 0.01, 0.99)
        n_fp = int(rng.integers(0, 5))
        fp_xy = rng.uniform(0, extent, (n_fp, 2))
        fp = np.c_[fp_xy, fp_xy + rng.uniform(8, 80, (n_fp, 2))]
        preds.append(
            {
                "boxes": np.r_[hits, fp].reshape(-1, 4),
                "scores": np.r_[h_scores, rng.uniform(0.01, 0.7, n_fp)],
                "labels": np.r_[h_labels, rng.integers(0, n_classes, n_fp)].astype(np.int64),
            }
        )
        gts.append({"boxes": g_boxes.reshape(-1, 4), "labels": g_labels.astype(np.int64)})
    return preds, gts


def _no_iou_on_a_threshold(preds, gts, thresholds) -> bool:
    """True unless some prediction/GT IoU sits (numerically) on a threshold: there the two
    implementations' last-bit rounding would decide, which is not what the test is about."""
    for p, g in zip(preds, gts):
        if len(p["boxes"]) and len(g["boxes"]):
            iou = ref.box_iou(p["boxes"], g["boxes"]).ravel()
            if np.any(np.abs(iou[:, None] - np.asarray(thresholds)[None, :]) < 1e-9):
                return False
    return True


def _describe(preds, gts) -> str:
    return (
        f"{len(gts)} image(s), {sum(len(g['labels']) for g in gts)} GT boxes, "
        f"{sum(len(p['labels']) for p in preds)} predictions, "
        f"classes {sorted({int(c) for g in gts for c in g['labels']})}"
    )


# =========================================================================== confusion_matrix
@pytest.mark.region("confusion_matrix")
@given(labels_case)
def test_confusion_matrix_matches_sklearn(lab, case):
    """confusion_matrix equals sklearn.metrics.confusion_matrix (rows = truth) on random labels."""
    c, pairs = case
    y_true, y_pred = np.array([t for t, _ in pairs]), np.array([p for _, p in pairs])
    got = np.asarray(lab.confusion_matrix(y_true, y_pred, c))
    want = skm.confusion_matrix(y_true, y_pred, labels=np.arange(c))
    assert got.shape == (c, c), f"confusion_matrix(..., num_classes={c}) has shape {got.shape}, expected ({c}, {c})"
    assert np.array_equal(got, want), (
        f"confusion_matrix(y_true={y_true.tolist()}, y_pred={y_pred.tolist()}, {c}) =\n{got}\n"
        f"expected (sklearn)\n{want}\n"
        "rows are the TRUE class, columns the PREDICTED class"
    )


@pytest.mark.region("confusion_matrix")
def test_confusion_matrix_constructed(lab):
    """A hand-made case: 2 cats called dogs land in row 'cat', column 'dog'; empty input is all zeros."""
    cat, dog, fox = 0, 1, 2
    y_true = [cat, cat, cat, dog, fox]
    y_pred = [cat, dog, dog, dog, cat]
    got = np.asarray(lab.confusion_matrix(y_true, y_pred, 3))
    want = np.array([[1, 2, 0], [0, 1, 0], [1, 0, 0]])
    assert np.array_equal(got, want), f"got\n{got}\nexpected\n{want}\n(entry [true, predicted])"
    assert np.issubdtype(got.dtype, np.integer), f"counts should be integers, got dtype {got.dtype}"
    empty = np.asarray(lab.confusion_matrix(np.zeros(0, int), np.zeros(0, int), 4))
    assert empty.shape == (4, 4) and not empty.any(), f"no samples should give a (4, 4) zero matrix, got\n{empty}"


# =========================================================================== prf
@pytest.mark.region("prf", needs=["confusion_matrix"])
@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
@settings(max_examples=30)
@given(case=labels_case)
def test_prf_matches_sklearn(lab, average, case):
    """precision/recall/F1 equal sklearn's precision_recall_fscore_support(zero_division=0)."""
    c, pairs = case
    y_true, y_pred = np.array([t for t, _ in pairs]), np.array([p for _, p in pairs])
    got = lab.precision_recall_f1(y_true, y_pred, c, average)
    want = skm.precision_recall_fscore_support(y_true, y_pred, labels=np.arange(c), average=average, zero_division=0)[
        :3
    ]
    for name, g, w in zip(("precision", "recall", "F1"), got, want):
        g = np.asarray(g, dtype=np.float64)
        assert g.shape == np.shape(w), f"average={average!r}: {name} has shape {g.shape}, expected {np.shape(w)}"
        assert np.allclose(g, w, atol=1e-12), (
            f"average={average!r}, C={c}, y_true={y_true.tolist()}, y_pred={y_pred.tolist()}:\n"
            f"{name} = {g}, expected (sklearn) {np.asarray(w)}"
        )


@pytest.mark.region("prf", needs=["confusion_matrix"])
def test_prf_zero_division_and_micro_is_accuracy(lab):
    """A class never predicted has precision 0 (not NaN); micro P = R = F1 = accuracy; macro counts absent classes."""
    y_true = np.array([0, 0, 1, 1, 1, 2])
    y_pred = np.array([0, 1, 1, 1, 0, 0])  # class 2 is never predicted, class 3 never occurs
    p, r, f = (np.asarray(v) for v in lab.precision_recall_f1(y_true, y_pred, 4, None))
    assert np.all(np.isfinite(p)) and p[2] == 0 and p[3] == 0, f"per-class precision {p}: 0/0 must be 0"
    assert np.allclose(p, [1 / 3, 2 / 3, 0, 0]) and np.allclose(r, [1 / 2, 2 / 3, 0, 0]), (p, r)
    assert np.allclose(f, [0.4, 2 / 3, 0, 0]), f"F1 per class {f}, expected 2TP/(2TP+FP+FN) = [0.4, 0.667, 0, 0]"
    micro = lab.precision_recall_f1(y_true, y_pred, 4, "micro")
    assert np.allclose(micro, 3 / 6), f"micro (P, R, F1) = {micro}; for single-label data all three equal accuracy 0.5"
    macro = lab.precision_recall_f1(y_true, y_pred, 4, "macro")
    assert np.allclose(macro, [0.25, (1 / 2 + 2 / 3) / 4, (0.4 + 2 / 3) / 4]), (
        f"macro = {macro}: the unweighted mean over ALL 4 classes, absent ones contributing 0"
    )


# =========================================================================== auc
@pytest.mark.region("auc")
@given(binary_case())
def test_auc_matches_sklearn_with_ties(lab, case):
    """roc_auc equals sklearn's roc_auc_score on scores with many ties."""
    y, s = case
    got = lab.roc_auc(y, s)
    want = skm.roc_auc_score(y, s)
    assert abs(got - want) < 1e-12, (
        f"roc_auc(y={y.astype(int).tolist()}, scores={s.tolist()}) = {got}, expected (sklearn) {want}. "
        "A positive and a negative with the SAME score count 1/2."
    )


@pytest.mark.region("auc")
@given(binary_case(max_size=40))
def test_auc_is_the_mann_whitney_statistic(lab, case):
    """roc_auc = U / (n+ n-) (scipy.stats.mannwhitneyu) = the trapezoid area under roc_curve's points."""
    y, s = case
    u = stats.mannwhitneyu(s[y], s[~y]).statistic
    want = u / (y.sum() * (~y).sum())
    got = lab.roc_auc(y, s)
    assert abs(got - want) < 1e-12, (
        f"roc_auc = {got}, Mann-Whitney U / (n+ n-) = {want} (y={y.astype(int).tolist()}, s={s.tolist()})"
    )
    fpr, tpr, _ = lab.roc_curve(y, s)  # given code: one (diagonal) step per tie block
    area = np.trapezoid(tpr, fpr)
    assert abs(got - area) < 1e-12, f"roc_auc = {got}, but the trapezoid area under roc_curve is {area}"


@pytest.mark.region("auc")
def test_auc_constructed(lab):
    """All scores tied -> 0.5; perfect ranking -> 1; reversed -> 0; a monotone rescaling changes nothing."""
    y = np.array([1, 0, 1, 0, 0, 1], dtype=bool)
    assert lab.roc_auc(y, np.full(6, 0.3)) == pytest.approx(0.5), "a constant score ranks nothing: AUC must be 0.5"
    s = np.where(y, 0.9, 0.1)
    assert lab.roc_auc(y, s) == pytest.approx(1.0), "every positive above every negative: AUC 1"
    assert lab.roc_auc(y, -s) == pytest.approx(0.0), "every positive below every negative: AUC 0"
    s = np.array([0.8, 0.8, 0.6, 0.3, 0.8, 0.3])  # 3 positives x 3 negatives = 9 pairs
    # positives 0.8, 0.6, 0.3 ; negatives 0.8, 0.8, 0.3
    # 0.8: tie, tie, win -> 2 ; 0.6: loss, loss, win -> 1 ; 0.3: loss, loss, tie -> 0.5  => 3.5 / 9
    assert lab.roc_auc(y, s) == pytest.approx(3.5 / 9), (
        f"roc_auc = {lab.roc_auc(y, s)}, expected 3.5/9 by counting pairs"
    )
    assert lab.roc_auc(y, np.exp(3 * s) - 7) == pytest.approx(3.5 / 9), "AUC depends only on the ranking of the scores"


# =========================================================================== ap
def _ap_by_definition(y: np.ndarray, s: np.ndarray) -> float:
    """Envelope AP, written as slowly and literally as possible (VOC 2010 definition)."""
    thresholds = sorted(set(s.tolist()), reverse=True)
    n_pos = int(y.sum())
    points = []  # (recall, precision) at each distinct threshold
    for t in thresholds:
        tp = int(np.sum(y & (s >= t)))
        fp = int(np.sum(~y & (s >= t)))
        points.append((tp / n_pos, tp / (tp + fp)))
    recall_levels = sorted({r for r, _ in points})
    ap, previous = 0.0, 0.0
    for r in recall_levels:
        best = max(p for rr, p in points if rr >= r)  # interpolated precision at recall r
        ap += (r - previous) * best
        previous = r
    return ap


@pytest.mark.region("ap")
def test_ap_constructed_envelope(lab):
    """Ranking neg, pos, pos: envelope AP = 2/3 while sklearn's step AP = 7/12."""
    y = np.array([0, 1, 1], dtype=bool)
    s = np.array([0.9, 0.8, 0.7])
    # PR points: (R, P) = (0, 0), (1/2, 1/2), (1, 2/3). Envelope at R=1/2 is max(1/2, 2/3) = 2/3.
    got = lab.average_precision(y, s)
    assert got == pytest.approx(2 / 3), (
        f"average_precision(y=[0, 1, 1], scores=[.9, .8, .7]) = {got}, expected 2/3. "
        f"(sklearn's step AP without the envelope gives {skm.average_precision_score(y, s):.4f})"
    )
    assert lab.average_precision(np.array([1, 0, 1, 0], bool), np.array([4.0, 3, 2, 1])) == pytest.approx(
        0.5 * 1 + 0.5 * 2 / 3
    ), "pos, neg, pos, neg: AP = 1/2 * 1 + 1/2 * 2/3"
    assert lab.average_precision(np.array([1, 0, 1, 0], bool), np.full(4, 0.5)) == pytest.approx(0.5), (
        "all scores tied: one PR point (R=1, P=prevalence=0.5), so AP = 0.5"
    )


@pytest.mark.region("ap")
@given(binary_case(max_size=40))
def test_ap_matches_definition(lab, case):
    """average_precision equals the literal VOC envelope definition, and is >= sklearn's step AP."""
    y, s = case
    got = lab.average_precision(y, s)
    want = _ap_by_definition(y, s)
    step = skm.average_precision_score(y, s)
    assert abs(got - want) < 1e-12, (
        f"average_precision(y={y.astype(int).tolist()}, scores={s.tolist()}) = {got}, expected {want} "
        f"(sklearn's AP without the envelope is {step})"
    )
    assert got >= step - 1e-12, f"the envelope can only raise precision: got {got} < sklearn's step AP {step}"


@pytest.mark.region("ap")
@settings(max_examples=20)
@given(binary_case(max_size=30))
def test_ap_is_the_limit_of_coco_style_interpolation(lab, case):
    """COCO-style interpolation on a 100001-point recall grid converges to the all-point AP."""
    y, s = case
    precision, recall, _ = ref.precision_recall_curve(y, s)  # sklearn: increasing thresholds
    precision, recall = precision[:-1][::-1], recall[:-1][::-1]
    envelope = np.maximum.accumulate(precision[::-1])[::-1]
    grid = np.linspace(0, 1, 100001)
    idx = np.searchsorted(recall, grid, side="left")
    dense = np.where(idx < len(recall), envelope[np.minimum(idx, len(recall) - 1)], 0).mean()
    got = lab.average_precision(y, s)
    assert abs(got - dense) < 2e-4, f"average_precision = {got}, dense-grid interpolated AP = {dense}"


# =========================================================================== ece
def _ece_loop(probs: np.ndarray, labels: np.ndarray, n_bins: int) -> float:
    """Top-label ECE with bins (lo, hi], one bin at a time."""
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    total = 0.0
    for b in range(n_bins):
        lo, hi = b / n_bins, (b + 1) / n_bins
        in_bin = (conf > lo) & (conf <= hi) if b > 0 else (conf <= hi)
        if in_bin.any():
            total += in_bin.mean() * abs(correct[in_bin].mean() - conf[in_bin].mean())
    return total


ece_case = st.tuples(
    st.integers(0, 2**31 - 1),
    st.integers(1, 120),
    st.integers(2, 6),
    st.sampled_from([0.2, 1.0, 3.0]),
    st.sampled_from([5, 10, 15]),
)


def _ece_inputs(seed, n, c, temperature):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, c, n)
    logits = rng.normal(size=(n, c)) + 2.0 * np.eye(c)[labels] * (rng.random((n, 1)) < 0.7)
    z = logits / temperature
    probs = np.exp(z - z.max(axis=1, keepdims=True))
    return probs / probs.sum(axis=1, keepdims=True), labels


@pytest.mark.region("ece")
@given(ece_case)
def test_ece_matches_loop_reference(lab, case):
    """expected_calibration_error equals a bin-by-bin loop on random (over/under-confident) softmax outputs."""
    seed, n, c, temperature, n_bins = case
    probs, labels = _ece_inputs(seed, n, c, temperature)
    got = lab.expected_calibration_error(probs, labels, n_bins)
    want = _ece_loop(probs, labels, n_bins)
    assert abs(got - want) < 1e-9, (
        f"ECE of {n} samples, {c} classes, temperature {temperature}, {n_bins} bins = {got}, expected {want}. "
        "Each bin's |accuracy - confidence| is weighted by the fraction of samples in it."
    )


@pytest.mark.region("ece")
def test_ece_constructed(lab):
    """Two bins of different sizes: ECE weights each bin's gap by its share of the samples."""
    # 8 samples at confidence 0.95 with 6 correct (gap 0.2), 2 at 0.55 with 1 correct (gap 0.05).
    probs = np.array([[0.95, 0.05]] * 8 + [[0.55, 0.45]] * 2)
    labels = np.array([0] * 6 + [1] * 2 + [0, 1])
    got = lab.expected_calibration_error(probs, labels, 10)
    want = 0.8 * 0.2 + 0.2 * 0.05  # = 0.17 ; an unweighted mean of the bins would give 0.125
    assert got == pytest.approx(want), f"ECE = {got}, expected 0.8*|0.75-0.95| + 0.2*|0.5-0.55| = {want}"
    perfect = np.array([[1.0, 0.0]] * 5)
    assert lab.expected_calibration_error(perfect, np.zeros(5, int), 15) == pytest.approx(0.0), (
        "confidence 1 and always right: ECE 0 (confidence 1.0 belongs to the last bin)"
    )


# =========================================================================== box_iou
@pytest.mark.region("box_iou")
@given(box_arrays, box_arrays)
def test_box_iou_matches_torchvision(lab, a, b):
    """box_iou equals torchvision.ops.box_iou, and is 0 (not NaN) where torchvision divides 0 by 0."""
    got = np.asarray(lab.box_iou(a, b))
    want = torchvision.ops.box_iou(torch.from_numpy(a), torch.from_numpy(b)).numpy()
    assert got.shape == want.shape, (
        f"box_iou of {len(a)} and {len(b)} boxes has shape {got.shape}, expected {want.shape}"
    )
    assert np.all(np.isfinite(got)), (
        f"box_iou returned NaN/inf for boxes1={a.tolist()}, boxes2={b.tolist()}: two zero-area boxes have union 0, "
        "return 0 there"
    )
    defined = ~np.isnan(want)
    assert np.allclose(got[defined], want[defined], atol=1e-12), (
        f"box_iou(boxes1={a.tolist()}, boxes2={b.tolist()}) =\n{got}\nexpected (torchvision)\n{want}"
    )
    assert np.all(got[~defined] == 0), f"zero-area pairs should have IoU 0, got {got[~defined]}"


@pytest.mark.region("box_iou")
def test_box_iou_constructed(lab):
    """Half-overlapping squares -> 1/3; diagonal disjoint boxes -> 0; a point box -> 0; empty -> (0, M)."""
    a = np.array([[0.0, 0, 2, 2]])
    got = np.asarray(lab.box_iou(a, np.array([[1.0, 0, 3, 2], [3, 3, 5, 5], [1, 1, 1, 1], [0, 0, 2, 2]])))
    assert got.shape == (1, 4)
    assert got[0, 0] == pytest.approx(1 / 3), f"[0,0,2,2] vs [1,0,3,2]: intersection 2, union 6 -> 1/3, got {got[0, 0]}"
    assert got[0, 1] == 0, (
        f"[0,0,2,2] vs [3,3,5,5] are disjoint in x AND y: IoU must be 0, got {got[0, 1]} "
        "(clamp the intersection's width and height at 0 before multiplying)"
    )
    assert got[0, 2] == 0 and got[0, 3] == pytest.approx(1.0), f"point box -> 0, same box -> 1; got {got[0, 2:]}"
    point = np.array([[1.0, 1, 1, 1]])
    assert np.asarray(lab.box_iou(point, point))[0, 0] == 0, "two identical zero-area boxes: union 0 -> IoU 0, not NaN"
    assert np.asarray(lab.box_iou(np.zeros((0, 4)), a)).shape == (0, 1), "no boxes -> a (0, M) matrix"


# =========================================================================== nms
@st.composite
def nms_case(draw):
    """Clustered boxes (so many overlap), distinct scores, a threshold."""
    centers = draw(st.lists(st.tuples(st.integers(10, 60), st.integers(10, 60)), min_size=1, max_size=4))
    boxes = []
    for cx, cy in centers:
        for _ in range(draw(st.integers(1, 6))):
            dx, dy, w, h = draw(
                st.tuples(st.integers(-6, 6), st.integers(-6, 6), st.integers(2, 20), st.integers(2, 20))
            )
            boxes.append((cx + dx - w / 2, cy + dy - h / 2, cx + dx + w / 2, cy + dy + h / 2))
    scores = draw(st.permutations(range(len(boxes))))
    threshold = draw(st.sampled_from([0.1, 0.3, 0.5, 0.7, 0.9]))
    return np.array(boxes, np.float64), (np.array(scores, np.float64) + 1) / (len(boxes) + 1), threshold


@pytest.mark.region("nms")
@given(nms_case())
def test_nms_matches_torchvision(lab, case):
    """nms keeps exactly the boxes torchvision.ops.nms keeps, in the same (decreasing score) order."""
    boxes, scores, thr = case
    got = np.asarray(lab.nms(boxes, scores, thr))
    want = torchvision.ops.nms(torch.from_numpy(boxes), torch.from_numpy(scores), thr).numpy()
    assert np.array_equal(got, want), (
        f"nms({len(boxes)} boxes, iou_threshold={thr}) kept {got.tolist()}, expected (torchvision) {want.tolist()}.\n"
        f"boxes={np.round(boxes, 1).tolist()}\nscores={np.round(scores, 3).tolist()}"
    )


@pytest.mark.region("nms")
def test_nms_chain_and_order(lab):
    """A suppresses B, B overlaps C but A does not: C survives (a suppressed box suppresses nothing)."""
    # A = [0,0,10,10], B = [4,0,14,10], C = [8,0,18,10]: IoU(A,B) = IoU(B,C) = 60/140 = .43, IoU(A,C) = 20/180 = .11
    boxes = np.array([[8.0, 0, 18, 10], [0, 0, 10, 10], [4, 0, 14, 10]])  # input order C, A, B
    scores = np.array([0.7, 0.9, 0.8])
    got = np.asarray(lab.nms(boxes, scores, 0.4))
    assert got.tolist() == [1, 0], (
        f"nms kept {got.tolist()}, expected [1, 0]: A (index 1, score .9) is kept and suppresses B (IoU .43); "
        "B is gone, so C (index 0, score .7, IoU .11 with A) is kept; output ordered by decreasing score"
    )
    empty = np.asarray(lab.nms(np.zeros((0, 4)), np.zeros(0), 0.5))
    assert empty.shape == (0,) and np.issubdtype(empty.dtype, np.integer), f"no boxes -> empty int array, got {empty!r}"


# =========================================================================== match
@pytest.mark.region("match")
def test_match_duplicate_is_a_false_positive(lab):
    """Two detections of one object: the higher-scoring one matches, the other is a FP."""
    gt = np.array([[0.0, 0, 10, 10]])
    pred = np.array([[0.0, 0, 10, 9], [0, 0, 10, 10]])  # IoU 0.9 and 1.0
    got = np.asarray(lab.match_detections(pred, np.array([0.9, 0.6]), gt, 0.5))
    assert got.tolist() == [0, -1], (
        f"match_detections = {got.tolist()}, expected [0, -1]: the score-0.9 detection takes the GT first; "
        "the better-placed but lower-scoring duplicate finds it taken -> false positive"
    )


@pytest.mark.region("match")
def test_match_takes_best_unmatched_gt(lab):
    """COCO rule: a detection takes the best still-FREE ground truth (not the best one overall)."""
    gt = np.array([[0.0, 0, 10, 10], [2, 0, 12, 10]])  # g0, g1
    # p0: IoU 1 with g0, .667 with g1; p1: .905 with g0, .739 with g1
    pred = np.array([[0.0, 0, 10, 10], [0.5, 0, 10.5, 10]])
    got = np.asarray(lab.match_detections(pred, np.array([0.9, 0.8]), gt, 0.5))
    assert got.tolist() == [0, 1], (
        f"got {got.tolist()}, expected [0, 1]: p0 (score .9) takes g0; p1's best GT g0 is taken, so it takes the "
        "best FREE one, g1 (IoU .739 >= .5). (The old VOC devkit would call p1 a false positive; COCO does not.)"
    )
    got = np.asarray(lab.match_detections(pred[::-1], np.array([0.8, 0.9]), gt, 0.5))
    assert got.tolist() == [1, 0], f"same boxes in reversed input order: got {got.tolist()}, expected [1, 0]"
    none = np.asarray(lab.match_detections(pred, np.array([0.8, 0.7]), np.zeros((0, 4)), 0.5))
    assert none.tolist() == [-1, -1], f"no ground truth: every detection is a false positive, got {none.tolist()}"


@pytest.mark.region("match")
@settings(max_examples=50)
@given(
    st.one_of(
        detection_scene(max_images=1, max_classes=1, max_gt=6),
        st.integers(0, 2**32 - 1).map(
            lambda seed: random_scene(seed, max_images=1, max_classes=1, max_gt=10, crowded=True)
        ),
    )
)
def test_match_agrees_with_pycocotools(lab, scene):
    """For one image and class, the matched GT of every detection at every COCO threshold equals pycocotools'."""
    preds, gts = scene
    p, g = preds[0], gts[0]
    assume(len(p["scores"]) > 0 and len(g["labels"]) > 0)
    assume(_no_iou_on_a_threshold(preds, gts, ref.COCO_IOU_THRESHOLDS))
    iou = ref.box_iou(p["boxes"], g["boxes"])
    assume(all(len(set(np.round(row[row > 0], 12))) == (row > 0).sum() for row in iou))  # no tied IoUs in a row
    ev = ref.coco_eval(preds, gts, by_area=False)
    img = next(e for e in ev.evalImgs if e is not None)
    order = np.asarray(img["dtIds"]) - 1  # pycocotools' score order, as input indices
    for t, thr in enumerate(ref.COCO_IOU_THRESHOLDS):
        want = np.full(len(p["scores"]), -1)
        want[order] = np.asarray(img["dtMatches"][t], dtype=np.int64) - 1  # GT ids are 1-based, 0 = unmatched
        got = np.asarray(lab.match_detections(p["boxes"], p["scores"], g["boxes"], thr))
        assert np.array_equal(got, want), (
            f"IoU threshold {thr:.2f}: match_detections = {got.tolist()}, pycocotools matches {want.tolist()}\n"
            f"scores={np.round(p['scores'], 3).tolist()}\nIoU (pred x GT)=\n{np.round(iou, 3)}"
        )


# =========================================================================== coco_map
@pytest.mark.region("coco_map")
def test_coco_map_constructed(lab):
    """Perfect detector -> 1; one FP above the only TP -> 0.5; IoU 0.82 -> 7/10 thresholds; 56/101 by hand."""
    gt = [{"boxes": np.array([[0.0, 0, 10, 10], [20, 20, 40, 30]]), "labels": np.array([0, 1])}]
    perfect = [{"boxes": gt[0]["boxes"].copy(), "scores": np.array([0.9, 0.8]), "labels": np.array([0, 1])}]
    res = lab.coco_map(perfect, gt)
    assert res["map"] == pytest.approx(1.0) and res["map_50"] == pytest.approx(1.0), f"perfect detector: {res['map']}"

    one = [{"boxes": np.array([[0.0, 0, 10, 10]]), "labels": np.array([0])}]
    fp_first = [
        {
            "boxes": np.array([[50.0, 50, 60, 60], [0, 0, 10, 10]]),
            "scores": np.array([0.9, 0.8]),
            "labels": np.array([0, 0]),
        }
    ]
    res = lab.coco_map(fp_first, one)
    assert res["map"] == pytest.approx(0.5), (
        f"a false positive ranked above the only true positive: precision 1/2 at recall 1 -> AP 0.5, got {res['map']}"
    )

    loose = [{"boxes": np.array([[0.0, 0, 10, 8.2]]), "scores": np.array([0.9]), "labels": np.array([0])}]
    res = lab.coco_map(loose, one)  # IoU = 82/100: a TP at .50 ... .80, a FP at .85, .90, .95
    assert (
        res["map"] == pytest.approx(0.7) and res["map_50"] == pytest.approx(1.0) and res["map_75"] == pytest.approx(1.0)
    ), (
        f"IoU 0.82 passes 7 of the 10 thresholds: mAP 0.7, mAP@.5 = mAP@.75 = 1; "
        f"got {res['map']}, {res['map_50']}, {res['map_75']}"
    )

    three = [{"boxes": np.array([[0.0, 0, 10, 10], [20, 0, 30, 10], [40, 0, 50, 10]]), "labels": np.zeros(3, int)}]
    ranked = [
        {
            "boxes": np.array([[0.0, 0, 10, 10], [60, 60, 70, 70], [20, 0, 30, 10]]),
            "scores": np.array([0.9, 0.8, 0.7]),
            "labels": np.zeros(3, int),
        }
    ]
    res = lab.coco_map(ranked, three)
    # TP, FP, TP with 3 GT: recall 1/3, 1/3, 2/3; envelope 1, 2/3, 2/3. Grid r <= .33: 34 points at 1,
    # .34 <= r <= .66: 33 points at 2/3, r >= .67: 34 points never reached -> AP = (34 + 22) / 101.
    assert res["map"] == pytest.approx(56 / 101), (
        f"AP = {res['map']}, expected 56/101 = {56 / 101:.6f} (101-point grid)"
    )


@pytest.mark.region("coco_map")
def test_coco_map_class_bookkeeping(lab):
    """A class with GT but no detections scores 0 and counts; a class only in predictions is ignored."""
    gt = [{"boxes": np.array([[0.0, 0, 10, 10], [20, 20, 30, 30]]), "labels": np.array([0, 1])}]
    pred = [
        {
            "boxes": np.array([[0.0, 0, 10, 10], [50, 50, 60, 60]]),
            "scores": np.array([0.9, 0.8]),
            "labels": np.array([0, 2]),
        }
    ]
    res = lab.coco_map(pred, gt)
    want = ref.coco_map(pred, gt, by_area=False)
    assert res["map"] == pytest.approx(0.5) == want["map"], (
        f"class 0 perfect (AP 1), class 1 missed (AP 0), class 2 has no GT (ignored): mAP 0.5; got {res['map']}"
    )
    assert list(np.asarray(res["classes"])) == [0, 1], f"classes evaluated = {res['classes']}, expected [0, 1]"


realistic_scenes = st.one_of(
    detection_scene(),
    st.integers(0, 2**32 - 1).map(random_scene),
    st.integers(0, 2**32 - 1).map(lambda seed: random_scene(seed, crowded=True)),
)


@pytest.mark.region("coco_map")
@settings(max_examples=50)
@given(realistic_scenes)
def test_coco_map_matches_pycocotools(lab, scene):
    """mAP@[.5:.95], mAP@.5, mAP@.75 and per-class AP equal pycocotools COCOeval on random scenes."""
    preds, gts = scene
    assume(_no_iou_on_a_threshold(preds, gts, ref.COCO_IOU_THRESHOLDS))
    got = lab.coco_map(preds, gts)
    want = ref.coco_map(preds, gts, by_area=False)
    where = _describe(preds, gts)
    for key in ("map", "map_50", "map_75"):
        assert abs(got[key] - want[key]) < 1e-9, (
            f"{key} = {got[key]:.6f}, pycocotools says {want[key]:.6f} on {where}.\n"
            "If you are off by a little: COCO's grid is np.linspace(0, 1, 101) with searchsorted side='left'."
        )
    has_gt = ~np.isnan(want["ap_per_class"])
    assert list(np.asarray(got["classes"])) == list(want["classes"][has_gt]), (
        f"classes evaluated {list(got['classes'])}, expected those with ground truth {list(want['classes'][has_gt])}"
    )
    assert np.allclose(got["ap_per_class"], want["ap_per_class"][has_gt], atol=1e-9), (
        f"per-class AP {np.round(got['ap_per_class'], 4)}, "
        f"pycocotools {np.round(want['ap_per_class'][has_gt], 4)} on {where}"
    )


@pytest.mark.region("coco_map")
@settings(max_examples=20)
@given(realistic_scenes)
def test_coco_map_single_threshold_and_max_dets(lab, scene):
    """mAP@0.5 alone (iou_thresholds=[0.5]) and a 2-detections-per-image cap agree with pycocotools."""
    preds, gts = scene
    assume(_no_iou_on_a_threshold(preds, gts, [0.5]))
    got = lab.coco_map(preds, gts, iou_thresholds=[0.5], max_dets=2)
    want = ref.coco_map(preds, gts, iou_thresholds=[0.5], max_dets=2, by_area=False)
    assert abs(got["map"] - want["map"]) < 1e-9, (
        f"mAP@0.5 with at most 2 detections per image and class = {got['map']:.6f}, pycocotools {want['map']:.6f} "
        f"on {_describe(preds, gts)} (keep each image's 2 best of a class BEFORE pooling)"
    )


# =========================================================================== bootstrap
@pytest.mark.region("bootstrap")
@pytest.mark.parametrize("dist", ["normal", "exponential", "bernoulli"])
def test_bootstrap_matches_scipy(lab, dist):
    """The 95% percentile interval of a mean agrees with scipy.stats.bootstrap(method='percentile')."""
    rng = np.random.default_rng({"normal": 1, "exponential": 2, "bernoulli": 3}[dist])
    x = {
        "normal": rng.normal(5, 2, 150),
        "exponential": rng.exponential(1, 150),
        "bernoulli": (rng.random(150) < 0.8).astype(float),
    }[dist]
    low, high = lab.bootstrap_ci(lambda i: x[i].mean(), len(x), n_boot=8000, confidence=0.95, seed=0)
    want = stats.bootstrap((x,), np.mean, n_resamples=40000, method="percentile", rng=np.random.default_rng(7))
    w_low, w_high = want.confidence_interval
    width = w_high - w_low
    assert abs(low - w_low) < 0.04 * width and abs(high - w_high) < 0.04 * width, (
        f"95% CI of the mean of {len(x)} {dist} samples = [{low:.4f}, {high:.4f}], "
        f"scipy says [{w_low:.4f}, {w_high:.4f}] "
        "(Monte Carlo noise allows ~1% of the width). Resample WITH replacement; quantiles (1-c)/2 and (1+c)/2."
    )


@pytest.mark.region("bootstrap")
def test_bootstrap_resamples_with_replacement(lab):
    """statistic gets n_boot index arrays of length n drawn with replacement; the same seed gives the same interval."""
    calls = []

    def record(idx):
        calls.append(np.array(idx, copy=True))
        return float(np.mean(idx))

    out1 = lab.bootstrap_ci(record, 30, n_boot=200, seed=3)
    assert len(calls) == 200, f"statistic was called {len(calls)} times, expected n_boot = 200"
    assert all(c.shape == (30,) for c in calls), "each resample must have n = 30 indices"
    assert all(c.min() >= 0 and c.max() < 30 for c in calls), "indices must lie in range(n)"
    assert any(len(set(c.tolist())) < 30 for c in calls), "no index was ever repeated: sample WITH replacement"
    out2 = lab.bootstrap_ci(record, 30, n_boot=200, seed=3)
    assert tuple(out1) == tuple(out2), f"same seed, different intervals {out1} vs {out2}: use the rng from the seed"
    assert out1[0] <= 14.5 <= out1[1], f"CI {out1} of the mean index of range(30) should contain 14.5"


@pytest.mark.region("bootstrap")
def test_bootstrap_of_map_over_images(lab):
    """A CI of mAP over images (statistic = mAP of the resampled images) brackets the full-data mAP sensibly."""
    rng = np.random.default_rng(0)
    preds, gts = [], []
    for _ in range(12):
        xy = rng.uniform(0, 100, (3, 2))
        boxes = np.c_[xy, xy + 20]
        hit = rng.random(3) < 0.7
        preds.append(
            {
                "boxes": boxes[hit] + rng.normal(0, 1.5, (hit.sum(), 4)),
                "scores": rng.random(hit.sum()),
                "labels": np.zeros(hit.sum(), int),
            }
        )
        gts.append({"boxes": boxes, "labels": np.zeros(3, int)})

    def stat(idx):
        return ref.coco_map([preds[i] for i in idx], [gts[i] for i in idx], iou_thresholds=[0.5], by_area=False)["map"]

    low, high = lab.bootstrap_ci(stat, len(gts), n_boot=60, seed=0)
    full = stat(np.arange(len(gts)))
    assert 0 <= low < high <= 1 and low <= full + 0.05 and full - 0.05 <= high, (
        f"mAP@0.5 = {full:.3f} on 12 images, bootstrap CI [{low:.3f}, {high:.3f}]"
    )
