package io.caravan.policies.rewrite;

import java.util.List;

/**
 * Splits a question into sub-questions that can be retrieved for one by one; a question that needs
 * no splitting comes back as a list of one (itself). {@link RuleSplitter} is the embedded one.
 */
public interface QuerySplitter {

  String name();

  List<String> split(String question);
}
