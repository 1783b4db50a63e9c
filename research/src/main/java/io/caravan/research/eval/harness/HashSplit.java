package io.caravan.research.eval.harness;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * A deterministic split of a dataset's queries by id: an id's SHA-256 puts it in {@code heldout}
 * when its first two bytes, read as a fraction of 65,536, fall below {@code heldOutShare}, and in
 * {@code train} otherwise. Training a policy on one part and evaluating on the other then needs no
 * list of ids, only the ids themselves, and gives the same split on every machine.
 */
public record HashSplit(double heldOutShare) {

  public static final String TRAIN = "train";
  public static final String HELDOUT = "heldout";

  public HashSplit {
    if (!(heldOutShare > 0 && heldOutShare < 1)) {
      throw new IllegalArgumentException("heldOutShare must be between 0 and 1, was " + heldOutShare);
    }
  }

  public boolean isHeldOut(String id) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      int bucket = ((h[0] & 0xff) << 8) | (h[1] & 0xff);
      return bucket < heldOutShare * 65_536;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Whether {@code id} is in the named part ({@value #TRAIN} or {@value #HELDOUT}). */
  public boolean inPart(String id, String part) {
    return switch (part.toLowerCase(Locale.ROOT)) {
      case TRAIN -> !isHeldOut(id);
      case HELDOUT -> isHeldOut(id);
      default -> throw new IllegalArgumentException("split part must be '" + TRAIN + "' or '" + HELDOUT + "', was '" + part + "'");
    };
  }
}
