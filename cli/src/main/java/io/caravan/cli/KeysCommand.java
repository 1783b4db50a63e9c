package io.caravan.cli;

import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "API keys for the hosted endpoint.", subcommands = KeysCommand.New.class)
final class KeysCommand {

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = "Make a new API key: prints the key (once; give it to the caller) and its entry for the key file (caravan.http.api-keys-file), which holds only its hash.")
  static final class New implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--principal", required = true, description = "Who the key is for (logs and metrics name it; letters, digits, . _ @ -).")
    String principal;

    @Option(names = "--tenant", defaultValue = "default", description = "The tenant whose documents the key sees and writes (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--scopes", split = ",", defaultValue = "query", description = "query, ingest, admin (comma-separated; default: ${DEFAULT-VALUE}).")
    List<String> scopes;

    @Option(names = "--groups", split = ",", description = "Groups for documents with an access list (comma-separated).")
    List<String> groups;

    @Override
    public Integer call() {
      Set<Scope> parsed = new LinkedHashSet<>();
      for (String s : scopes) {
        parsed.add(Scope.parse(s));
      }
      Principal p = new Principal(principal, tenant, parsed, groups == null ? Set.of() : new LinkedHashSet<>(groups));
      String key = ApiKeys.newKey(new SecureRandom());
      PrintWriter out = spec.commandLine().getOut();
      out.println("key:   " + key);
      out.println("entry: " + ApiKeys.entryLine(key, p));
      out.println("(add the entry to the key file; the key is not stored anywhere and cannot be shown again)");
      out.flush();
      return 0;
    }
  }
}
