package io.ddbsync.ops.backfill;

import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.wire.Compression;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to backfill and how.
 *
 * @param table           the DynamoDB table to scan
 * @param queueUrl        the change queue
 * @param segments        parallel Scan segments (1..1,000,000)
 * @param threads         segments scanned at once
 * @param itemsPerSecond  upper bound over all segments; 0 = unlimited
 * @param pageSize        items per Scan request (Limit)
 * @param maxMessageBytes largest message, body plus attributes, as the forwarder's MAX_MESSAGE_BYTES
 * @param checkpoint      file recording finished segments and the position of the others; empty = none
 * @param compression     how message bodies carry the records (as the forwarder's COMPRESSION)
 */
public record BackfillSettings(String table, String queueUrl, int segments, int threads, double itemsPerSecond,
                               int pageSize, int maxMessageBytes, Optional<Path> checkpoint, Compression compression) {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES;

    public BackfillSettings {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(compression, "compression");
        if (table.isBlank()) {
            throw new IllegalArgumentException("--table must name a table");
        }
        if (segments < 1 || segments > 1_000_000) {
            throw new IllegalArgumentException("--segments must be 1..1000000, got " + segments);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (itemsPerSecond < 0) {
            throw new IllegalArgumentException("--items-per-second must not be negative, got " + itemsPerSecond);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("--page-size must be at least 1, got " + pageSize);
        }
        if (maxMessageBytes < ForwarderConfig.MIN_MAX_MESSAGE_BYTES || maxMessageBytes > ForwarderConfig.MAX_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("--max-message-bytes must be in " + ForwarderConfig.MIN_MAX_MESSAGE_BYTES + ".."
                    + ForwarderConfig.MAX_MAX_MESSAGE_BYTES + " (as the forwarder's MAX_MESSAGE_BYTES), got " + maxMessageBytes);
        }
    }

    /** The largest message body: what {@link #maxMessageBytes} leaves after the attributes (as the forwarder's). */
    public int maxBodyBytes() {
        return ForwarderConfig.maxBodyBytes(maxMessageBytes);
    }

    /** With the default compression (gzip). */
    public BackfillSettings(String table, String queueUrl, int segments, int threads, double itemsPerSecond,
                            int pageSize, int maxMessageBytes, Optional<Path> checkpoint) {
        this(table, queueUrl, segments, threads, itemsPerSecond, pageSize, maxMessageBytes, checkpoint, Compression.DEFAULT);
    }

    public static BackfillSettings of(String table, String queueUrl, int segments) {
        return new BackfillSettings(table, queueUrl, segments, Math.min(segments, 8), 0, 500, DEFAULT_MAX_MESSAGE_BYTES,
                Optional.empty());
    }

    public BackfillSettings withCheckpoint(Path file) {
        return new BackfillSettings(table, queueUrl, segments, threads, itemsPerSecond, pageSize, maxMessageBytes, Optional.of(file), compression);
    }

    public BackfillSettings withThreads(int n) {
        return new BackfillSettings(table, queueUrl, segments, n, itemsPerSecond, pageSize, maxMessageBytes, checkpoint, compression);
    }

    public BackfillSettings withItemsPerSecond(double rate) {
        return new BackfillSettings(table, queueUrl, segments, threads, rate, pageSize, maxMessageBytes, checkpoint, compression);
    }

    public BackfillSettings withCompression(Compression c) {
        return new BackfillSettings(table, queueUrl, segments, threads, itemsPerSecond, pageSize, maxMessageBytes, checkpoint, c);
    }

    public BackfillSettings withPageSize(int n) {
        return new BackfillSettings(table, queueUrl, segments, threads, itemsPerSecond, n, maxMessageBytes, checkpoint, compression);
    }

    /** @throws IllegalArgumentException outside the forwarder's MAX_MESSAGE_BYTES range */
    public BackfillSettings withMaxMessageBytes(int bytes) {
        return new BackfillSettings(table, queueUrl, segments, threads, itemsPerSecond, pageSize, bytes, checkpoint, compression);
    }
}
