package io.caravan.research;

import picocli.CommandLine.Command;

/** {@code caravan policy}: train and calibrate the policies on labelled data. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Train and calibrate policies: train-depth (query-complexity classifier), calibrate-depth (uncertainty thresholds), mixed-workload (cost-quality report).",
    subcommands = {TrainDepthCommand.class, CalibrateDepthCommand.class, CalibrateTokensCommand.class, MixedWorkloadCommand.class})
public final class PolicyCommand implements Runnable {
  @Override
  public void run() {
    throw new IllegalArgumentException("name a subcommand: train-depth, calibrate-depth, calibrate-tokens or mixed-workload (see --help)");
  }
}
