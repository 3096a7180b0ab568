package io.ddbsync.localstack.export;

import java.time.Instant;
import java.util.List;

/**
 * A finished local table export: what DescribeExport and the manifest summary tell about it.
 *
 * @param exportArn          {@code <table ARN>/export/<exportId>}
 * @param exportId           14 digits of the start in epoch milliseconds, {@code -}, 8 hex digits (AWS's form)
 * @param exportTime         the point in time the items are of: every write that took effect before it is in the
 *                           export, none after it. An item of the export is a read of the table at this time
 *                           (ddbsync's version rule: {@code Versions.ofRead} at the export time)
 * @param startTime          when the export began ({@code _started} written)
 * @param endTime            when its last object was written
 * @param s3Bucket           the bucket
 * @param s3Prefix           the prefix, or null
 * @param manifestSummaryKey {@code <dir>/manifest-summary.json}, written last: once it exists the export is complete
 * @param manifestFilesKey   {@code <dir>/manifest-files.json}
 * @param itemCount          items exported
 * @param billedSizeBytes    the items' size by DynamoDB's item-size rules (what an export is billed on)
 * @param dataFiles          the data files, in the order of the files manifest
 */
public record TableExport(String exportArn, String exportId, Instant exportTime, Instant startTime, Instant endTime,
                          String s3Bucket, String s3Prefix, String manifestSummaryKey, String manifestFilesKey,
                          long itemCount, long billedSizeBytes, List<DataFile> dataFiles) {

    public TableExport {
        dataFiles = List.copyOf(dataFiles);
    }

    /**
     * One line of {@code manifest-files.json}.
     *
     * @param dataFileS3Key the object's full key, {@code <dir>/data/<26 characters of [a-z2-7]>.json.gz}
     * @param itemCount     items in it (0 for an empty partition: a gzip stream with no line)
     * @param md5Checksum   MD5 of the object's bytes (the gzip file), base64
     * @param etag          the object's ETag as S3 returned it, without quotes
     */
    public record DataFile(String dataFileS3Key, long itemCount, String md5Checksum, String etag) {
    }
}
