"""d19 - FAR, FRR and EER for verification.

A verification system (face unlock, fingerprint, speaker check) accepts a claim when the
similarity score is at least a threshold. The false accept rate and false reject rate trade
off against each other; the equal error rate is where they cross.
"""

from __future__ import annotations

import numpy as np


def far_frr(genuine: np.ndarray, impostor: np.ndarray, thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """FAR and FRR at each threshold (accept if score >= threshold).

    FAR(θ) = #{impostor scores >= θ} / #impostor       (impostors wrongly accepted)
    FRR(θ) = #{genuine scores  <  θ} / #genuine        (genuine users wrongly rejected)
    """
    # BEGIN REGION far_frr: Return (far, frr), two float64 arrays shaped like thresholds: the fraction of impostor scores >= t
    # | and the fraction of genuine scores < t for every threshold t (accept means score >= t).
    # | O((N + T) log N) with sorting + np.searchsorted, no (N, T) matrix needed. ValueError if either
    # | score set is empty.
    g = np.sort(np.asarray(genuine, dtype=np.float64).ravel())
    imp = np.sort(np.asarray(impostor, dtype=np.float64).ravel())
    if g.size == 0 or imp.size == 0:
        raise ValueError("need at least one genuine and one impostor score")
    t = np.asarray(thresholds, dtype=np.float64)
    far = (imp.size - np.searchsorted(imp, t, side="left")) / imp.size  # scores >= t
    frr = np.searchsorted(g, t, side="left") / g.size  # scores < t
    return far, frr
    # END REGION far_frr


def eer(genuine: np.ndarray, impostor: np.ndarray) -> tuple[float, float]:
    """Equal error rate by linear interpolation between operating points -> (eer, threshold).

    Operating points: θ_0 = +inf, then every distinct score (genuine or impostor) in decreasing
    order. D_k = FRR(θ_k) - FAR(θ_k) falls from 1 to -1. With k the first index where D_k <= 0:
        s   = D_{k-1} / (D_{k-1} - D_k)
        EER = FAR_{k-1} + s · (FAR_k - FAR_{k-1})      (= FRR interpolated at the same s)
    and threshold = θ_k, the highest threshold at which FAR >= FRR.
    """
    # BEGIN REGION eer: Return (eer, threshold): the equal error rate linearly interpolated between the two operating points
    # | around the FAR/FRR crossing, and the threshold of the first point with FAR >= FRR.
    # | Operating points: +inf followed by all distinct scores in decreasing order; use your far_frr.
    # | ValueError if either score set is empty.
    g = np.asarray(genuine, dtype=np.float64).ravel()
    imp = np.asarray(impostor, dtype=np.float64).ravel()
    if g.size == 0 or imp.size == 0:
        raise ValueError("need at least one genuine and one impostor score")
    thr = np.r_[np.inf, np.unique(np.r_[g, imp])[::-1]]  # (K,) decreasing
    far, frr = far_frr(g, imp, thr)
    d = frr - far  # non-increasing from 1 (at +inf) to <= 0 (at the lowest score: FRR = 0)
    k = int(np.argmax(d <= 0))  # first crossing; k >= 1 because d[0] = 1
    s = d[k - 1] / (d[k - 1] - d[k])
    return float(far[k - 1] + s * (far[k] - far[k - 1])), float(thr[k])
    # END REGION eer


if __name__ == "__main__":
    genuine = np.array([0.9, 0.8, 0.7, 0.4])
    impostor = np.array([0.6, 0.5, 0.3, 0.2, 0.1])
    print("FAR, FRR at [0.5, 0.75] =", far_frr(genuine, impostor, np.array([0.5, 0.75])))
    print("EER, threshold =", eer(genuine, impostor))
