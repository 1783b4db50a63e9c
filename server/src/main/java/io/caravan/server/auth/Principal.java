package io.caravan.server.auth;

import io.caravan.core.Access;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as their API key says: a name (for logs and metrics, never the key), the
 * tenant whose documents they see and write, their scopes, and the groups checked against a
 * document's access list. In the open local mode a caller without a key is {@link #LOCAL}.
 */
public record Principal(String name, String tenant, Set<Scope> scopes, Set<String> groups) {

  /**
   * The caller without a key of a server started in open local mode: queries and documents of the
   * default tenant, no access lists. Deploying processes still needs a key with {@code admin}.
   */
  public static final Principal LOCAL = new Principal("local", Access.DEFAULT_TENANT, Set.of(Scope.QUERY, Scope.INGEST), Set.of());

  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tenant, "tenant");
    scopes = Set.copyOf(scopes);
    groups = Set.copyOf(groups == null ? Set.of() : groups);
    access(tenant, groups, true); // validates the tenant and groups
  }

  public boolean may(Scope scope) {
    return scopes.contains(scope);
  }

  /**
   * What this caller's queries see and their ingests touch. The local caller (the very instance
   * {@link #LOCAL}, not an equal key) is {@link Access#UNRESTRICTED}: one user on loopback.
   */
  public Access access() {
    return this == LOCAL ? Access.UNRESTRICTED : Access.tenant(tenant, groups);
  }

  private static Access access(String tenant, Set<String> groups, boolean checkAcl) {
    return new Access(tenant, groups, checkAcl);
  }
}
