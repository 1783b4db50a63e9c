package io.caravan.research;

import io.caravan.cli.CommandExtension;
import java.util.List;

/** Adds {@code caravan eval} and {@code caravan policy} to the command line. */
public final class ResearchCommands implements CommandExtension {

  @Override
  public List<Object> commands() {
    return List.of(new EvalCommand(), new PolicyCommand());
  }
}
