package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The stream of one table (one shard): its identity, view type, key schema and records. Records are appended in
 * counter order; trimming drops the oldest. Thread-safe: writers append under the emulator's write lock, readers
 * read concurrently.
 */
final class TableStream {
    private final String arn;
    private final String label;
    private final String table;
    private final String shardId;
    private final String viewType;
    private final ArrayNode keySchema;
    private final List<String> keyNames;
    private final Instant created;
    private final long startN;
    private final List<StoredRecord> records = new ArrayList<>();
    private long trimmedBelow;
    private long endN = -1;

    TableStream(String arn, String label, String table, String shardId, String viewType, ArrayNode keySchema,
            Instant created, long startN) {
        this.arn = arn;
        this.label = label;
        this.table = table;
        this.shardId = shardId;
        this.viewType = viewType;
        this.keySchema = keySchema.deepCopy();
        this.keyNames = new ArrayList<>();
        keySchema.forEach(element -> keyNames.add(element.path("AttributeName").asText()));
        this.created = created;
        this.startN = startN;
        this.trimmedBelow = startN;
    }

    /** A page of records from a position on, and the position after it. */
    record Page(List<StoredRecord> records, long next, boolean closed) {
    }

    String arn() {
        return arn;
    }

    String label() {
        return label;
    }

    String table() {
        return table;
    }

    String shardId() {
        return shardId;
    }

    String viewType() {
        return viewType;
    }

    ArrayNode keySchema() {
        return keySchema.deepCopy();
    }

    Instant created() {
        return created;
    }

    long startN() {
        return startN;
    }

    /** The key attributes of {@code item}; a missing key attribute is a {@code ValidationException}. */
    ObjectNode keyOf(JsonNode item) {
        ObjectNode key = ApiBodies.object();
        for (String name : keyNames) {
            JsonNode value = item.get(name);
            if (value == null) {
                throw ApiErrorException.validation(
                        "One or more parameter values were invalid: Missing the key " + name + " in the item");
            }
            key.set(name, value.deepCopy());
        }
        return key;
    }

    synchronized void append(StoredRecord record) {
        if (endN >= 0) {
            throw new IllegalStateException("stream " + arn + " is disabled");
        }
        records.add(record);
    }

    synchronized boolean enabled() {
        return endN < 0;
    }

    /** Closes the shard: no record after {@code lastN} will ever be added. */
    synchronized void disable(long lastN) {
        if (endN < 0) {
            endN = lastN;
        }
    }

    /** The counter of the last record the closed shard may hold; empty while the stream is enabled. */
    synchronized OptionalLong endN() {
        return endN < 0 ? OptionalLong.empty() : OptionalLong.of(endN);
    }

    /** The oldest position still readable: records below it have been trimmed. */
    synchronized long trimHorizon() {
        return trimmedBelow;
    }

    /** Drops every record written before {@code horizon}. */
    synchronized void trim(Instant horizon) {
        int drop = 0;
        while (drop < records.size() && records.get(drop).created().isBefore(horizon)) {
            drop++;
        }
        if (drop > 0) {
            trimmedBelow = records.get(drop - 1).n() + 1;
            records.subList(0, drop).clear();
        }
    }

    /** Up to {@code limit} records with counter ≥ {@code position}. */
    synchronized Page read(long position, int limit) {
        return read(position, limit, Long.MAX_VALUE);
    }

    /**
     * Up to {@code limit} records with counter ≥ {@code position}, stopping before the page's {@code SizeBytes}
     * exceed {@code maxBytes} (a page holds at least one record).
     */
    synchronized Page read(long position, int limit, long maxBytes) {
        if (position < trimmedBelow) {
            throw new ApiErrorException("TrimmedDataAccessException",
                    "The requested data is beyond the trim horizon of shard " + shardId + " of stream " + arn);
        }
        int from = firstAtOrAfter(position);
        List<StoredRecord> page = new ArrayList<>();
        long bytes = 0;
        for (int i = from; i < records.size() && page.size() < limit; i++) {
            StoredRecord record = records.get(i);
            bytes += record.sizeBytes();
            if (!page.isEmpty() && bytes > maxBytes) {
                break;
            }
            page.add(record);
        }
        long next = page.isEmpty() ? position : page.get(page.size() - 1).n() + 1;
        boolean closed = endN >= 0 && from + page.size() >= records.size();
        return new Page(List.copyOf(page), next, closed);
    }

    synchronized boolean contains(long n) {
        int index = firstAtOrAfter(n);
        return index < records.size() && records.get(index).n() == n;
    }

    private int firstAtOrAfter(long position) {
        int low = 0;
        int high = records.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (records.get(mid).n() < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
