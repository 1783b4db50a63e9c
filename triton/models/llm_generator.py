"""The in-process generator's GGUF model, served: a ChatML prompt in, a greedy completion out.

llama.cpp runs through llama-cpp-cffi's CPU extension module (`llama/_llama_cpp_cpu*.so`, llama.cpp's
C API as `lib.llama_*`), loaded directly: the package's `__init__` imports transformers and
huggingface-hub, which serving does not need.

Per request: the prompt (already ChatML, written by the Java client exactly as the in-process engine
writes it), the most tokens to generate and how many of the most likely next tokens to report per
step. Decoding is greedy (argmax), as in-process; each step's probabilities come from a full softmax
over the vocabulary (llama.cpp's greedy-with-probabilities), and the client derives entropy and the
chosen token's probability from the top ones with the same code as the in-process generator, so the
signals mean the same thing on both backends. Generation stops at an end-of-generation token.

A prompt that does not fit the context with max_tokens to generate is not an error: the answer has
no steps and says how many tokens the prompt is, so the client can drop passages and ask again.
"""
import ctypes
import importlib.util
import pathlib
import sys
import threading

import numpy as np

# GCC 14 symbols the wheel's extension references without version tags; older libstdc++ (Debian 12's
# GCC 12) lacks them, so scripts/triton-env.sh compiles this stand-in next to the venv's libraries.
SHIM = "libcaravan-cxxabi-shim.so"


def _shim_path():
    return pathlib.Path(sys.prefix) / "lib" / SHIM


def load_llama_cpp():
    """llama.cpp's CFFI module (lib, ffi) from the installed llama-cpp-cffi, without the package's __init__."""
    spec = importlib.util.find_spec("llama")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("llama-cpp-cffi is not installed in " + sys.prefix + ": run scripts/triton-env.sh")
    found = sorted(pathlib.Path(spec.submodule_search_locations[0]).glob("_llama_cpp_cpu.*.so"))
    if not found:
        raise RuntimeError("llama-cpp-cffi in " + sys.prefix + " has no CPU extension (_llama_cpp_cpu.*.so)")

    def load():
        s = importlib.util.spec_from_file_location("_llama_cpp_cpu", found[0])
        m = importlib.util.module_from_spec(s)
        s.loader.exec_module(m)
        return m

    try:
        m = load()
    except ImportError as e:
        if "undefined symbol" not in str(e):
            raise
        shim = _shim_path()
        if not shim.is_file():
            raise RuntimeError(f"{found[0].name} needs a newer libstdc++ ({e}) and {shim} is missing: run scripts/triton-env.sh") from e
        # global, so the extension's undefined symbols resolve to the shim's
        ctypes.CDLL(str(shim), mode=ctypes.RTLD_GLOBAL)
        m = load()
    return m.lib, m.ffi


