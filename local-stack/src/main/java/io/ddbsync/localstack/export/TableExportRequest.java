package io.ddbsync.localstack.export;

import java.util.Objects;

/**
 * What to export and where, as ExportTableToPointInTime takes it (the table, {@code S3Bucket}, {@code S3Prefix};
 * always {@code ExportFormat} DYNAMODB_JSON and a full export), plus how many data files to spread the items over.
 *
 * @param table     the table's name
 * @param s3Bucket  an existing bucket
 * @param s3Prefix  the export prefix, without a trailing {@code /}; null for none (objects then start at
 *                  {@code AWSDynamoDB/})
 * @param dataFiles data files, 1–100: DynamoDB writes at least one per partition, each holding the items of its
 *                  partition's hashed key space, an empty one for an empty partition; here every file stands for one
 *                  partition and takes the items whose partition key hashes to it
 */
public record TableExportRequest(String table, String s3Bucket, String s3Prefix, int dataFiles) {

    public TableExportRequest {
        if (table == null || table.isBlank()) {
            throw new ExportException("table must be set");
        }
        if (s3Bucket == null || s3Bucket.isBlank()) {
            throw new ExportException("s3Bucket must be set (export of table " + table + ")");
        }
        if (s3Prefix != null && (s3Prefix.isEmpty() || s3Prefix.startsWith("/") || s3Prefix.endsWith("/"))) {
            throw new ExportException("s3Prefix must be null or a key prefix without a leading or trailing '/', was '"
                    + s3Prefix + "' (export of table " + table + ")");
        }
        if (dataFiles < 1 || dataFiles > 100) {
            throw new ExportException("dataFiles must be 1–100, was " + dataFiles + " (export of table " + table + ")");
        }
    }

    /** Defaults: no prefix, 4 data files. */
    public static Builder builder(String table, String s3Bucket) {
        return new Builder(table, s3Bucket);
    }

    /** {@code <s3Prefix>/AWSDynamoDB/<exportId>}, or {@code AWSDynamoDB/<exportId>} without a prefix. */
    String exportDirectory(String exportId) {
        return (s3Prefix == null ? "" : s3Prefix + "/") + "AWSDynamoDB/" + exportId;
    }

    /** Builds a {@link TableExportRequest}; {@link #build()} validates. */
    public static final class Builder {
        private final String table;
        private final String s3Bucket;
        private String s3Prefix;
        private int dataFiles = 4;

        private Builder(String table, String s3Bucket) {
            this.table = table;
            this.s3Bucket = s3Bucket;
        }

        public Builder s3Prefix(String value) {
            this.s3Prefix = value;
            return this;
        }

        public Builder dataFiles(int value) {
            this.dataFiles = value;
            return this;
        }

        public TableExportRequest build() {
            return new TableExportRequest(Objects.requireNonNull(table, "table"), s3Bucket, s3Prefix, dataFiles);
        }
    }
}
