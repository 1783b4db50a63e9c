"""Triton Python-backend model: the learned-fusion scoring (see ../config.pbtxt and triton/models/fusion_reranker.py)."""
import os
import sys

import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        here = os.path.dirname(__file__)
        sys.path.insert(0, here)
        from fusion_reranker import FusionReranker  # copied beside this file, see triton/README.md

        self.scorer = FusionReranker(os.path.join(here, "fusion-weights-scifact.json"))

    def execute(self, requests):
        out = []
        for request in requests:
            x = pb_utils.get_input_tensor_by_name(request, "features").as_numpy()
            out.append(pb_utils.InferenceResponse([pb_utils.Tensor("score", self.scorer(x))]))
        return out