class LlmGenerator:
    END = "<|im_end|>"

    def __init__(self, model_path, context_size=4096, threads=2):
        path = pathlib.Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"no GGUF model at {path}")
        self.lib, self.ffi = load_llama_cpp()
        lib, ffi = self.lib, self.ffi
        self._log = ffi.callback("void(enum ggml_log_level, char *, void *)", self._on_log)
        lib.llama_log_set(self._log, ffi.NULL)
        lib.llama_backend_init()
        mp = lib.llama_model_default_params()
        self.model = lib.llama_model_load_from_file(str(path).encode(), mp)
        if self.model == ffi.NULL:
            raise RuntimeError(f"llama.cpp could not load {path}" + (": " + self._last_error if self._last_error else ""))
        self.vocab = lib.llama_model_get_vocab(self.model)
        cp = lib.llama_context_default_params()
        cp.n_ctx = context_size
        cp.n_batch = context_size  # a whole prompt in one decode call
        cp.n_threads = threads
        cp.n_threads_batch = threads
        self.ctx = lib.llama_init_from_model(self.model, cp)
        if self.ctx == ffi.NULL:
            raise RuntimeError(f"llama.cpp could not make a context of {context_size} tokens for {path}")
        self.context_size = lib.llama_n_ctx(self.ctx)
        self.n_vocab = lib.llama_vocab_n_tokens(self.vocab)
        self.path = path
        self.lock = threading.Lock()
        end = self.tokenize(self.END)
        self.end_token = end[0] if len(end) == 1 else None

    _last_error = ""

    def _on_log(self, level, text, _):
        # GGML_LOG_LEVEL_ERROR = 4: keep the last error for the load message, drop the chatter
        if level == 4:
            self._last_error = self.ffi.string(text).decode("utf-8", "replace").strip()

    def tokenize(self, text):
        data = text.encode("utf-8")
        n = len(data) + 16
        while True:
            buf = self.ffi.new("int32_t[]", n)
            # add_special: what llama.cpp's server does for a prompt (no BOS for Qwen2.5 either way);
            # parse_special: <|im_start|> and <|im_end|> are the control tokens, as in-process
            got = self.lib.llama_tokenize(self.vocab, data, len(data), buf, n, True, True)
            if got >= 0:
                return list(buf[0:got])
            n = -got

    def _piece(self, token):
        buf = self.ffi.new("char[]", 256)
        n = self.lib.llama_token_to_piece(self.vocab, token, buf, 256, 0, False)
        if n < 0:
            buf = self.ffi.new("char[]", -n)
            n = self.lib.llama_token_to_piece(self.vocab, token, buf, -n, 0, False)
        return self.ffi.buffer(buf, n)[:]

    def _decode(self, tokens):
        arr = self.ffi.new("int32_t[]", tokens)
        rc = self.lib.llama_decode(self.ctx, self.lib.llama_batch_get_one(arr, len(tokens)))
        if rc != 0:
            raise RuntimeError(f"llama_decode failed with {rc} on {len(tokens)} tokens")

    def _probabilities(self):
        ptr = self.lib.llama_get_logits_ith(self.ctx, -1)
        logits = np.frombuffer(self.ffi.buffer(ptr, self.n_vocab * 4), dtype=np.float32).astype(np.float64)
        e = np.exp(logits - logits.max())
        return e / e.sum()

    def generate(self, prompt, max_tokens, top):
        """(pieces, top probabilities [steps, top], prompt tokens); no steps when the prompt does not fit."""
        if max_tokens < 1:
            raise ValueError(f"max_tokens must be positive, was {max_tokens}")
        if not 1 <= top <= 100:
            raise ValueError(f"top_probabilities must be between 1 and 100, was {top}")
        with self.lock:
            tokens = self.tokenize(prompt)
            if not tokens or len(tokens) + max_tokens > self.context_size:
                return [], np.zeros((0, top), dtype=np.float32), len(tokens)
            self.lib.llama_kv_cache_clear(self.ctx)
            self._decode(tokens)
            pieces, probs, pending = [], [], b""
            for _ in range(max_tokens):
                p = self._probabilities()
                token = int(np.argmax(p))
                if self.lib.llama_vocab_is_eog(self.vocab, token) or token == self.end_token:
                    break
                best = np.argpartition(-p, top - 1)[:top] if top < len(p) else np.arange(len(p))
                probs.append(np.sort(p[best])[::-1])
                # a multi-byte character can span tokens: its piece comes with the token that completes it
                pending += self._piece(token)
                try:
                    pieces.append(pending.decode("utf-8"))
                    pending = b""
                except UnicodeDecodeError:
                    pieces.append("")
                self._decode([token])
            if pending:
                pieces[-1] += pending.decode("utf-8", "replace")
            return pieces, np.asarray(probs, dtype=np.float32).reshape(len(probs), top), len(tokens)

    def close(self):
        if self.ctx is not None:
            self.lib.llama_free(self.ctx)
            self.lib.llama_model_free(self.model)
            self.ctx = None
