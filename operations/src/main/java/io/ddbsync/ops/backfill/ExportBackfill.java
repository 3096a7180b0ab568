package io.ddbsync.ops.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.model.backfill.ExportWorkItem;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Export-mode backfill, the command's half: reads a DynamoDB table export's manifests and puts one
 * {@link ExportWorkItem} per data file on the backfill queue, where the backfill Lambda imports each file through the
 * change queue with the export time as the version rule's read time (no read capacity of the table used).
 *
 * <p>The export's layout (Amazon DynamoDB Developer Guide, "DynamoDB table export output format"): under
 * {@code <prefix>/AWSDynamoDB/<ExportId>/}, {@code manifest-summary.json} (one JSON object: {@code exportArn},
 * {@code tableArn}, {@code exportTime}, {@code itemCount}, {@code outputFormat}, {@code manifestFilesS3Key}, …; written
 * last, so its presence means a complete export) and {@code manifest-files.json} (JSON lines, one per data file:
 * {@code itemCount}, {@code md5Checksum}, {@code etag}, {@code dataFileS3Key}).
 */
public final class ExportBackfill {

    /** What the export's manifests say. */
    public record Manifest(String bucket, String exportArn, String tableArn, Instant exportTime, long itemCount,
                           List<DataFile> dataFiles) {
        public Manifest {
            dataFiles = List.copyOf(dataFiles);
        }

        /** The table's name, from {@code arn:aws:dynamodb:<region>:<account>:table/<name>}. */
        public String tableName() {
            int at = tableArn.indexOf(":table/");
            if (at < 0) {
                throw new BackfillException("the export's tableArn is not a table ARN: " + tableArn);
            }
            String rest = tableArn.substring(at + ":table/".length());
            return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        }
    }

    /** One data file of the files manifest. */
    public record DataFile(String key, long itemCount) {
    }

    /** What {@link #enqueue} did. */
    public record Enqueued(int workItems, long items) {
    }

    private static final ObjectMapper M = new ObjectMapper();
    private static final String SUMMARY = "manifest-summary.json";

    private final S3Client s3;

