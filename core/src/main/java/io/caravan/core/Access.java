package io.caravan.core;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whose documents a query may see and whose an ingest or delete touches: one tenant, and the
 * groups its caller belongs to for document-level access lists. It comes from the authenticated
 * caller (an API key), never from a request body, and the index adds it inside its own search so
 * that no step can drop it.
 *
 * <p>{@link #UNRESTRICTED} is the embedded default and the CLI: one implicit tenant ({@value
 * #DEFAULT_TENANT}), no access lists checked. A document written without a tenant belongs to
 * {@value #DEFAULT_TENANT}.
 */
public record Access(String tenant, Set<String> groups, boolean checkAcl) {

  /** The tenant of documents written and queries asked without one. */
  public static final String DEFAULT_TENANT = "default";
  /** Tenant names and groups: short, printable, no separators that could be read as syntax anywhere. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

  /** Groups of one caller or one document's access list: each is a clause of the index's filter, and Lucene stops at 1024. */
  public static final int MAX_GROUPS = 256;

  /** The default tenant without access-list checks: a single-user library or CLI. */
  public static final Access UNRESTRICTED = new Access(DEFAULT_TENANT, Set.of(), false);

  public Access {
    Objects.requireNonNull(tenant, "tenant");
    checkName("tenant", tenant);
    groups = Set.copyOf(groups == null ? Set.of() : groups);
    if (groups.size() > MAX_GROUPS) {
      throw new IllegalArgumentException("at most " + MAX_GROUPS + " groups are allowed, got " + groups.size());
    }
    for (String g : groups) {
      checkName("group", g);
    }
  }

  /** A tenant's caller: its documents only; documents with an access list only when one of {@code groups} is on it. */
  public static Access tenant(String tenant, Set<String> groups) {
    return new Access(tenant, groups, true);
  }

  private static void checkName(String what, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be 1-128 characters of letters, digits and . _ : @ -, starting with a letter or digit; was '"
          + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
    }
  }
}
