package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The stream of one table: its identity, view type, key schema, records and shards. Records are appended in
 * counter order; trimming drops the oldest. The stream starts with one shard; a {@link #rollover} closes the open
 * shard at the last counter and opens a child of it, as DynamoDB does routinely, so a shard is a range of
 * counters. Thread-safe: writers append (and roll over) under the emulator's write lock, readers read concurrently.
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
    private final List<Shard> shards = new ArrayList<>();
    private long trimmedBelow;
    private long endN = -1;

    /** One shard: the counters from {@code startN} to {@code endN} (open while {@code endN} is empty). */
    record Shard(String shardId, String parentShardId, long startN, OptionalLong endN) {
        boolean closed() {
            return endN.isPresent();
        }
    }

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
        shards.add(new Shard(shardId, null, startN, OptionalLong.empty()));
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

    /** The first shard's id. */
    String shardId() {
        return shardId;
    }

    /** Every shard, parents before children. */
    synchronized List<Shard> shards() {
        return List.copyOf(shards);
    }

    synchronized Optional<Shard> shard(String id) {
        return shards.stream().filter(s -> s.shardId().equals(id)).findFirst();
    }

    /** Closes the open shard after counter {@code lastN} and opens {@code childId}, its child, from {@code lastN + 1}. */
    synchronized void rollover(long lastN, String childId) {
        if (endN >= 0) {
            throw new IllegalStateException("stream " + arn + " is disabled");
        }
        Shard open = shards.remove(shards.size() - 1);
        shards.add(new Shard(open.shardId(), open.parentShardId(), open.startN(), OptionalLong.of(lastN)));
        shards.add(new Shard(childId, open.shardId(), lastN + 1, OptionalLong.empty()));
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
            Shard open = shards.remove(shards.size() - 1);
            shards.add(new Shard(open.shardId(), open.parentShardId(), open.startN(), OptionalLong.of(lastN)));
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

    /**
     * As {@link #read(long, int, long)}, within shard {@code shard}: no record past its end; {@code closed} once
     * the page reaches the end of a closed shard.
     */
    synchronized Page read(Shard shard, long position, int limit, long maxBytes) {
        if (position < trimmedBelow) {
            throw new ApiErrorException("TrimmedDataAccessException",
                    "The requested data is beyond the trim horizon of shard " + shard.shardId() + " of stream " + arn);
        }
        long last = shard.endN().orElse(Long.MAX_VALUE);
        int from = firstAtOrAfter(position);
        List<StoredRecord> page = new ArrayList<>();
        long bytes = 0;
        int i = from;
        for (; i < records.size() && page.size() < limit && records.get(i).n() <= last; i++) {
            StoredRecord record = records.get(i);
            bytes += record.sizeBytes();
            if (!page.isEmpty() && bytes > maxBytes) {
                break;
            }
            page.add(record);
        }
        long next = page.isEmpty() ? position : page.get(page.size() - 1).n() + 1;
        int after = from + page.size();
        boolean closed = shard.closed() && (after >= records.size() || records.get(after).n() > last);
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
