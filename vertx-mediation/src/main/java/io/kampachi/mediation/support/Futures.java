package io.kampachi.mediation.support;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.function.Function;

/** Small helpers for chains of Vert.x futures. */
public final class Futures {

    private Futures() {
    }

    /**
     * Applies {@code step} to each item in turn, starting the next only when the previous one has
     * completed, and fails at the first failed step.
     */
    public static <T> Future<Void> sequence(Collection<T> items, Function<T, Future<?>> step) {
        Future<?> chain = Future.succeededFuture();
        for (T item : items) {
            chain = chain.compose(ignored -> step.apply(item));
        }
        return chain.mapEmpty();
    }
}
