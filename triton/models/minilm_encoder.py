"""all-MiniLM-L6-v2 sentence encoder: token ids in, mean-pooled vectors out.

Tokenisation happens on the client (Caravan's ClientTokenizer, the same tokenizer and long-text
split as LangChain4j's in-process encoder), so this model only runs the ONNX graph with onnxruntime
and pools. Pooling is the mean of the last hidden state over the attention mask, not normalised:
the client averages the pieces of a long text by length and L2-normalises, as LangChain4j does.
"""
import numpy as np
import onnxruntime as ort

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
DIMENSION = 384


class MiniLmEncoder:
    def __init__(self, onnx_path, threads=0):
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])
        self.input_names = {i.name for i in self.session.get_inputs()}

    def __call__(self, input_ids, attention_mask, token_type_ids):
        feed = {"input_ids": input_ids.astype(np.int64), "attention_mask": attention_mask.astype(np.int64)}
        if "token_type_ids" in self.input_names:
            feed["token_type_ids"] = token_type_ids.astype(np.int64)
        hidden = self.session.run(None, feed)[0]  # [batch, tokens, 384]
        mask = attention_mask.astype(np.float32)[:, :, None]
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return pooled.astype(np.float32)
