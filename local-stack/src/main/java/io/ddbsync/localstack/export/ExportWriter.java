package io.ddbsync.localstack.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes a full table export in DynamoDB's export-to-S3 layout, DYNAMODB_JSON format, as ExportTableToPointInTime
 * leaves it in the bucket. Source: Amazon DynamoDB Developer Guide, "DynamoDB table export output format"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html). Under
 * {@code <prefix>/AWSDynamoDB/<ExportId>/} (no {@code <prefix>/} without a prefix):
 *
 * <ul>
 *   <li>{@code _started} — empty, written first ("verifies that the destination bucket is writable and that the export
 *       has begun");</li>
 *   <li>{@code data/<name>.json.gz} — gzip, JSON lines, one {@code {"Item":{…DynamoDB JSON…}}} per item; one file per
 *       emulated partition (an item goes to the file its partition key hashes to), an empty partition an empty gzip
 *       stream;</li>
 *   <li>{@code manifest-files.json} — JSON lines, one per data file:
 *       {@code {"itemCount":…,"md5Checksum":"<base64 MD5 of the object>","etag":"…","dataFileS3Key":"<full key>"}};</li>
 *   <li>{@code manifest-summary.json} — one line: {@code version} "2020-06-30", {@code exportArn}, {@code startTime},
 *       {@code endTime}, {@code tableArn}, {@code tableId}, {@code exportTime} (UTC, milliseconds), {@code s3Bucket},
 *       {@code s3Prefix} (null without one), {@code s3SseAlgorithm} "AES256", {@code s3SseKmsKeyId} null,
 *       {@code manifestFilesS3Key}, {@code billedSizeBytes}, {@code itemCount}, {@code outputFormat} "DYNAMODB_JSON";
 *       written last, so a reader that finds it finds a complete export;</li>
 *   <li>{@code manifest-files.checksum}, {@code manifest-summary.checksum} — the guide lists them without describing
 *       their content; here each holds the base64 MD5 of its manifest, like {@code md5Checksum}. Do not rely on it.</li>
 * </ul>
 *
 * The keys in the manifests are full object keys, prefix included, as in a real export's files manifest (the guide's
 * example shows them without its prefix). The data files are written to a temporary directory first and uploaded by
 * {@link #finish}; {@link #close()} deletes that directory. Not thread-safe: one writer per export.
 */
public final class ExportWriter implements AutoCloseable {
    static final String SUMMARY_VERSION = "2020-06-30";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final S3Client s3;
    private final TableExportRequest request;
    private final String tableArn;
    private final String tableId;
    private final String partitionKey;
    private final Clock clock;
    private final Instant startTime;
    private final String exportId;
    private final String directory;
    private final Path temp;
    private final List<PartitionFile> files = new ArrayList<>();
    private boolean finished;

    /** One emulated partition: its local gzip file while items are added, and its object name. */
    private static final class PartitionFile {
        final Path path;
        final String name;
        final BufferedWriter out;
        long items;

        PartitionFile(Path path, String name) throws IOException {
            this.path = path;
            this.name = name;
            this.out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(path), 65_536),
                    StandardCharsets.UTF_8), 65_536);
        }
    }

    private ExportWriter(S3Client s3, TableExportRequest request, String tableArn, String tableId, String partitionKey,
                         Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.request = Objects.requireNonNull(request, "request");
        this.tableArn = Objects.requireNonNull(tableArn, "tableArn");
        this.tableId = Objects.requireNonNull(tableId, "tableId");
        this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startTime = clock.instant();
        this.exportId = String.format("%014d", startTime.toEpochMilli()) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.directory = request.exportDirectory(exportId);
        try {
            this.temp = Files.createTempDirectory("ddbsync-export-" + exportId + "-");
        } catch (IOException e) {
            throw new ExportException("cannot create a temporary directory for the export of " + tableArn, e);
        }
    }

    /**
     * Starts an export of the table {@code tableArn}: writes {@code _started}, opens one local data file per
     * {@link TableExportRequest#dataFiles() data file}.
     *
     * @param partitionKey the table's partition key attribute: it decides each item's data file
     * @param clock        start, export id and end times
     * @throws ExportException when the bucket does not take {@code _started} (missing, refused), naming it
     */
    public static ExportWriter begin(S3Client s3, TableExportRequest request, String tableArn, String tableId,
                                     String partitionKey, Clock clock) {
        ExportWriter writer = new ExportWriter(s3, request, tableArn, tableId, partitionKey, clock);
        try {
            writer.put(writer.directory + "/_started", RequestBody.empty(), null);
            for (int i = 0; i < request.dataFiles(); i++) {
                String name = randomName() + ".json.gz";
                writer.files.add(new PartitionFile(writer.temp.resolve(name), name));
            }
            return writer;
        } catch (IOException e) {
            writer.close();
            throw new ExportException("cannot open the local data files of export " + writer.exportId, e);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** The export's id ({@code <14 digits>-<8 hex>}). */
    public String exportId() {
        return exportId;
    }

    /**
     * Adds one item.
     *
     * @param item the item in DynamoDB JSON ({@code {"pk":{"S":"a"},…}}), with its partition key attribute
     * @throws ExportException when the partition key attribute is missing or the local file cannot be written
     */
    public void add(ObjectNode item) {
        JsonNode key = item.get(partitionKey);
        if (key == null) {
            throw new ExportException("an item of " + tableArn + " has no partition key attribute " + partitionKey);
        }
        PartitionFile file = files.get(Math.floorMod(hash(key.toString()), files.size()));
        ObjectNode line = JSON.createObjectNode();
        line.set("Item", item);
        try {
            file.out.write(JSON.writeValueAsString(line));
            file.out.write('\n');
            file.items++;
        } catch (IOException e) {
            throw new ExportException("cannot write an item of export " + exportId + " to " + file.path, e);
        }
    }

    /**
     * Uploads the data files, then {@code manifest-files.json} and its checksum, then {@code manifest-summary.json}
     * and its checksum.
     *
     * @param exportTime      the point in time the added items are of
     * @param billedSizeBytes the items' size by DynamoDB's item-size rules
     * @throws ExportException when a file cannot be read or an object not written (the objects written so far stay;
     *                         without {@code manifest-summary.json} the export is incomplete)
     */
    public TableExport finish(Instant exportTime, long billedSizeBytes) {
        if (finished) {
            throw new ExportException("export " + exportId + " is already finished");
        }
        finished = true;
        List<TableExport.DataFile> dataFiles = new ArrayList<>();
        StringBuilder manifestFiles = new StringBuilder();
        long itemCount = 0;
        for (PartitionFile file : files) {
            try {
                file.out.close();
                String md5 = Base64.getEncoder().encodeToString(md5(file.path));
                String key = directory + "/data/" + file.name;
                String etag = put(key, RequestBody.fromFile(file.path), md5);
                TableExport.DataFile data = new TableExport.DataFile(key, file.items, md5, etag);
                dataFiles.add(data);
                itemCount += file.items;
                ObjectNode line = JSON.createObjectNode().put("itemCount", file.items).put("md5Checksum", md5)
                        .put("etag", etag).put("dataFileS3Key", key);
                manifestFiles.append(line).append('\n');
            } catch (IOException e) {
                throw new ExportException("cannot read the local data file " + file.path + " of export " + exportId, e);
            }
        }
        String manifestFilesKey = directory + "/manifest-files.json";
        putText(manifestFilesKey, manifestFiles.toString());
        putText(directory + "/manifest-files.checksum", base64Md5(manifestFiles.toString()));

        Instant endTime = clock.instant();
        ObjectNode summary = JSON.createObjectNode()
                .put("version", SUMMARY_VERSION)
                .put("exportArn", exportArn())
                .put("startTime", MILLIS.format(startTime))
                .put("endTime", MILLIS.format(endTime))
                .put("tableArn", tableArn)
                .put("tableId", tableId)
                .put("exportTime", MILLIS.format(exportTime))
                .put("s3Bucket", request.s3Bucket())
                .put("s3Prefix", request.s3Prefix())
                .put("s3SseAlgorithm", "AES256")
                .putNull("s3SseKmsKeyId")
                .put("manifestFilesS3Key", manifestFilesKey)
                .put("billedSizeBytes", billedSizeBytes)
                .put("itemCount", itemCount)
                .put("outputFormat", "DYNAMODB_JSON");
        String summaryText = toJson(summary) + "\n";
        String summaryKey = directory + "/manifest-summary.json";
        putText(summaryKey, summaryText);
        putText(directory + "/manifest-summary.checksum", base64Md5(summaryText));
        return new TableExport(exportArn(), exportId, exportTime, startTime, endTime, request.s3Bucket(), request.s3Prefix(),
                summaryKey, manifestFilesKey, itemCount, billedSizeBytes, dataFiles);
    }

    /** Deletes the local data files. */
    @Override
    public void close() {
        for (PartitionFile file : files) {
            try {
                file.out.close();
            } catch (IOException e) {
                // already closed or broken: the file is deleted below either way
            }
        }
        try (Stream<Path> paths = Files.walk(temp)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary export directory " + temp, e);
        }
    }

    private String exportArn() {
        return tableArn + "/export/" + exportId;
    }

    private void putText(String key, String text) {
        put(key, RequestBody.fromString(text, StandardCharsets.UTF_8), null);
    }

    /** Writes one object; returns its ETag without quotes. */
    private String put(String key, RequestBody body, String contentMd5) {
        try {
            String etag = s3.putObject(p -> p.bucket(request.s3Bucket()).key(key).contentMD5(contentMd5), body).eTag();
            return etag == null ? "" : etag.replace("\"", "");
        } catch (SdkException e) {
            throw new ExportException("cannot write s3://" + request.s3Bucket() + "/" + key + " (export " + exportId
                    + " of " + tableArn + ")", e);
        }
    }

    private static int hash(String keyJson) {
        byte[] digest = md5Digest().digest(keyJson.getBytes(StandardCharsets.UTF_8));
        return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
    }

    private static byte[] md5(Path path) throws IOException {
        MessageDigest digest = md5Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    private static String base64Md5(String text) {
        return Base64.getEncoder().encodeToString(md5Digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    private static String toJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ExportException("cannot serialize an export manifest", e);
        }
    }

    /** 26 characters of the lower-case base32 alphabet, like the names of a real export's data files. */
    private static String randomName() {
        StringBuilder name = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            name.append(BASE32[ThreadLocalRandom.current().nextInt(BASE32.length)]);
        }
        return name.toString();
    }
}
