package io.ddbsync.ops.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One run's hold on a reindex's state ({@link ReindexState}): taken when the run starts (refused while another
 * live run holds it), renewed in the background every {@link Terms#renewEvery()}, released at the end. A run that
 * could not renew before its hold ran out, or whose state was changed by someone else, has <em>lost</em> it —
 * another run may have taken the reindex over — and {@link #check()} stops it before its next step.
 * Every save is conditioned on the state's {@code _seq_no}, so two runs never both write it.
 */
public final class ReindexLease {

    /** How long a hold lasts without renewal, and how often it is renewed. */
    public record Terms(Duration length, Duration renewEvery) {

        public static final Terms DEFAULT = new Terms(Duration.ofSeconds(60), Duration.ofSeconds(15));

        public Terms {
            if (renewEvery.compareTo(length) >= 0) {
                throw new IllegalArgumentException("the lease must be renewed more often than it lasts: " + renewEvery + " vs " + length);
            }
        }
    }

    private final ReindexState states;
    private final Clock clock;
    private final Terms terms;
    private final String runId = UUID.randomUUID().toString();
    private ReindexState.State state;
    private long heldUntil;
    private String lost;
    private ScheduledExecutorService renewer;

    ReindexLease(ReindexState states, Clock clock, Terms terms) {
        this.states = states;
        this.clock = clock;
        this.terms = terms;
    }

    String runId() {
        return runId;
    }

    /** A new reindex's state, created held by this run. */
    synchronized ReindexState.State create(ReindexState.State fresh) {
        long until = clock.millis() + terms.length().toMillis();
        state = states.create(fresh.held(runId, until));
        heldUntil = until;
        return state;
    }

    /**
     * Takes over a recorded state.
     *
     * @throws OpsException while another live run holds it
     */
    synchronized ReindexState.State take(ReindexState.State st) {
        long now = clock.millis();
        if (!st.heldBy().isEmpty() && !st.heldBy().equals(runId) && st.heldUntil() > now) {
            throw new OpsException("another ddbsync reindex of " + st.index() + " is running (phase "
                    + st.phase().name().toLowerCase(Locale.ROOT) + ", holding it until "
                    + Instant.ofEpochMilli(st.heldUntil()) + "); wait for it, or retry after that time if it was killed");
        }
        long until = now + terms.length().toMillis();
        state = states.update(st.held(runId, until));
        heldUntil = until;
        return state;
    }

    synchronized ReindexState.State get() {
        return state;
    }

    /** Saves a change of the held state. @throws OpsException when the hold is lost or the state changed under it */
    synchronized ReindexState.State save(UnaryOperator<ReindexState.State> change) {
        check();
        try {
            state = states.update(change.apply(state));
        } catch (ReindexState.Conflict e) {
            lost = e.getMessage();
            throw e;
        }
        return state;
    }

    /**
     * @throws OpsException when this run no longer holds the reindex: its hold ran out without a renewal, or another
     *                      run changed the state — it must not take another step
     */
    synchronized void check() {
        if (lost == null && clock.millis() >= heldUntil) {
            lost = "its hold ran out at " + Instant.ofEpochMilli(heldUntil) + " without a renewal";
        }
        if (lost != null) {
            throw new OpsException("this run lost its hold on the reindex of " + (state == null ? "?" : state.index()) + " ("
                    + lost + "): another run may have taken it over, so it stops here. `ddbsync reindex --resume` "
                    + "continues from the recorded step");
        }
    }

    /** Renews the hold every {@link Terms#renewEvery()} until {@link #release}. */
    synchronized void startRenewing() {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reindex-lease");
            t.setDaemon(true);
            return t;
        });
        long every = terms.renewEvery().toMillis();
        renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private synchronized void renew() {
        if (lost != null) {
            return;
        }
        long now = clock.millis();
        if (now >= heldUntil) {
            lost = "its hold ran out at " + Instant.ofEpochMilli(heldUntil) + " before it could be renewed";
            return;
        }
        long until = now + terms.length().toMillis();
        try {
            state = states.update(state.held(runId, until));
            heldUntil = until;
        } catch (ReindexState.Conflict e) {
            lost = "the state was changed by another run";
        } catch (RuntimeException e) {
            // a failed renewal: the next one retries while the hold lasts
        }
    }

    /**
     * Stops renewing and gives the hold up (when still held); the state stays. It does so on an interrupted thread too
     * (a run stopped by Ctrl-C, or a backfill that was interrupted), so that {@code --resume} can follow at once
     * instead of waiting for the hold to run out; the interrupt is kept for the caller.
     */
    void release() {
        boolean interrupted = Thread.interrupted();
        try {
            stopRenewing();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            giveUp();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopRenewing() throws InterruptedException {
        ScheduledExecutorService r;
        synchronized (this) {
            r = renewer;
            renewer = null;
        }
        if (r != null) {
            r.shutdownNow();
            r.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Gives the hold up as the stored state shows it, not as this run last saw it: a save that failed without an answer
     * (an interrupt, a dropped connection) may or may not have been applied, so the stored document is read and released
     * only while this run is its holder, conditioned on the read {@code _seq_no}.
     */
    private synchronized void giveUp() {
        if (state == null) {
            return;
        }
        try {
            Optional<ReindexState.State> stored = states.read(state.index());
            if (stored.isPresent() && runId.equals(stored.get().heldBy())) {
                state = states.update(stored.get().held("", 0));
            }
        } catch (OpsException e) {
            // the hold expires by itself after its length
        }
    }

    /** Forgets the state (it was deleted): nothing to release. */
    synchronized void ended() {
        state = null;
    }
}
