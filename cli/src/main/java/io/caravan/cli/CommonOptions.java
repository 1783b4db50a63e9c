package io.caravan.cli;

import io.caravan.runtime.CaravanSettings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command takes: where the settings and the data live. */
public final class CommonOptions {

  @Option(names = {"-c", "--config"}, description = "Settings file (Java properties; see README). Default: ./caravan.properties if present.")
  Path config;

  @Option(names = {"-d", "--data"}, description = "Data folder: index, dead letters. Default: .caravan")
  Path data;

  @Option(names = "--encoder", description = "In-process encoder: fp32 or int8 (about twice as fast, slightly less accurate).")
  String encoder;

  @Option(names = "--generator", description = "Answerer: auto, extractive, llm (the in-process model; scripts/llm-model.sh fetches it) or chat (CARAVAN_LLM_*).")
  String generator;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set caravan.retriever=bm25")
  Map<String, String> overrides;

  public CaravanSettings settings(Map<String, String> env) {
    Optional<Path> file = Optional.ofNullable(config);
    if (file.isEmpty() && java.nio.file.Files.isRegularFile(Path.of("caravan.properties"))) {
      file = Optional.of(Path.of("caravan.properties"));
    }
    CaravanSettings s = CaravanSettings.load(file, env);
    if (data != null) {
      s = s.with("caravan.data", data.toString());
    }
    if (encoder != null) {
      s = s.with("caravan.encoder", encoder);
    }
    if (generator != null) {
      s = s.with("caravan.generator", generator);
    }
    if (overrides != null) {
      for (Map.Entry<String, String> e : overrides.entrySet()) {
        s = s.with(e.getKey(), e.getValue());
      }
    }
    return s;
  }
}
