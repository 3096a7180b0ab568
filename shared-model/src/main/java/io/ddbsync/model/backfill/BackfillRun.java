package io.ddbsync.model.backfill;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A backfill run on Lambda as the CLI started it: the object {@code backfills/<run>/run.json} of the backfill bucket.
 *
 * <pre>{@code
 * {"v":1,"run":"20261205t014002z-3f9a","table":"Posts","totalSegments":8,"readUnitsPerSecond":200.0,
 *  "pageSize":500,"scanStart":"2026-12-05T01:40:02Z","itemCountEstimate":200000}
 * }</pre>
 *
 * @param itemCountEstimate the table's ItemCount when the run started (DynamoDB updates it about every six hours;
 *                          dynalite answers 0), for the ETA; -1 when unknown, 0 gives no ETA
 */
public record BackfillRun(String run, String table, int totalSegments, double readUnitsPerSecond, int pageSize,
                          Instant scanStart, long itemCountEstimate) {

    public static final int VERSION = 1;
    /** Run ids: lower-case letters, digits and hyphens (an S3 key part and a log field). */
    public static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public BackfillRun {
        if (run == null || !RUN_ID.matcher(run).matches()) {
            throw new BackfillWireException("backfill run: run id must match " + RUN_ID + ", got '" + run + "'");
        }
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(scanStart, "scanStart");
        // the same bounds as its work items
        BackfillWorkItem.first(run, table, 0, totalSegments, readUnitsPerSecond, pageSize, scanStart);
    }

    /** The first work item of {@code segment}. */
    public BackfillWorkItem firstWorkItem(int segment) {
        return BackfillWorkItem.first(run, table, segment, totalSegments, readUnitsPerSecond, pageSize, scanStart);
    }

    public String toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("v", VERSION);
        n.put("run", run);
        n.put("table", table);
        n.put("totalSegments", totalSegments);
        n.put("readUnitsPerSecond", readUnitsPerSecond);
        n.put("pageSize", pageSize);
        n.put("scanStart", scanStart.toString());
        n.put("itemCountEstimate", itemCountEstimate);
        return WireFields.write(n);
    }

    public static BackfillRun fromJson(String json) {
        WireFields f = WireFields.parse("backfill run", json);
        if (f.integer("v") != VERSION) {
            throw new BackfillWireException("backfill run: unknown version " + f.integer("v"));
        }
        return new BackfillRun(f.text("run"), f.text("table"), (int) f.integer("totalSegments"), f.number("readUnitsPerSecond"),
                (int) f.integer("pageSize"), f.instant("scanStart"), f.integer("itemCountEstimate", -1));
    }
}
