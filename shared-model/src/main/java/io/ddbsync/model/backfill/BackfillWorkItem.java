package io.ddbsync.model.backfill;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One message of the backfill queue: a Scan segment of a run, to be scanned from {@code exclusiveStartKey} on.
 * The CLI puts one per segment (start key null); the backfill Lambda puts each continuation (the segment's
 * LastEvaluatedKey, {@code step} + 1, the items sent so far).
 *
 * <pre>{@code
 * {"v":1,"run":"20261205t014002z-3f9a","table":"Posts","segment":3,"totalSegments":8,
 *  "exclusiveStartKey":{"id":{"S":"p42"}},"readUnitsPerSecond":200.0,"pageSize":500,
 *  "scanStart":"2026-12-05T01:40:02Z","step":4,"itemsSent":2000}
 * }</pre>
 *
 * @param run                the run id (the run's state is under {@code backfills/<run>/} in the backfill bucket)
 * @param table              the table scanned
 * @param segment            the Scan segment, 0..totalSegments-1
 * @param totalSegments      Scan's TotalSegments, 1..1,000,000
 * @param exclusiveStartKey  Scan's ExclusiveStartKey in DynamoDB JSON (key attributes only), null for a segment's start
 * @param readUnitsPerSecond the run's read budget over all segments, in read capacity units per second; 0 = unlimited
 * @param pageSize           Scan's Limit, items per page, 1..10,000
 * @param scanStart          when the run started (the CLI's clock): for status and logs, not versions (each page is
 *                           versioned by its own read time)
 * @param step               0 for the segment's first item, +1 per continuation: a work item older than the
 *                           segment's last continuation is stale and dropped
 * @param itemsSent          items of this segment sent before this work item
 */
public record BackfillWorkItem(String run, String table, int segment, int totalSegments, ObjectNode exclusiveStartKey,
                               double readUnitsPerSecond, int pageSize, Instant scanStart, long step, long itemsSent) {

    public static final int VERSION = 1;
    public static final int MAX_TOTAL_SEGMENTS = 1_000_000;
    public static final int MAX_PAGE_SIZE = 10_000;

    public BackfillWorkItem {
        requireText(run, "run");
        requireText(table, "table");
        if (totalSegments < 1 || totalSegments > MAX_TOTAL_SEGMENTS) {
            throw new BackfillWireException("work item: totalSegments must be in 1.." + MAX_TOTAL_SEGMENTS + ", got " + totalSegments);
        }
        if (segment < 0 || segment >= totalSegments) {
            throw new BackfillWireException("work item: segment must be in 0.." + (totalSegments - 1) + ", got " + segment);
        }
        if (!(readUnitsPerSecond >= 0) || Double.isInfinite(readUnitsPerSecond)) {
            throw new BackfillWireException("work item: readUnitsPerSecond must be ≥ 0 (0 = unlimited), got " + readUnitsPerSecond);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new BackfillWireException("work item: pageSize must be in 1.." + MAX_PAGE_SIZE + ", got " + pageSize);
        }
        Objects.requireNonNull(scanStart, "scanStart");
        if (step < 0 || itemsSent < 0) {
            throw new BackfillWireException("work item: step and itemsSent must be ≥ 0");
        }
        exclusiveStartKey = exclusiveStartKey == null ? null : exclusiveStartKey.deepCopy();
    }

    /** The first work item of a segment. */
    public static BackfillWorkItem first(String run, String table, int segment, int totalSegments, double readUnitsPerSecond,
                                         int pageSize, Instant scanStart) {
        return new BackfillWorkItem(run, table, segment, totalSegments, null, readUnitsPerSecond, pageSize, scanStart, 0, 0);
    }

    /** The continuation: the same segment from {@code lastEvaluatedKey}, with {@code itemsSent} items of the segment sent so far. */
    public BackfillWorkItem continueFrom(ObjectNode lastEvaluatedKey, long itemsSentSoFar) {
        Objects.requireNonNull(lastEvaluatedKey, "lastEvaluatedKey");
        return new BackfillWorkItem(run, table, segment, totalSegments, lastEvaluatedKey, readUnitsPerSecond, pageSize,
                scanStart, step + 1, itemsSentSoFar);
    }

    /** The exclusive start key (a copy), or null at the segment's start. */
    @Override
    public ObjectNode exclusiveStartKey() {
        return exclusiveStartKey == null ? null : exclusiveStartKey.deepCopy();
    }

    /** This segment's share of the read budget, RCU per second (0 = unlimited). */
    public double segmentReadUnitsPerSecond() {
        return readUnitsPerSecond / totalSegments;
    }

    /** "run/table/segment/total", for logs and failure reasons. */
    public String describe() {
        return "backfill run " + run + " table " + table + " segment " + segment + "/" + totalSegments + " step " + step;
    }

    public String toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("v", VERSION);
        n.put("run", run);
        n.put("table", table);
        n.put("segment", segment);
        n.put("totalSegments", totalSegments);
        n.set("exclusiveStartKey", exclusiveStartKey == null ? JsonNodeFactory.instance.nullNode() : exclusiveStartKey.deepCopy());
        n.put("readUnitsPerSecond", readUnitsPerSecond);
        n.put("pageSize", pageSize);
        n.put("scanStart", scanStart.toString());
        n.put("step", step);
        n.put("itemsSent", itemsSent);
        return WireFields.write(n);
    }

    /**
     * @throws BackfillWireException naming the field that is missing or invalid (or an unknown version)
     */
    public static BackfillWorkItem fromJson(String json) {
        WireFields f = WireFields.parse("backfill work item", json);
        long v = f.integer("v");
        if (v != VERSION) {
            throw new BackfillWireException("backfill work item: unknown version " + v + " (this reader knows " + VERSION + ")");
        }
        return new BackfillWorkItem(f.text("run"), f.text("table"), (int) f.integer("segment"), (int) f.integer("totalSegments"),
                f.objectOrNull("exclusiveStartKey"), f.number("readUnitsPerSecond"), (int) f.integer("pageSize"),
                f.instant("scanStart"), f.integer("step"), f.integer("itemsSent"));
    }

    private static void requireText(String v, String field) {
        if (v == null || v.isBlank()) {
            throw new BackfillWireException("work item: " + field + " must be set");
        }
    }
}
