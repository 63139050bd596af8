"""Offline settings applied by the engine and the test suite, so a learner's shell needs none.

Every library the curriculum uses either phones home (telemetry, update checks) or tries a
model hub. These variables make each fail fast offline and keep caches and configs inside
the project's state folder instead of ``~``. ``apply()`` only fills variables the user has
not set, so an online learner can still opt in (e.g. ``HF_HUB_OFFLINE=0``).
"""

from __future__ import annotations

import os
from pathlib import Path

from . import paths

#: Settings that stop network attempts and telemetry (measured in STACK.md).
OFFLINE: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "YOLO_OFFLINE": "1",
    "YOLO_AUTOINSTALL": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "NO_ALBUMENTATIONS_UPDATE": "1",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false",
    "WANDB_MODE": "offline",
    "WANDB_SILENT": "true",
    "RAY_USAGE_STATS_ENABLED": "0",
    "DO_NOT_TRACK": "1",
    "MPLBACKEND": "Agg",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
    # One BLAS/OpenMP thread per process: graders work on small arrays, and on a 2-core
    # machine running two graders at once, oversubscribed BLAS threads were 3-10x slower.
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

#: Library caches/configs redirected into ``<state>/cache/<sub>``.
CACHES: dict[str, str] = {
    "HF_HOME": "huggingface",
    "TORCH_HOME": "torch",
    "KERAS_HOME": "keras",
    "YOLO_CONFIG_DIR": "ultralytics",
    "MPLCONFIGDIR": "matplotlib",
    "WANDB_DIR": "wandb",
    "WANDB_CACHE_DIR": "wandb-cache",
    "WANDB_CONFIG_DIR": "wandb-config",
    "IPYTHONDIR": "ipython",
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "SCIKIT_LEARN_DATA": "sklearn",
    "XGBOOST_CACHE_DIR": "xgboost",
    "NUMBA_CACHE_DIR": "numba",
    "POOCH_CACHE": "pooch",
    "HYPOTHESIS_STORAGE_DIRECTORY": "hypothesis",
}


def settings() -> dict[str, str]:
    """The full set of variables the engine wants, with cache paths resolved."""
    cache = paths.cache_dir()
    out = dict(OFFLINE)
    out.update({k: str(cache / sub) for k, sub in CACHES.items()})
    return out


def apply(environ: dict[str, str] | os._Environ[str] | None = None) -> dict[str, str]:
    """Fill unset variables in ``environ`` (default ``os.environ``); return what was set."""
    env = os.environ if environ is None else environ
    applied: dict[str, str] = {}
    for key, value in settings().items():
        if key not in env:
            env[key] = value
            applied[key] = value
            if key in CACHES:
                Path(value).mkdir(parents=True, exist_ok=True)
    return applied


def child_env(**extra: str) -> dict[str, str]:
    """An environment for a subprocess: the current one plus the offline settings."""
    env = dict(os.environ)
    apply(env)
    env.update(extra)
    return env
