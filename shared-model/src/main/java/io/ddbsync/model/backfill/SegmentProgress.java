package io.ddbsync.model.backfill;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * Where one segment of a run stands: the object {@code backfills/<run>/segments/<segment>.json}, written by the
 * backfill Lambda while it scans (at most every few seconds) and when an invocation ends.
 *
 * <pre>{@code {"v":1,"segment":3,"step":4,"itemsSent":2500,"state":"RUNNING","updatedAt":"2026-12-05T01:41:10Z"}}</pre>
 *
 * @param step      the step of the work item that wrote it; an invocation that enqueued its continuation writes the
 *                  continuation's step, so a redelivered older work item is known to be stale
 * @param itemsSent items of the segment sent to the change queue (an item scanned again after a crash counts once)
 */
public record SegmentProgress(int segment, long step, long itemsSent, State state, Instant updatedAt) {

    public static final int VERSION = 1;

    /** RUNNING: work items remain; DONE: scanned to its end; CANCELLED: its work item was dropped after a cancel. */
    public enum State { RUNNING, DONE, CANCELLED }

    public SegmentProgress {
        if (segment < 0 || step < 0 || itemsSent < 0) {
            throw new BackfillWireException("segment progress: segment, step and itemsSent must be ≥ 0");
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public String toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("v", VERSION);
        n.put("segment", segment);
        n.put("step", step);
        n.put("itemsSent", itemsSent);
        n.put("state", state.name());
        n.put("updatedAt", updatedAt.toString());
        return WireFields.write(n);
    }

    public static SegmentProgress fromJson(String json) {
        WireFields f = WireFields.parse("segment progress", json);
        if (f.integer("v") != VERSION) {
            throw new BackfillWireException("segment progress: unknown version " + f.integer("v"));
        }
        State state;
        try {
            state = State.valueOf(f.text("state"));
        } catch (IllegalArgumentException e) {
            throw new BackfillWireException("segment progress: field state must be RUNNING, DONE or CANCELLED", e);
        }
        return new SegmentProgress((int) f.integer("segment"), f.integer("step"), f.integer("itemsSent"), state,
                f.instant("updatedAt"));
    }
}
