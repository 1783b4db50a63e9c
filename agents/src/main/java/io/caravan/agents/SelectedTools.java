package io.caravan.agents;

import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.policies.tools.ToolRetrievalPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The tools the {@code tool-retrieval} decision handed over: the first k of the ranked candidates still registered. */
final class SelectedTools {

  private SelectedTools() {}

  static List<ToolDescriptor> of(RagState state, ToolRegistry registry) {
    int k =
        state.get(ToolRetrievalPolicy.DECISION)
            .orElseThrow(() -> new IllegalStateException("no " + ToolRetrievalPolicy.NAME + " decision in the state: run that policy before this step"))
            .payload();
    List<ToolDescriptor> out = new ArrayList<>();
    for (Candidate c : state.candidates()) {
      if (out.size() >= k) {
        break;
      }
      Optional<ToolDescriptor> t = registry.get(c.docId());
      t.ifPresent(out::add); // a tool removed since retrieval is simply not offered
    }
    return out;
  }
}
