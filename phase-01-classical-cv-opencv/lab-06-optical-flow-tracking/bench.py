"""`cvlab bench 1.6`: the from-scratch trackers against OpenCV on the same 512x512 input.

Ratio = ours / reference, so 20 means our NumPy version takes 20x as long. Inputs: a
512x512 pair of the `gravel` texture moved by a known (3.4, -2.2) px (LK), 500 Shi-Tomasi
corners, the back-projection of a 512x512 sprite frame (mean-shift), a 512x512 frame for
the running average, and one predict + update of the 4-state constant-velocity Kalman filter.
"""

from __future__ import annotations

import cv2
import numpy as np

from cvlab import data
from cvlab.bench import Case
from cvlab.data.synthetic import motion


def cases(impl) -> list[Case]:
    tex = data.skimage_image("gravel")  # (512, 512) uint8
    pair = motion.translation_pair(tex, (3.4, -2.2), size=(512, 512))
    pts = cv2.goodFeaturesToTrack(pair.frame0, 500, 0.01, 7).reshape(-1, 2).astype(np.float64)
    p32 = pts.astype(np.float32).reshape(-1, 1, 2)
    crit = (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, 30, 0.01)

    vid = motion.sprite_video(tex, 2, size=(512, 512), n_sprites=3, radius=(30, 40), seed=0)
    hist = np.zeros(32, np.float32)
    hist[29:] = 255.0
    prob = cv2.calcBackProject([vid.frames[1]], [0], hist, [0, 256], 1).astype(np.float32)
    c = vid.centers[0, 0]
    window = (int(c[0]) - 45, int(c[1]) - 45, 90, 90)
    ms_crit = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 10, 1.0)

    frame = vid.frames[1]
    ours_bg = impl.RunningAverageBackground(alpha=0.05, threshold=25)
    ours_bg.apply(vid.frames[0])
    acc = vid.frames[0].astype(np.float64)

    def cv2_background():
        mask = cv2.absdiff(frame.astype(np.float64), acc) > 25
        cv2.accumulateWeighted(frame, acc, 0.05)
        return mask

    F, H, Q, R = impl.constant_velocity_model(1.0, 0.05, 2.0)
    kf = impl.KalmanFilter(F, H, Q, R, x0=np.zeros(4), P0=np.eye(4) * 10)
    ref = cv2.KalmanFilter(4, 2, 0, cv2.CV_64F)
    ref.transitionMatrix, ref.measurementMatrix, ref.processNoiseCov, ref.measurementNoiseCov = F, H, Q, R
    ref.errorCovPost = np.eye(4) * 10
    z = np.array([1.0, 2.0])
    z_col = z.reshape(2, 1)

    def ours_kalman():
        kf.predict()
        return kf.update(z)

    def cv2_kalman():
        ref.predict()
        return ref.correct(z_col)

    return [
        Case(
            "Lucas-Kanade, 1 level, 500 points, 21x21",
            lambda: impl.lucas_kanade(pair.frame0, pair.frame1, pts),
            lambda: cv2.calcOpticalFlowPyrLK(
                pair.frame0, pair.frame1, p32, None, winSize=(21, 21), maxLevel=0, criteria=crit
            ),
            "cv2.calcOpticalFlowPyrLK maxLevel=0",
        ),
        Case(
            "pyramidal LK, 3 levels, 500 points",
            lambda: impl.pyramidal_lk(pair.frame0, pair.frame1, pts, levels=3),
            lambda: cv2.calcOpticalFlowPyrLK(
                pair.frame0, pair.frame1, p32, None, winSize=(21, 21), maxLevel=3, criteria=crit
            ),
            "cv2.calcOpticalFlowPyrLK maxLevel=3",
        ),
        Case(
            "running average + mask 512x512",
            lambda: ours_bg.apply(frame),
            cv2_background,
            "cv2.accumulateWeighted + absdiff",
        ),
        Case("Kalman predict + update (4 states)", ours_kalman, cv2_kalman, "cv2.KalmanFilter predict + correct"),
        Case(
            "mean-shift on a 512x512 back-projection",
            lambda: impl.mean_shift(prob, window, 10, 1.0),
            lambda: cv2.meanShift(prob, window, ms_crit),
            "cv2.meanShift",
        ),
    ]
