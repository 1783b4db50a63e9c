package io.caravan.connectors.triton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.connectors.llama.LlamaEngine;
import io.caravan.connectors.llama.LlamaGenerator;
import io.caravan.connectors.llama.LlamaSettings;
import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.testing.LocalModelFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Time per answer, generator on Triton vs in-process, same model, same questions (the sample
 * corpus's first {@code caravan.bench.questions}, each over the first three passages of its source
 * document), interleaved so both see the same machine load; one warm-up answer each first, on the
 * next question. Also
 * the server's start with the model loaded. Not part of the suite: run it with
 * <pre>
 * mvn -o -q -pl connectors/triton -am test -Dtest=TritonGeneratorBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcaravan.bench.generator=true [-Dcaravan.bench.questions=5] [-Dcaravan.bench.threads=1]
 * </pre>
 */
class TritonGeneratorBenchmark {

  @Test
  void timePerAnswer() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("caravan.bench.generator"), "a benchmark: -Dcaravan.bench.generator=true runs it");
    int questions = Integer.getInteger("caravan.bench.questions", 5);
    int threads = Integer.getInteger("caravan.bench.threads", 1);
    Path gguf = LocalModelFile.pathOrSkip();
    LlamaSettings settings = LlamaSettings.of(gguf).withThreads(threads).withMaxTokens(48);

    List<Query> qs = new ArrayList<>();
    List<List<Candidate>> contexts = new ArrayList<>();
    List<Passage> passages = SampleCorpus.passages();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(TritonServerProcess.repositoryRoot().resolve("examples/sample-corpus/questions.jsonl"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || qs.size() == questions + 1) {
        continue;
      }
      JsonNode n = json.readTree(line);
      List<Candidate> ctx = passages.stream().filter(p -> p.docId().equals(n.get("doc").asText())).limit(3)
          .map(p -> new Candidate(p, 1.0, Map.of())).toList();
      qs.add(Query.of(n.get("question").asText()));
      contexts.add(ctx);
    }

    long t0 = System.nanoTime();
    try (TritonServerProcess server = TritonServerProcess.startWithLlmOrSkip(gguf, "--llm-threads", String.valueOf(threads));
        TritonClient client = new TritonClient(server.grpcTarget());
        LlamaEngine engine = LlamaEngine.load(settings)) {
      double startS = (System.nanoTime() - t0) / 1e9;
      TritonOptions options = TritonOptions.defaults(server.grpcTarget()).withTimeout(Duration.ofSeconds(300));
      TritonGenerator triton = TritonGenerator.like(new GuardedModel(client, TritonGenerator.MODEL, options), settings);
      triton.start();
      LlamaGenerator local = new LlamaGenerator(engine);
      // the warm-up is a question not measured: in-process, llama.cpp reuses the cached prompt prefix
      Query warmUp = qs.remove(questions);
      List<Candidate> warmUpContext = contexts.remove(questions);
      triton.generate(warmUp, warmUpContext);
      local.generate(warmUp, warmUpContext);

      double[] tt = new double[qs.size()];
      double[] tl = new double[qs.size()];
      int same = 0;
      int tokens = 0;
      for (int i = 0; i < qs.size(); i++) {
        long a = System.nanoTime();
        Answer onTriton = triton.generate(qs.get(i), contexts.get(i));
        long b = System.nanoTime();
        Answer inProcess = local.generate(qs.get(i), contexts.get(i));
        long c = System.nanoTime();
        tt[i] = (b - a) / 1e6;
        tl[i] = (c - b) / 1e6;
        tokens += onTriton.signals().tokens();
        same += onTriton.text().equals(inProcess.text()) ? 1 : 0;
        System.out.printf(Locale.ROOT, "q%d triton %.0f ms, in-process %.0f ms, %d/%d tokens, same text: %s%n", i + 1, tt[i], tl[i],
            onTriton.signals().tokens(), inProcess.signals().tokens(), onTriton.text().equals(inProcess.text()));
      }
      double mt = Arrays.stream(tt).average().orElseThrow();
      double ml = Arrays.stream(tl).average().orElseThrow();
      System.out.printf(Locale.ROOT,
          "RESULT server start with the LLM %.1f s; %d questions, %d threads each side: triton mean %.0f ms/answer, in-process %.0f ms/answer,"
              + " ratio %.2f; %d tokens generated on Triton; same text %d/%d%n",
          startS, qs.size(), threads, mt, ml, mt / ml, tokens, same, qs.size());
    }
  }
}
