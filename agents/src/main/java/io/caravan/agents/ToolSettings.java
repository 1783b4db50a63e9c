package io.caravan.agents;

import io.caravan.connectors.lucene.RetrieverKind;
import io.caravan.policies.tools.ToolRewritePolicy;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How tools are found and handed over: the catalogue folder, the retriever over the tool index, how
 * deep it ranks, when the query is rewritten toward tool language, and the bounds of the adaptive k
 * ({@code minK}, {@code budget}, the relative drop {@code minGap} that counts as a clear cut).
 */
public record ToolSettings(
    Optional<Path> catalogueDir, String retriever, int depth, ToolRewritePolicy.Mode rewrite, double minUnknownShare, int minK, int budget, double minGap) {

  public ToolSettings {
    Objects.requireNonNull(catalogueDir, "catalogueDir");
    RetrieverKind.parse(retriever); // fails with the known names
    if (depth < 1) {
      throw new IllegalArgumentException("tool retrieval depth must be positive, was " + depth);
    }
    Objects.requireNonNull(rewrite, "rewrite");
  }
}
