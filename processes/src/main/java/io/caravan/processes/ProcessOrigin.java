package io.caravan.processes;

import java.util.Locale;

/** Where a deployed process version came from. */
public enum ProcessOrigin {
  /** Shipped in this module ({@code bundled.txt}), deployed at start. */
  BUNDLED,
  /** A file of the process folder ({@code caravan.process.dir}), deployed at start. */
  FOLDER,
  /** Deployed at run time: {@code POST /v1/processes}, or {@link ProcessRunner#deploy} from Java. */
  API,
  /** Deployed around {@link ProcessRunner} (through {@link ProcessRunner#engine()}), so nothing says where from. */
  UNKNOWN;

  /** The lower-case name the HTTP API and the stored records use. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for a label that names no origin */
  public static ProcessOrigin ofLabel(String label) {
    for (ProcessOrigin o : values()) {
      if (o.label().equals(label)) {
        return o;
      }
    }
    throw new IllegalArgumentException("no process origin '" + label + "'");
  }
}
