package io.ddbsync.testbench.local;

import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The writes of {@code ddbsync local} after the pipeline started, on one thread: the remaining new
 * posts (batches, single puts and transactions) mixed with edits and deletes of posts written
 * before (racing the backfill), then a trickle of random changes — endless, or a fixed number
 * with {@code --once}.
 */
final class SampleLoad {

    private final Thread thread;
    private volatile RuntimeException failure;
    private volatile boolean done;

    private SampleLoad(Runnable body) {
        this.thread = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                done = true;
            }
        }, "ddbsync-local-writer");
        thread.setDaemon(true);
    }

    /**
     * @param newPosts     posts still to create
     * @param existing     posts written before the pipeline started (edited and deleted while the backfill runs)
     * @param trickleOps   changes after the load; −1 = until stopped
     * @param perSecond    trickle rate; 0 = no trickle
     */
    static SampleLoad start(SampleWriter writer, int newPosts, int existing, int trickleOps, double perSecond,
                            BooleanSupplier stopping) {
        SampleLoad load = new SampleLoad(() -> {
            Random random = new Random(42);
            int created = 0;
            int edits = existing / 5;
            int deletes = existing / 20;
            while (!stopping.getAsBoolean() && (created < newPosts || edits > 0 || deletes > 0)) {
                int dice = random.nextInt(10);
                if (created < newPosts && dice < 3) {
                    int n = Math.min(25, newPosts - created);
                    writer.batchInsert(n);
                    created += n;
                } else if (created < newPosts && dice < 5) {
                    writer.insert();
                    created++;
                } else if (created < newPosts && dice < 6) {
                    writer.transaction(random);
                    created++;
                } else if (edits > 0 && dice < 9) {
                    Integer n = writer.pick(random);
                    if (n != null) {
                        writer.edit(n);
                    }
                    edits--;
                } else if (deletes > 0) {
                    Integer n = writer.pick(random);
                    if (n != null) {
                        writer.delete(n);
                    }
                    deletes--;
                } else if (created < newPosts) {
                    writer.insert();
                    created++;
                } else {
                    edits = Math.max(0, edits - 1);
                }
            }
            if (perSecond <= 0) {
                return;
            }
            long pause = (long) (1000 / perSecond);
            for (int i = 0; (trickleOps < 0 || i < trickleOps) && !stopping.getAsBoolean(); i++) {
                writer.randomChange(random);
                sleep(pause);
            }
        });
        load.thread.start();
        return load;
    }

    boolean isDone() {
        return done;
    }

    void rethrowFailure() {
        if (failure != null) {
            throw new LocalPipelineException("writing sample posts failed", failure);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
