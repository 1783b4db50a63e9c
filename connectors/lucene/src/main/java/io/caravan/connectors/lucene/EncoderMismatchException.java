package io.caravan.connectors.lucene;

import io.caravan.core.spi.EncoderInfo;

/**
 * Thrown when an index is opened or searched with an encoder other than the one its vectors came
 * from. Mixing models (or dimensions) would silently return meaningless neighbours, so it is
 * refused; the fix is to use the recorded encoder or to reindex into a new directory.
 */
public final class EncoderMismatchException extends IllegalStateException {

  private final transient EncoderInfo recorded;
  private final transient EncoderInfo requested;

  public EncoderMismatchException(String where, EncoderInfo recorded, EncoderInfo requested) {
    super(
        where
            + " holds vectors from encoder "
            + describe(recorded)
            + " but encoder "
            + describe(requested)
            + " was given; use the same encoder or reindex into a new directory");
    this.recorded = recorded;
    this.requested = requested;
  }

  public EncoderInfo recorded() {
    return recorded;
  }

  public EncoderInfo requested() {
    return requested;
  }

  private static String describe(EncoderInfo info) {
    return "'" + info.modelId() + "' (dimension " + info.dimension() + ")";
  }
}
