package io.ddbsync.model.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One work item of an export-mode backfill, a message body on the backfill queue: one data file of a DynamoDB
 * table export (ExportTableToPointInTime, format DYNAMODB_JSON) whose items go through the change queue with the
 * export time as the version rule's read time. The CLI writes them ({@code ddbsync backfill --export-prefix}), the
 * backfill Lambda reads them.
 *
 * <p>JSON: {@code {"type":"export-data-file","table":"T","keyNames":["pk","sk"],"bucket":"b",
 * "dataFileKey":"<prefix>/AWSDynamoDB/<id>/data/<name>.json.gz","exportTime":"2026-12-05T01:02:03.456Z","itemCount":12}}.
 *
 * @param table       the exported table
 * @param keyNames    its key attributes (partition key, then sort key if any): a record's keys are taken from the item
 * @param bucket      the export's bucket
 * @param dataFileKey the data file's full key, as the files manifest names it
 * @param exportTime  the export's {@code exportTime}: every write before it is in the data
 * @param itemCount   items in the file, from the manifest (0 for an empty file)
 */
public record ExportWorkItem(String table, List<String> keyNames, String bucket, String dataFileKey, Instant exportTime,
                             long itemCount) {

    /** The {@code type} of this work item's JSON. */
    public static final String TYPE = "export-data-file";
    private static final ObjectMapper M = new ObjectMapper();

    public ExportWorkItem {
        require(table, "table");
        Objects.requireNonNull(keyNames, "keyNames");
        keyNames = List.copyOf(keyNames);
        if (keyNames.isEmpty() || keyNames.size() > 2) {
            throw new IllegalArgumentException("keyNames must name 1 or 2 key attributes, got " + keyNames);
        }
        require(bucket, "bucket");
        require(dataFileKey, "dataFileKey");
        Objects.requireNonNull(exportTime, "exportTime");
        if (itemCount < 0) {
            throw new IllegalArgumentException("itemCount must not be negative, got " + itemCount);
        }
    }

    /** True when {@code body} is a JSON object of this work item's {@code type}. */
    public static boolean is(String body) {
        try {
            JsonNode root = M.readTree(body);
            return root != null && TYPE.equals(root.path("type").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    public String toJson() {
        ObjectNode root = M.createObjectNode().put("type", TYPE).put("table", table);
        ArrayNode keys = root.putArray("keyNames");
        keyNames.forEach(keys::add);
        root.put("bucket", bucket).put("dataFileKey", dataFileKey).put("exportTime", exportTime.toString())
                .put("itemCount", itemCount);
        return root.toString();
    }

    /**
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static ExportWorkItem parse(String body) {
        JsonNode root;
        try {
            root = M.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !TYPE.equals(root.path("type").asText(null))) {
            throw new IllegalArgumentException("not an export work item (type must be " + TYPE + ")");
        }
        List<String> keys = new ArrayList<>();
        root.path("keyNames").forEach(k -> keys.add(k.asText()));
        Instant exportTime;
        try {
            exportTime = Instant.parse(root.path("exportTime").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("exportTime is not an ISO-8601 instant: " + root.path("exportTime"), e);
        }
        return new ExportWorkItem(root.path("table").asText(null), keys, root.path("bucket").asText(null),
                root.path("dataFileKey").asText(null), exportTime, root.path("itemCount").asLong(0));
    }

    private static void require(String v, String field) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
    }
}
