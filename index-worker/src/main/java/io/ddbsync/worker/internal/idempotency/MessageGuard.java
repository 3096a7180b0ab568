package io.ddbsync.worker.internal.idempotency;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * Runs the processing of a message at most once per key (the envelope id) while the record lives.
 * A run that throws leaves no record behind, so the message can be retried.
 */
public interface MessageGuard {

    enum Outcome { EXECUTED, DUPLICATE }

    /** Called once per invocation, before any {@link #runOnce}. */
    void startInvocation(Context context);

    /**
     * Runs {@code work} unless a completed record exists for {@code key}.
     *
     * @throws MessageInProgressException when another invocation is processing the same key right now
     * @throws IdempotencyStoreException  when the store cannot be reached
     * @throws RuntimeException           whatever {@code work} throws (the record is then removed)
     */
    Outcome runOnce(String key, Runnable work);

    /** No idempotency store: every message runs (the version guard still makes replays harmless). */
    static MessageGuard none() {
        return new MessageGuard() {
            @Override
            public void startInvocation(Context context) {
            }

            @Override
            public Outcome runOnce(String key, Runnable work) {
                work.run();
                return Outcome.EXECUTED;
            }
        };
    }
}
