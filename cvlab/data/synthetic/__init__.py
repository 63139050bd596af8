"""Generators of synthetic data with exact ground truth.

One module per family; later phases add theirs here (rendered chessboard views, known
homographies and flow fields, detection scenes, ...). Every generator takes a seed (or a
``numpy.random.Generator``) and is deterministic for it.
"""
