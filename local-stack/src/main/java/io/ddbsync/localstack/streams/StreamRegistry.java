package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every stream the emulator knows (enabled ones by table, all by ARN, in creation order), the sequence counter
 * shared by all of them, and the clock. Records older than the retention (DynamoDB Streams': {@link #RETENTION})
 * are trimmed when streams are read.
 */
final class StreamRegistry {
    /** DynamoDB Streams keeps records 24 hours. */
    static final Duration RETENTION = Duration.ofHours(24);
    static final Set<String> VIEW_TYPES = Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");
    private static final String ARN_PREFIX = "arn:aws:dynamodb:us-east-1:000000000000:table/";
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS", Locale.ROOT);

    private final Clock clock;
    private final Duration retention;
    private final Map<String, TableStream> enabledByTable = new LinkedHashMap<>();
    private final Map<String, TableStream> byArn = new LinkedHashMap<>();
    /** Streams whose retention was set apart from the others (a test's one table), by ARN. */
    private final Map<String, Duration> retentionByArn = new LinkedHashMap<>();
    private long lastN;

    StreamRegistry(Clock clock) {
        this(clock, RETENTION);
    }

    StreamRegistry(Clock clock, Duration retention) {
        // Counters start at the epoch microsecond of the start, so a restarted emulator never reuses a number.
        this.clock = clock;
        this.retention = retention;
        this.lastN = clock.millis() * 1000;
    }

    Instant now() {
        return clock.instant();
    }

    Duration retention() {
        return retention;
    }

    Clock clock() {
        return clock;
    }

    /** The next counter; called under the write lock, so counters follow the order writes took effect. */
    synchronized long nextN() {
        return ++lastN;
    }

    synchronized long lastN() {
        return lastN;
    }

    synchronized TableStream enable(String table, String viewType, ArrayNode keySchema) {
        if (!VIEW_TYPES.contains(viewType)) {
            throw ApiErrorException.validation("1 validation error detected: Value '" + viewType
                    + "' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + VIEW_TYPES);
        }
        if (enabledByTable.containsKey(table)) {
            throw ApiErrorException.validation("Table already has an enabled stream: " + enabledByTable.get(table).arn());
        }
        Instant created = clock.instant();
        String label = LocalDateTime.ofInstant(created, ZoneOffset.UTC).format(LABEL);
        String arn = ARN_PREFIX + table + "/stream/" + label;
        for (long bump = 1; byArn.containsKey(arn); bump++) {
            label = LocalDateTime.ofInstant(created.plusMillis(bump), ZoneOffset.UTC).format(LABEL);
            arn = ARN_PREFIX + table + "/stream/" + label;
        }
        String shardId = newShardId(created);
        TableStream stream = new TableStream(arn, label, table, shardId, viewType, keySchema, created, lastN + 1);
        enabledByTable.put(table, stream);
        byArn.put(arn, stream);
        return stream;
    }

    /** A shard id shaped like DynamoDB Streams' ({@code shardId-<20 digits>-<8 hex>}). */
    static String newShardId(Instant created) {
        return "shardId-" + String.format("%020d", created.toEpochMilli()) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** Closes the open shard of {@code table}'s enabled stream and opens its child; returns the child's id. */
    synchronized String rollover(String table) {
        TableStream stream = enabledByTable.get(table);
        if (stream == null) {
            throw ApiErrorException.validation("Table " + table + " has no enabled stream");
        }
        String child = newShardId(clock.instant());
        stream.rollover(lastN, child);
        return child;
    }

    /** Ends the enabled stream of {@code table}, if any; it stays readable until trimmed. */
    synchronized Optional<TableStream> disable(String table) {
        TableStream stream = enabledByTable.remove(table);
        if (stream != null) {
            stream.disable(lastN);
        }
        return Optional.ofNullable(stream);
    }

    synchronized Optional<TableStream> enabled(String table) {
        return Optional.ofNullable(enabledByTable.get(table));
    }

    synchronized TableStream byArn(String arn) {
        TableStream stream = byArn.get(arn);
        if (stream == null) {
            throw ApiErrorException.notFound("Requested resource not found: Stream: " + arn + " not found");
        }
        stream.trim(clock.instant().minus(retentionByArn.getOrDefault(arn, retention)));
        return stream;
    }

    /** Sets the retention of one stream, apart from the others'. */
    synchronized void retention(String arn, Duration value) {
        byArn(arn);
        retentionByArn.put(arn, value);
    }

    /** All streams in creation order, trimmed to the retention period. */
    synchronized List<TableStream> all() {
        Instant now = clock.instant();
        byArn.forEach((arn, stream) -> stream.trim(now.minus(retentionByArn.getOrDefault(arn, retention))));
        return new ArrayList<>(byArn.values());
    }
}
