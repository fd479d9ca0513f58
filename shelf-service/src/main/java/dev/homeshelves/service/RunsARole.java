package dev.homeshelves.service;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/**
 * True when the context runs the serve or the worker role: beans that only make sense in a
 * running replica (readiness) stay out of one-shot tools, which turn both roles off and may have
 * no Bigtable to read from at all ({@code dead-letters} needs only Pub/Sub).
 */
public final class RunsARole implements Condition {

  @Override
  public boolean matches(ConditionContext context) {
    return context.getProperty(HomeShelvesApp.SERVE_ENABLED, Boolean.class).orElse(true)
        || context.getProperty(HomeShelvesApp.WORKER_ENABLED, Boolean.class).orElse(false);
  }
}
