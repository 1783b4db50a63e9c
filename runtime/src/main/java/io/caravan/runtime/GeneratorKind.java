package io.caravan.runtime;

/** Which answerer the {@code generate} step uses: the setting {@code caravan.generator}. */
public enum GeneratorKind {
  /** A chat model when {@code CARAVAN_LLM_*} configure one (or the builder was given one), else extractive. */
  AUTO,
  /** Sentences extracted from the passages: no model, instant, never invents (the default's fallback). */
  EXTRACTIVE,
  /** The in-process GGUF model (caravan.llm.*): generated, cited answers and token uncertainty. */
  LLM,
  /** The OpenAI-compatible chat model {@code CARAVAN_LLM_*} configure; an error when they do not. */
  CHAT
}