    public ExportBackfill(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /**
     * Reads the manifests of the export at {@code location}: {@code s3://<bucket>/<prefix>/AWSDynamoDB/<ExportId>/} or its
     * {@code manifest-summary.json}.
     *
     * @throws BackfillException when a manifest is missing (the export not complete) or malformed, or its format is not
     *                           DYNAMODB_JSON
     */
    public Manifest read(URI location) {
        if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
            throw new IllegalArgumentException("not an s3://bucket/prefix location: " + location);
        }
        String bucket = location.getHost();
        String path = location.getPath() == null ? "" : location.getPath().replaceFirst("^/", "");
        String summaryKey = path.endsWith(SUMMARY) ? path : (path.isEmpty() || path.endsWith("/") ? path : path + "/") + SUMMARY;
        JsonNode summary = json(bucket, summaryKey);
        String format = summary.path("outputFormat").asText("");
        if (!"DYNAMODB_JSON".equals(format)) {
            throw new BackfillException("export s3://" + bucket + "/" + summaryKey + " is " + format + ", not DYNAMODB_JSON");
        }
        Instant exportTime;
        try {
            exportTime = Instant.parse(summary.path("exportTime").asText(""));
        } catch (RuntimeException e) {
            throw new BackfillException("s3://" + bucket + "/" + summaryKey + " has no exportTime", e);
        }
        String filesKey = summary.path("manifestFilesS3Key").asText("");
        if (filesKey.isEmpty()) {
            throw new BackfillException("s3://" + bucket + "/" + summaryKey + " has no manifestFilesS3Key");
        }
        List<DataFile> files = new ArrayList<>();
        String lines = text(bucket, filesKey);
        for (String line : lines.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode f = M.readTree(line);
                String key = f.path("dataFileS3Key").asText("");
                if (key.isEmpty()) {
                    throw new BackfillException("a line of s3://" + bucket + "/" + filesKey + " has no dataFileS3Key");
                }
                files.add(new DataFile(key, f.path("itemCount").asLong(0)));
            } catch (IOException e) {
                throw new BackfillException("s3://" + bucket + "/" + filesKey + " has a line that is not JSON", e);
            }
        }
        return new Manifest(bucket, summary.path("exportArn").asText(""), summary.path("tableArn").asText(""), exportTime,
                summary.path("itemCount").asLong(0), files);
    }

    /**
     * Puts one work item per data file of {@code manifest} on {@code backfillQueueUrl}, for the table {@code dynamo}
     * describes (its key names go into each item).
     *
     * @throws BackfillException when the table cannot be described or a work item is not enqueued (those before it are)
     */
    public Enqueued enqueue(Manifest manifest, DynamoDbClient dynamo, SqsClient sqs, String backfillQueueUrl) {
        String table = manifest.tableName();
        List<String> keyNames = keyNames(dynamo, table);
        List<ExportWorkItem> items = manifest.dataFiles().stream()
                .map(f -> new ExportWorkItem(table, keyNames, manifest.bucket(), f.key(), manifest.exportTime(), f.itemCount()))
                .toList();
        for (int from = 0; from < items.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(items.size(), from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(items.get(i).toJson()).build());
            }
            SendMessageBatchResponse r;
            try {
                r = sqs.sendMessageBatch(b -> b.queueUrl(backfillQueueUrl).entries(entries));
            } catch (SdkException e) {
                throw new BackfillException("work items of export " + manifest.exportArn() + " not enqueued to " + backfillQueueUrl, e);
            }
            if (!r.failed().isEmpty()) {
                var f = r.failed().get(0);
                throw new BackfillException(r.failed().size() + " work item(s) of export " + manifest.exportArn()
                        + " not enqueued, first for " + items.get(Integer.parseInt(f.id())).dataFileKey() + ": " + f.code()
                        + " " + f.message());
            }
        }
        return new Enqueued(items.size(), manifest.dataFiles().stream().mapToLong(DataFile::itemCount).sum());
    }

    /**
     * ExportTableToPointInTime of {@code tableArn} (point-in-time recovery must be on) to {@code s3://bucket/prefix},
     * DYNAMODB_JSON, then DescribeExport every {@code poll} until it is COMPLETED; returns the location of its
     * {@code manifest-summary.json}.
     *
     * @throws BackfillException when the export cannot start, FAILED, or does not complete within {@code timeout}
     */
    public static URI export(DynamoDbClient dynamo, String tableArn, String bucket, String prefix, Duration poll, Duration timeout)
            throws InterruptedException {
        ExportDescription d;
        try {
            d = dynamo.exportTableToPointInTime(b -> b.tableArn(tableArn).s3Bucket(bucket).s3Prefix(prefix)
                    .exportFormat(ExportFormat.DYNAMODB_JSON)).exportDescription();
        } catch (SdkException e) {
            throw new BackfillException("ExportTableToPointInTime of " + tableArn + " to s3://" + bucket + " failed", e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (d.exportStatus() == ExportStatus.IN_PROGRESS) {
            if (System.nanoTime() > deadline) {
                throw new BackfillException("export " + d.exportArn() + " not completed within " + timeout);
            }
            Thread.sleep(poll.toMillis());
            String arn = d.exportArn();
            try {
                d = dynamo.describeExport(b -> b.exportArn(arn)).exportDescription();
            } catch (SdkException e) {
                throw new BackfillException("DescribeExport of " + arn + " failed", e);
            }
        }
        if (d.exportStatus() != ExportStatus.COMPLETED) {
            throw new BackfillException("export " + d.exportArn() + " " + d.exportStatusAsString() + ": " + d.failureCode() + " "
                    + d.failureMessage());
        }
        return URI.create("s3://" + d.s3Bucket() + "/" + d.exportManifest());
    }

    private static List<String> keyNames(DynamoDbClient dynamo, String table) {
        List<KeySchemaElement> schema;
        try {
            schema = dynamo.describeTable(b -> b.tableName(table)).table().keySchema();
        } catch (SdkException e) {
            throw new BackfillException("cannot describe table " + table, e);
        }
        List<String> names = new ArrayList<>();
        schema.stream().filter(k -> k.keyType() == KeyType.HASH).forEach(k -> names.add(k.attributeName()));
        schema.stream().filter(k -> k.keyType() == KeyType.RANGE).forEach(k -> names.add(k.attributeName()));
        return names;
    }

    private JsonNode json(String bucket, String key) {
        try {
            return M.readTree(text(bucket, key));
        } catch (IOException e) {
            throw new BackfillException("s3://" + bucket + "/" + key + " is not JSON", e);
        }
    }

    private String text(String bucket, String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
        } catch (SdkException e) {
            throw new BackfillException("cannot read s3://" + bucket + "/" + key + " (is the export complete?)", e);
        }
    }
}
