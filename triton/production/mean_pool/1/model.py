"""Triton Python-backend model: masked mean pooling (see ../config.pbtxt)."""
import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            hidden = pb_utils.get_input_tensor_by_name(request, "last_hidden_state").as_numpy()
            mask = pb_utils.get_input_tensor_by_name(request, "attention_mask").as_numpy().astype(np.float32)[:, :, None]
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            responses.append(pb_utils.InferenceResponse([pb_utils.Tensor("embedding", pooled.astype(np.float32))]))
        return responses
