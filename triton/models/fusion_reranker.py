"""The learned-fusion reranker's scoring: feature rows in, one logit per row out.

The weights are Caravan's fusion-weights JSON (features, mean, scale, weights, bias), the very file
the in-process LearnedFusionReranker uses; the client computes the features from its Lucene index
(they need the index) and refuses a model whose feature count differs.
score = bias + sum_j weight_j * (x_j - mean_j) / scale_j
"""
import json

import numpy as np


class FusionReranker:
    def __init__(self, weights_path):
        with open(weights_path, encoding="utf-8") as f:
            w = json.load(f)
        self.features = list(w["features"])
        self.mean = np.asarray(w["mean"], dtype=np.float64)
        self.scale = np.asarray(w["scale"], dtype=np.float64)
        self.weights = np.asarray(w["weights"], dtype=np.float64)
        self.bias = float(w["bias"])
        n = len(self.features)
        if not (len(self.mean) == len(self.scale) == len(self.weights) == n):
            raise ValueError(f"{weights_path}: mean, scale and weights must each have {n} values")

    def __call__(self, features):
        x = features.astype(np.float64)
        if x.shape[-1] != len(self.features):
            raise ValueError(f"expected {len(self.features)} features per row, got {x.shape[-1]}")
        s = self.bias + ((x - self.mean) / self.scale) @ self.weights
        return s.astype(np.float32)[:, None]
