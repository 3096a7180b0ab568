package io.ddbsync.infra.config;

import static io.ddbsync.infra.config.ContextKeys.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every deployment input of the stack, read once from CDK context and validated. A bad or missing
 * value fails synthesis with an {@link InvalidSettingException} that names the context key.
 */
public record DdbSyncSettings(SourceTable table, SearchDomainSettings domain, Map<String, String> indexMap,
                              Optional<String> alarmEmail, Tuning tuning, AlarmThresholds thresholds,
                              String forwarderJar, String workerJar) {

    public static final String DEFAULT_DEMO_TABLE_NAME = "ddbsync-demo";
    public static final String DEFAULT_FORWARDER_JAR = "target/lambda/stream-forwarder.jar";
    public static final String DEFAULT_WORKER_JAR = "target/lambda/index-worker.jar";
    /** SQS's largest message size. */
    public static final int SQS_MAX_MESSAGE_BYTES = 1_048_576;
    /** The dead-letter queue keeps messages this long: the longest replay window. */
    public static final int DLQ_RETENTION_DAYS = 14;
    /** SQS's longest visibility timeout (12 h). */
    public static final int SQS_MAX_VISIBILITY_SECONDS = 43_200;

    private static final Pattern TABLE_NAME_PATTERN = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern STREAM_ARN_PATTERN = Pattern.compile(
            "arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/([A-Za-z0-9_.-]{3,255})/stream/[^/\\s]+");
    private static final Pattern DOMAIN_ARN_PATTERN = Pattern.compile(
            "arn:aws[a-z-]*:es:[a-z0-9-]+:\\d{12}:domain/[a-z][a-z0-9-]{2,27}");
    private static final Pattern HOST_PATTERN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern INDEX_NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,199}");
    private static final Pattern EMAIL_PATTERN = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");
    private static final Pattern INSTANCE_TYPE_PATTERN = Pattern.compile("[a-z0-9]+\\.[a-z0-9]+\\.search");

    public DdbSyncSettings {
        indexMap = Collections.unmodifiableMap(new LinkedHashMap<>(indexMap));
    }

    /**
     * Reads and validates every input.
     *
     * @param context the context lookup, e.g. {@code app.getNode()::tryGetContext}
     */
    public static DdbSyncSettings fromContext(Function<String, Object> context) {
        ContextReader in = new ContextReader(context);
        SourceTable table = sourceTable(in);
        SearchDomainSettings domain = searchDomain(in);
        Map<String, String> indexMap = indexMap(in, table.name());
        Optional<String> email = in.string(ALARM_EMAIL);
        email.ifPresent(value -> {
            if (!EMAIL_PATTERN.matcher(value).matches()) {
                throw new InvalidSettingException(ALARM_EMAIL, "is not an e-mail address: '" + value + "'");
            }
        });
        Tuning tuning = tuning(in);
        AlarmThresholds thresholds = new AlarmThresholds(
                in.integer(ITERATOR_AGE_ALARM_SECONDS, 300, 10, 86_400),
                in.integer(OLDEST_MESSAGE_ALARM_SECONDS, 900, 60, 1_209_600),
                in.integer(WORKER_ERROR_RATE_ALARM_PERCENT, 5, 1, 100));
        String forwarderJar = assetFile(in, FORWARDER_JAR, DEFAULT_FORWARDER_JAR);
        String workerJar = assetFile(in, WORKER_JAR, DEFAULT_WORKER_JAR);
        return new DdbSyncSettings(table, domain, indexMap, email, tuning, thresholds, forwarderJar, workerJar);
    }

    private static SourceTable sourceTable(ContextReader in) {
        Optional<String> name = in.string(TABLE_NAME);
        Optional<String> streamArn = in.string(TABLE_STREAM_ARN);
        if (name.isEmpty()) {
            if (streamArn.isPresent()) {
                throw new InvalidSettingException(TABLE_NAME,
                        "is required when " + TABLE_STREAM_ARN + " is given (the name of the table that owns the stream)");
            }
            String demoName = in.string(DEMO_TABLE_NAME, DEFAULT_DEMO_TABLE_NAME);
            requireTableName(DEMO_TABLE_NAME, demoName);
            String view = in.string(DEMO_STREAM_VIEW, "NEW_IMAGE").toUpperCase(Locale.ROOT);
            if (!view.equals("NEW_IMAGE") && !view.equals("NEW_AND_OLD_IMAGES")) {
                throw new InvalidSettingException(DEMO_STREAM_VIEW,
                        "must be NEW_IMAGE or NEW_AND_OLD_IMAGES (the forwarder needs the new image), got '" + view + "'");
            }
            return SourceTable.demo(demoName, view);
        }
        if (in.string(DEMO_TABLE_NAME).isPresent()) {
            throw new InvalidSettingException(DEMO_TABLE_NAME,
                    "cannot be combined with " + TABLE_NAME + ": give an existing table or let the stack create a demo table, not both");
        }
        requireTableName(TABLE_NAME, name.get());
        if (streamArn.isEmpty()) {
            throw new InvalidSettingException(TABLE_STREAM_ARN,
                    "is required with " + TABLE_NAME + ": the existing table's stream must be enabled "
                            + "(StreamViewType NEW_IMAGE or NEW_AND_OLD_IMAGES); pass its LatestStreamArn, e.g. from "
                            + "'aws dynamodb describe-table --table-name " + name.get() + " --query Table.LatestStreamArn'");
        }
        Matcher arn = STREAM_ARN_PATTERN.matcher(streamArn.get());
        if (!arn.matches()) {
            throw new InvalidSettingException(TABLE_STREAM_ARN,
                    "is not a DynamoDB stream ARN (arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>): '"
                            + streamArn.get() + "'");
        }
        if (!arn.group(1).equals(name.get())) {
            throw new InvalidSettingException(TABLE_STREAM_ARN,
                    "belongs to table '" + arn.group(1) + "', not to " + TABLE_NAME + " '" + name.get() + "'");
        }
        return SourceTable.existing(name.get(), streamArn.get());
    }

    private static void requireTableName(String key, String name) {
        if (!TABLE_NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidSettingException(key,
                    "is not a valid DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -): '" + name + "'");
        }
    }

    private static SearchDomainSettings searchDomain(ContextReader in) {
        Optional<String> endpoint = in.string(OPENSEARCH_ENDPOINT);
        Optional<String> arn = in.string(OPENSEARCH_DOMAIN_ARN);
        String instanceType = in.string(OPENSEARCH_INSTANCE_TYPE, "t3.small.search");
        int count = in.integer(OPENSEARCH_INSTANCE_COUNT, 1, 1, 80);
        int volume = in.integer(OPENSEARCH_VOLUME_GIB, 10, 10, 16_384);
        if (endpoint.isPresent() != arn.isPresent()) {
            String missing = endpoint.isPresent() ? OPENSEARCH_DOMAIN_ARN : OPENSEARCH_ENDPOINT;
            throw new InvalidSettingException(missing, "is required when using an existing domain: give both "
                    + OPENSEARCH_ENDPOINT + " and " + OPENSEARCH_DOMAIN_ARN + ", or neither to create a new domain");
        }
        if (arn.isEmpty()) {
            if (!INSTANCE_TYPE_PATTERN.matcher(instanceType).matches()) {
                throw new InvalidSettingException(OPENSEARCH_INSTANCE_TYPE,
                        "is not an OpenSearch instance type like t3.small.search: '" + instanceType + "'");
            }
            return new SearchDomainSettings(Optional.empty(), Optional.empty(), instanceType, count, volume);
        }
        if (!DOMAIN_ARN_PATTERN.matcher(arn.get()).matches()) {
            throw new InvalidSettingException(OPENSEARCH_DOMAIN_ARN,
                    "is not an OpenSearch domain ARN (arn:aws:es:<region>:<account>:domain/<name>): '" + arn.get() + "'");
        }
        return new SearchDomainSettings(Optional.of(httpsEndpoint(endpoint.get())), arn, instanceType, count, volume);
    }

    private static String httpsEndpoint(String endpoint) {
        String host = endpoint;
        if (host.regionMatches(true, 0, "http://", 0, 7)) {
            throw new InvalidSettingException(OPENSEARCH_ENDPOINT,
                    "must use https (the domain enforces HTTPS and requests are SigV4-signed): '" + endpoint + "'");
        }
        if (host.regionMatches(true, 0, "https://", 0, 8)) {
            host = host.substring(8);
        }
        while (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!HOST_PATTERN.matcher(host).matches()) {
            throw new InvalidSettingException(OPENSEARCH_ENDPOINT,
                    "must be the domain's host name or https URL without a path, got '" + endpoint + "'");
        }
        return "https://" + host;
    }

    private static Map<String, String> indexMap(ContextReader in, String tableName) {
        Map<String, String> map = new LinkedHashMap<>();
        Optional<String> text = in.string(INDEX_MAP);
        if (text.isPresent()) {
            for (String entry : text.get().split(",")) {
                String trimmed = entry.trim();
                int eq = trimmed.indexOf('=');
                if (eq <= 0 || eq == trimmed.length() - 1) {
                    throw new InvalidSettingException(INDEX_MAP,
                            "entries must be Table=index, separated by commas; bad entry '" + trimmed + "'");
                }
                String table = trimmed.substring(0, eq).trim();
                String index = trimmed.substring(eq + 1).trim();
                if (!table.equals(tableName)) {
                    throw new InvalidSettingException(INDEX_MAP, "names table '" + table
                            + "', but this stack streams only table '" + tableName + "'");
                }
                if (!INDEX_NAME_PATTERN.matcher(index).matches()) {
                    throw new InvalidSettingException(INDEX_MAP, "index '" + index + "' for table '" + table
                            + "' is not a valid OpenSearch index name (lower case a-z 0-9 . _ -, not starting with . _ -, at most 200 characters)");
                }
                if (map.put(table, index) != null) {
                    throw new InvalidSettingException(INDEX_MAP, "names table '" + table + "' twice");
                }
            }
        }
        if (!map.containsKey(tableName)) {
            String index = tableName.toLowerCase(Locale.ROOT);
            if (!INDEX_NAME_PATTERN.matcher(index).matches()) {
                throw new InvalidSettingException(INDEX_MAP, "is required: table '" + tableName
                        + "' lower-cased is not a valid OpenSearch index name; map it, e.g. " + tableName + "=myindex");
            }
            map.put(tableName, index);
        }
        return map;
    }

    private static Tuning tuning(ContextReader in) {
        int forwarderTimeout = in.integer(FORWARDER_TIMEOUT_SECONDS, 60, 3, 900);
        int workerBatchSize = in.integer(WORKER_BATCH_SIZE, 10, 1, 10_000);
        int workerWindow = in.integer(WORKER_BATCHING_WINDOW_SECONDS, 1, 0, 300);
        if (workerBatchSize > 10 && workerWindow < 1) {
            throw new InvalidSettingException(WORKER_BATCHING_WINDOW_SECONDS,
                    "must be at least 1 when " + WORKER_BATCH_SIZE + " is above 10 (an SQS event source rule)");
        }
        int workerTimeout = in.integer(WORKER_TIMEOUT_SECONDS, 60, 3, 900);
        if (6 * workerTimeout + workerWindow > SQS_MAX_VISIBILITY_SECONDS) {
            throw new InvalidSettingException(WORKER_TIMEOUT_SECONDS,
                    "is too long: the change queue's visibility timeout (6 x " + WORKER_TIMEOUT_SECONDS + " + "
                            + WORKER_BATCHING_WINDOW_SECONDS + ") must stay within SQS's 43200 s");
        }
        String ttlDeletes = in.string(TTL_DELETES, "delete").toLowerCase(Locale.ROOT);
        if (!ttlDeletes.equals("delete") && !ttlDeletes.equals("keep")) {
            throw new InvalidSettingException(TTL_DELETES, "must be delete or keep, got '" + ttlDeletes + "'");
        }
        int retention = in.integer(TOMBSTONE_RETENTION_DAYS, 15, 1, 3650);
        if (retention <= DLQ_RETENTION_DAYS) {
            throw new InvalidSettingException(TOMBSTONE_RETENTION_DAYS, "must be more than the dead-letter queue's "
                    + DLQ_RETENTION_DAYS + " days, or a replayed old change could resurrect a deleted item; got " + retention);
        }
        return new Tuning(
                in.integer(FORWARDER_BATCH_SIZE, 100, 1, 10_000),
                in.integer(FORWARDER_BATCHING_WINDOW_SECONDS, 1, 0, 300),
                in.integer(PARALLELIZATION_FACTOR, 1, 1, 10),
                in.integer(FORWARDER_RETRY_ATTEMPTS, 10, 0, 10_000),
                in.integer(FORWARDER_MAX_RECORD_AGE_SECONDS, 86_400, 60, 604_800),
                in.integer(FORWARDER_MEMORY_MB, 512, 128, 10_240),
                forwarderTimeout,
                workerBatchSize,
                workerWindow,
                in.integer(WORKER_MAX_CONCURRENCY, 5, 2, 1_000),
                in.integer(WORKER_MEMORY_MB, 1024, 128, 10_240),
                workerTimeout,
                in.integer(MAX_MESSAGE_BYTES, 262_144, 1_024, SQS_MAX_MESSAGE_BYTES),
                in.integer(MAX_RECEIVE_COUNT, 5, 5, 1_000),
                ttlDeletes,
                retention,
                in.integer(PURGE_HOUR_UTC, 3, 0, 23),
                in.bool(SNAP_START, true));
    }

    private static String assetFile(ContextReader in, String key, String defaultPath) {
        String path = in.string(key, defaultPath);
        if (!Files.isRegularFile(Path.of(path))) {
            throw new InvalidSettingException(key, "no Lambda jar at '" + path + "' (relative to the infra-cdk folder); "
                    + "run 'mvn package' from the project root first, it copies both Lambda jars to target/lambda");
        }
        return path;
    }
}
