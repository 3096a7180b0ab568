package io.ddbsync.backfill.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.ChangeQueueException;
import io.ddbsync.model.backfill.ExportWorkItem;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Imports one data file of a DynamoDB table export ({@link ExportWorkItem}) through the change queue: the file is a
 * gzip stream of JSON lines, one {@code {"Item":{…DynamoDB JSON…}}} per item (Amazon DynamoDB Developer Guide, "DynamoDB
 * table export output format", DYNAMODB_JSON), read as it downloads; each item becomes an INSERT record versioned as a
 * read at the export time ({@link Versions#readSequenceNumber}, {@link Versions#readSeconds}), the version rule the
 * Scan backfill uses with its page's read time — a change made after the export wins over its image, one made before
 * never rolls it back, one too close to tell makes the worker read the item again. Records are packed like the
 * forwarder's and sent {@value #CHUNK} at a time. No read capacity of the table is used.
 *
 * <p>A retried file is sent again from its start: harmless, the envelopes' versions are the same and every write is
 * version-guarded.
 */
public final class ExportFileImporter {

    /** Items packed and sent together. */
    static final int CHUNK = 500;
    private static final ObjectMapper M = new ObjectMapper();

    private final S3Client s3;
    private final ChangeQueue queue;
    private final EnvelopePacker packer;

    public ExportFileImporter(S3Client s3, ChangeQueue queue, EnvelopePacker packer) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.packer = Objects.requireNonNull(packer, "packer");
    }

    /**
     * Sends every item of the file; returns how many.
     *
     * @throws ExportException when the file cannot be read, a line is not an item with the table's keys (named by file
     *                         and line number), or a message cannot be enqueued
     */
    public long importFile(ExportWorkItem item) {
        String where = "s3://" + item.bucket() + "/" + item.dataFileKey();
        long sent = 0;
        try (InputStream object = s3.getObject(b -> b.bucket(item.bucket()).key(item.dataFileKey()));
             BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(object), StandardCharsets.UTF_8))) {
            List<ChangeRecord> chunk = new ArrayList<>(CHUNK);
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                chunk.add(record(item, line, where, number));
                if (chunk.size() == CHUNK) {
                    sent += send(item, chunk, where);
                    chunk.clear();
                }
            }
            sent += send(item, chunk, where);
        } catch (IOException | SdkException e) {
            throw new ExportException("cannot read export data file " + where + " of table " + item.table(), e);
        }
        return sent;
    }

    private long send(ExportWorkItem item, List<ChangeRecord> records, String where) {
        if (records.isEmpty()) {
            return 0;
        }
        try {
            queue.sendAll(packer.pack(item.table(), records));
        } catch (ChangeQueueException e) {
            throw new ExportException("items of " + where + " not enqueued: " + e.getMessage(), e);
        }
        return records.size();
    }

    /** The INSERT record of one line, versioned as a read at the export time. */
    static ChangeRecord record(ExportWorkItem item, String line, String where, long number) {
        JsonNode parsed;
        try {
            parsed = M.readTree(line);
        } catch (IOException e) {
            throw new ExportException("line " + number + " of " + where + " is not JSON", e);
        }
        JsonNode image = parsed == null ? null : parsed.get("Item");
        if (image == null || !image.isObject()) {
            throw new ExportException("line " + number + " of " + where + " has no Item object (not DYNAMODB_JSON)");
        }
        for (var attribute : image.properties()) {
            if (!attribute.getValue().isObject() || attribute.getValue().size() != 1) {
                throw new ExportException("line " + number + " of " + where + " is not DynamoDB JSON: attribute "
                        + attribute.getKey() + " is not a typed value");
            }
        }
        try {
            DynamoJson.toItem((ObjectNode) image);
        } catch (IllegalArgumentException e) {
            throw new ExportException("line " + number + " of " + where + " is not DynamoDB JSON (a nested value is not typed)", e);
        }
        ObjectNode keys = JsonNodeFactory.instance.objectNode();
        for (String k : item.keyNames()) {
            if (!image.has(k)) {
                throw new ExportException("line " + number + " of " + where + " lacks key attribute " + k + " of table " + item.table());
            }
            keys.set(k, image.get(k));
        }
        return new ChangeRecord(Op.INSERT, keys, (ObjectNode) image, Versions.readSequenceNumber(item.exportTime()),
                Versions.readSeconds(item.exportTime()), false, false);
    }
}
