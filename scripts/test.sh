#!/usr/bin/env bash
# The whole test suite: everything a test needs is set up here, nothing by hand.
# That includes a real Triton Inference Server: scripts/triton-env.sh prepares a Python venv
# (nvidia-pytriton, onnxruntime) and the model weights, and the Triton tests start and stop the
# server themselves. Here a missing Triton environment is a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
CARAVAN_TRITON_HOME="$(./scripts/triton-env.sh | tail -n 1)"
export CARAVAN_TRITON_HOME
export CARAVAN_TRITON_REQUIRED=true
exec mvn -B -ntp verify "$@"
