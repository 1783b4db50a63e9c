package io.caravan.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder replaced below. */
@Command(name = "calibrate-depth", mixinStandardHelpOptions = true, description = "Calibrate the adaptive-depth uncertainty thresholds.")
final class CalibrateDepthCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("calibrate-depth is not implemented yet");
  }
}
