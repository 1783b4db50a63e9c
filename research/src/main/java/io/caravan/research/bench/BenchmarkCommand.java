package io.caravan.research.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code benchmarks/run}: {@code beir} evaluates retrieval configurations on a BEIR
 * dataset, {@code beir-index} only builds (or finds) the cached index, {@code beir-train-reranker}
 * fits the learned-fusion reranker's weights on a training split, {@code latency} measures
 * ingestion and query cost and the orchestration overhead on the embedded default, {@code triton}
 * compares in-process and Triton-hosted encoding and reranking, {@code generation} measures answer
 * quality and cost of the extractive answerer and in-process GGUF models on HotpotQA.
 */
@Command(
    name = "benchmarks",
    mixinStandardHelpOptions = true,
    subcommands = {BeirCommand.class, BeirIndexCommand.class, TrainRerankerCommand.class, LatencyCommand.class, TritonBenchCommand.class, GenerationCommand.class, ServeBenchCommand.class},
    description = "Caravan retrieval benchmarks.")
public final class BenchmarkCommand implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchmarkCommand()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
