package io.ddbsync.infra.config;

import static io.ddbsync.infra.config.ContextKeys.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.model.config.ConfigException;
import io.ddbsync.model.config.SearchTargetConfig;
import io.ddbsync.model.config.TableRules;
import io.ddbsync.model.shape.ShapeStep;
import io.ddbsync.model.shape.Shaping;
import io.ddbsync.model.shape.ShapingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
public record DdbSyncSettings(String stackName, List<SourceTable> tables, SearchDomainSettings domain,
                              VpcSettings vpc, Optional<String> alarmEmail, Tuning tuning,
                              AlarmThresholds thresholds, String forwarderJar, String workerJar, String backfillJar,
                              StreamFailureSettings streamFailures, BackfillSettings backfill) {

    public static final String DEFAULT_DEMO_TABLE_NAME = "ddbsync-demo";
    public static final String DEFAULT_FORWARDER_JAR = "target/lambda/stream-forwarder.jar";
    public static final String DEFAULT_WORKER_JAR = "target/lambda/index-worker.jar";
    public static final String DEFAULT_BACKFILL_JAR = "target/lambda/backfill-worker.jar";
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
    private static final Pattern COLLECTION_ARN_PATTERN = Pattern.compile(
            "arn:aws[a-z-]*:aoss:[a-z0-9-]+:\\d{12}:collection/[a-z0-9]{3,40}");
    private static final Pattern HOST_PATTERN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern INDEX_NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,199}");
    private static final Pattern EMAIL_PATTERN = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");
    private static final Pattern INSTANCE_TYPE_PATTERN = Pattern.compile("[a-z0-9]+\\.[a-z0-9]+\\.search");

    /**
     * Stream records per forwarder invocation unless {@code forwarderBatchSize} says otherwise, as the
     * stream-forwarder README advises and {@code ddbsync local} runs it. Larger batches only form under
     * load (at low traffic the 1 s batching window invokes first, so they add no lag); under load they
     * fill compressed messages (1,000 changes of 1 KB: 19 billed SQS units at 100, about 15 at 500) and
     * need a fifth of the invocations, which is also what bounds a shard's throughput. Lambda caps an
     * event at 6 MB whatever the batch size (large items make smaller batches), so 500 records still fit
     * the forwarder's 60 s timeout with a few SendMessageBatch calls (each at most 1 MiB).
     */
    public static final int DEFAULT_FORWARDER_BATCH_SIZE = 500;
    /** The forwarder's memory (MB) unless {@code forwarderMemoryMb} is set; {@code ddbsync bench} prices Lambda with it. */
    public static final int DEFAULT_FORWARDER_MEMORY_MB = 512;
    /** The worker's memory (MB) unless {@code workerMemoryMb} is set; {@code ddbsync bench} prices Lambda with it. */
    public static final int DEFAULT_WORKER_MEMORY_MB = 1024;
    /** The replay window left by the default maximum record age: 24 h stream retention - 6 h. */
    public static final int DEFAULT_MAX_RECORD_AGE_SECONDS = 6 * 3600;
    /** A Lambda function's environment (names and values) may hold at most 4 KB. */
    public static final int LAMBDA_ENV_MAX_BYTES = 4096;
    private static final Pattern STACK_NAME_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");
    private static final Pattern KMS_KEY_ARN_PATTERN = Pattern.compile(
            "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
    private static final Pattern VPC_ID_PATTERN = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET_ID_PATTERN = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern SECURITY_GROUP_ID_PATTERN = Pattern.compile("sg-[0-9a-f]{8,17}");
    private static final Pattern ROUTE_TABLE_ID_PATTERN = Pattern.compile("rtb-[0-9a-f]{8,17}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public DdbSyncSettings {
        tables = List.copyOf(tables);
    }

    /** The worker's INDEX_MAP: table name → index, in the order the tables were given. */
    public Map<String, String> indexMap() {
        Map<String, String> map = new LinkedHashMap<>();
        tables.forEach(t -> map.put(t.name(), t.index()));
        return Collections.unmodifiableMap(map);
    }

    /**
     * The worker's INDEX_TEMPLATES: index → template JSON, for the tables that give one. On a new
     * one-node domain every other table's index gets {@link #ONE_NODE_TEMPLATE} (no replicas: a
     * replica can never be assigned there, so the index would stay yellow); a template with settings
     * only keeps the worker's default mappings.
     */
    public Map<String, String> indexTemplates() {
        boolean oneNewNode = domain.endpoint().isEmpty() && domain.instanceCount() == 1;
        Map<String, String> map = new LinkedHashMap<>();
        tables.forEach(t -> t.template().or(() -> oneNewNode ? Optional.of(ONE_NODE_TEMPLATE) : Optional.empty())
                .ifPresent(json -> map.put(t.index(), json)));
        return Collections.unmodifiableMap(map);
    }

    /** The worker's DOCUMENT_SHAPING: the shaping steps of every table that gives some. */
    public Shaping shaping() {
        Map<String, List<ShapeStep>> byTable = new LinkedHashMap<>();
        tables.forEach(t -> {
            if (!t.shaping().isEmpty()) {
                byTable.put(t.name(), t.shaping());
            }
        });
        return Shaping.of(byTable);
    }

    /**
     * The worker's TEXT_ANALYSIS: {@code index=analysis,…} for the tables whose index analyses text other than
     * {@code standard}; empty when none does.
     */
    public String textAnalysis() {
        return String.join(",", tables.stream()
                .filter(t -> !t.textAnalysis().equals(SourceTable.DEFAULT_TEXT_ANALYSIS))
                .map(t -> t.index() + "=" + t.textAnalysis()).toList());
    }

    /**
     * The variables that shape the worker's index templates, as the worker reads them ({@code IndexTemplates.fromEnv}):
     * INDEX_TEMPLATES (one JSON object of index → template) and TEXT_ANALYSIS, each only when it has a value.
     */
    public Map<String, String> templateEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (!indexTemplates().isEmpty()) {
            StringBuilder json = new StringBuilder("{");
            indexTemplates().forEach((index, template) -> json.append(json.length() > 1 ? "," : "")
                    .append('"').append(index).append("\":").append(template));
            env.put(io.ddbsync.worker.opensearch.IndexTemplates.ENV, json.append('}').toString());
        }
        if (!textAnalysis().isEmpty()) {
            env.put(io.ddbsync.worker.opensearch.IndexTemplates.TEXT_ANALYSIS_ENV, textAnalysis());
        }
        return Collections.unmodifiableMap(env);
    }

    /** The template of an index on a one-node domain: default mappings, no replicas. */
    public static final String ONE_NODE_TEMPLATE = "{\"settings\":{\"number_of_replicas\":0}}";

    public boolean isDemo() {
        return tables.size() == 1 && tables.get(0).isDemo();
    }

    /**
     * The alarms of the stack this context synthesizes, read from the same inputs (tables, domain,
     * stream-failure destination) without needing the Lambda jars: what {@code ddbsync cost} counts.
     */
    public static AlarmPlan alarmPlan(Function<String, Object> context) {
        ContextReader in = new ContextReader(context);
        List<String> tables = sourceTables(in, context).stream().map(SourceTable::name).toList();
        return AlarmPlan.of(tables, streamFailures(in).toS3(), AlarmPlan.Domain.of(searchDomain(in)));
    }

    /** How many source tables this context synthesizes the stack for: what {@code ddbsync cost} counts metric series by. */
    public static int tableCount(Function<String, Object> context) {
        return sourceTables(new ContextReader(context), context).size();
    }

    private static List<SourceTable> sourceTables(ContextReader in, Function<String, Object> context) {
        String ttlDeletes = ttlPolicy(TTL_DELETES, in.string(TTL_DELETES, "delete"));
        String quarantine = onOff(QUARANTINE, in.string(QUARANTINE, "on"));
        return in.string(TABLES).isPresent()
                ? tables(in, context.apply(TABLES), ttlDeletes, quarantine)
                : List.of(oneTable(in, context, ttlDeletes).withQuarantine(quarantine));
    }

    /**
     * Reads and validates every input.
     *
     * @param context the context lookup, e.g. {@code app.getNode()::tryGetContext}
     */
    public static DdbSyncSettings fromContext(Function<String, Object> context) {
        ContextReader in = new ContextReader(context);
        List<SourceTable> tables = sourceTables(in, context);
        boolean demo = tables.size() == 1 && tables.get(0).isDemo();
        String stackName = stackName(in, demo, tables.get(0).name());
        SearchDomainSettings domain = searchDomain(in);
        VpcSettings vpc = vpc(in, domain);
        Optional<String> email = in.string(ALARM_EMAIL);
        email.ifPresent(value -> {
            if (!EMAIL_PATTERN.matcher(value).matches()) {
                throw new InvalidSettingException(ALARM_EMAIL, "is not an e-mail address: '" + value + "'");
            }
        });
        Tuning tuning = tuning(in, tables);
        AlarmThresholds thresholds = new AlarmThresholds(
                in.integer(ITERATOR_AGE_ALARM_SECONDS, 300, 10, 86_400),
                in.integer(OLDEST_MESSAGE_ALARM_SECONDS, 900, 60, 1_209_600),
                in.integer(WORKER_ERROR_RATE_ALARM_PERCENT, 5, 1, 100));
        String forwarderJar = assetFile(in, FORWARDER_JAR, DEFAULT_FORWARDER_JAR);
        String workerJar = assetFile(in, WORKER_JAR, DEFAULT_WORKER_JAR);
        String backfillJar = assetFile(in, BACKFILL_JAR, DEFAULT_BACKFILL_JAR);
        DdbSyncSettings settings = new DdbSyncSettings(stackName, tables, domain, vpc, email, tuning, thresholds,
                forwarderJar, workerJar, backfillJar, streamFailures(in), backfill(in));
        settings.checkWorkerEnvironmentSize();
        return settings;
    }

    private static StreamFailureSettings streamFailures(ContextReader in) {
        String destination = in.string(STREAM_FAILURE_DESTINATION, "s3").toLowerCase(Locale.ROOT);
        StreamFailureSettings.Destination kind = switch (destination) {
            case "s3" -> StreamFailureSettings.Destination.S3;
            case "sqs" -> StreamFailureSettings.Destination.SQS;
            default -> throw new InvalidSettingException(STREAM_FAILURE_DESTINATION, "must be s3 (the failure bucket "
                    + "keeps the whole invocation record) or sqs (the stream-failure queue keeps metadata only), got '"
                    + destination + "'");
        };
        if (kind == StreamFailureSettings.Destination.SQS && in.string(FAILURE_RECORD_RETENTION_DAYS).isPresent()) {
            throw new InvalidSettingException(FAILURE_RECORD_RETENTION_DAYS, "sets how long the failure bucket keeps "
                    + "records, and " + STREAM_FAILURE_DESTINATION + "=sqs has no failure bucket (its queue keeps "
                    + "metadata " + DLQ_RETENTION_DAYS + " days)");
        }
        return new StreamFailureSettings(kind, in.integer(FAILURE_RECORD_RETENTION_DAYS,
                StreamFailureSettings.DEFAULT_RETENTION_DAYS, 2, 3650));
    }

    private static BackfillSettings backfill(ContextReader in) {
        int timeout = in.integer(BACKFILL_TIMEOUT_SECONDS, BackfillSettings.DEFAULT_TIMEOUT_SECONDS, 10, 900);
        return new BackfillSettings(timeout,
                in.integer(EXPORT_RETENTION_DAYS, BackfillSettings.DEFAULT_EXPORT_RETENTION_DAYS, 1, 3650),
                in.integer(BACKFILL_MAX_CONCURRENCY, BackfillSettings.DEFAULT_MAX_CONCURRENCY,
                        BackfillSettings.MIN_MAX_CONCURRENCY, BackfillSettings.MAX_MAX_CONCURRENCY),
                in.integer(BACKFILL_MEMORY_MB, BackfillSettings.DEFAULT_MEMORY_MB, 128, 10_240));
    }

    /** INDEX_MAP, INDEX_TEMPLATES and DOCUMENT_SHAPING must fit, with the other variables, in Lambda's 4 KB environment. */
    private void checkWorkerEnvironmentSize() {
        int bytes = 512; // the other worker variables (endpoint, table names, flags) with their names
        bytes += indexMap().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        bytes += shaping().isEmpty() ? 0 : shaping().toJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 20;
        bytes += textAnalysis().isEmpty() ? 0 : textAnalysis().length() + 20;
        for (Map.Entry<String, String> e : indexTemplates().entrySet()) {
            bytes += e.getKey().length() + e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 4;
        }
        if (bytes > LAMBDA_ENV_MAX_BYTES) {
            throw new InvalidSettingException(TABLES, "the tables' index map, templates and shaping need about " + bytes
                    + " bytes of the worker's environment, more than Lambda's " + LAMBDA_ENV_MAX_BYTES
                    + " bytes: shorten the templates (drop what the default mappings already give) or the shaping");
        }
    }

    private static String stackName(ContextReader in, boolean demo, String demoTable) {
        Optional<String> given = in.string(STACK_NAME);
        if (given.isEmpty() && !demo) {
            throw new InvalidSettingException(STACK_NAME, "is required with existing tables: name the deployment "
                    + "(e.g. orders-search); a second deployment under the same name would replace the first "
                    + "one's stream mappings");
        }
        String derived = demoTable.replaceAll("[^A-Za-z0-9-]", "-");
        String name = given.orElseGet(() -> derived.startsWith("ddbsync") ? derived : "ddbsync-" + derived);
        if (!STACK_NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidSettingException(STACK_NAME,
                    "must start with a letter and hold only letters, digits and '-' (at most 128): '" + name + "'");
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private static List<SourceTable> tables(ContextReader in, Object raw, String defaultTtl, String defaultQuarantine) {
        if (in.string(TABLE_NAME).isPresent() || in.string(TABLE_STREAM_ARN).isPresent()
                || in.string(INDEX_MAP).isPresent() || in.string(DEMO_TABLE_NAME).isPresent()) {
            throw new InvalidSettingException(TABLES, "cannot be combined with " + TABLE_NAME + ", " + TABLE_STREAM_ARN
                    + ", " + INDEX_MAP + " or " + DEMO_TABLE_NAME + ": list every table in " + TABLES);
        }
        Object value = raw;
        if (raw instanceof String text) {
            try {
                value = JSON.readValue(text, Object.class);
            } catch (java.io.IOException e) {
                throw new InvalidSettingException(TABLES, "is not valid JSON: " + e.getMessage(), e);
            }
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidSettingException(TABLES, "must be a non-empty JSON array of {\"name\", \"streamArn\", "
                    + "\"index\", \"ttlDeletes\", \"template\", \"kmsKeyArn\"}");
        }
        List<SourceTable> tables = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> indexes = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String key = TABLES + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                throw new InvalidSettingException(key, "must be a JSON object");
            }
            for (Object field : entry.keySet()) {
                if (!TABLE_FIELDS.contains(field)) {
                    throw new InvalidSettingException(key + "." + field, "is not a table setting; known: " + TABLE_FIELDS);
                }
            }
            String name = text(entry, key + ".name").orElseThrow(
                    () -> new InvalidSettingException(key + ".name", "is required"));
            requireTableName(key + ".name", name);
            String streamArn = text(entry, key + ".streamArn").orElseThrow(
                    () -> new InvalidSettingException(key + ".streamArn", "is required: the table's LatestStreamArn"));
            checkStreamArn(key + ".streamArn", streamArn, name);
            String index = text(entry, key + ".index").orElse(name.toLowerCase(Locale.ROOT));
            checkIndex(key + ".index", index, name);
            String ttl = ttlPolicy(key + ".ttlDeletes", text(entry, key + ".ttlDeletes").orElse(defaultTtl));
            String quarantine = onOff(key + ".quarantine", text(entry, key + ".quarantine").orElse(defaultQuarantine));
            Optional<String> template = template(key + ".template", entry.get("template"));
            List<ShapeStep> shaping = shaping(key + ".shaping", name, entry.get("shaping"));
            Optional<String> kms = text(entry, key + ".kmsKeyArn");
            kms.ifPresent(k -> checkKmsKey(key + ".kmsKeyArn", k));
            if (!names.add(name)) {
                throw new InvalidSettingException(key + ".name", "table '" + name + "' is listed twice");
            }
            if (!indexes.add(index)) {
                throw new InvalidSettingException(key + ".index", "index '" + index + "' is already used by another table");
            }
            String analysis = textAnalysis(key + ".textAnalysis", text(entry, key + ".textAnalysis"));
            tables.add(SourceTable.existing(name, streamArn, index, template, kms, ttl).withShaping(shaping)
                    .withQuarantine(quarantine).withTextAnalysis(analysis));
        }
        return tables;
    }

    private static final Set<String> TABLE_FIELDS = Set.of("name", "streamArn", "index", "ttlDeletes", "template", "kmsKeyArn",
            "shaping", "quarantine", "textAnalysis");

    /** The one table of the shorthand forms, with the {@code shaping} setting's steps. */
    private static SourceTable oneTable(ContextReader in, Function<String, Object> context, String ttlDeletes) {
        SourceTable table = sourceTable(in, ttlDeletes);
        return table.withShaping(shaping(SHAPING, table.name(), context.apply(SHAPING)))
                .withTextAnalysis(textAnalysis(TEXT_ANALYSIS, in.string(TEXT_ANALYSIS)));
    }

    /** A table's text analysis, checked as the worker checks TEXT_ANALYSIS; {@code standard} when absent. */
    private static String textAnalysis(String key, Optional<String> value) {
        if (value.isEmpty()) {
            return SourceTable.DEFAULT_TEXT_ANALYSIS;
        }
        try {
            return io.ddbsync.worker.opensearch.TextAnalysis.of(key, value.get().toLowerCase(Locale.ROOT)).configName();
        } catch (ConfigException e) {
            throw new InvalidSettingException(key, e.getMessage().replaceFirst("^" + Pattern.quote(key) + ": ", ""), e);
        }
    }

    /**
     * A table's shaping steps: a JSON array (or its text) in {@code Shaping}'s form, checked as the worker checks
     * DOCUMENT_SHAPING (the worker's default metadata field); none when absent.
     */
    private static List<ShapeStep> shaping(String key, String table, Object value) {
        if (value == null) {
            return List.of();
        }
        try {
            String steps = value instanceof String s ? s : JSON.writeValueAsString(value);
            if (steps.isBlank()) {
                return List.of();
            }
            Shaping definition = Shaping.parse(JSON.writeValueAsString(Map.of(table, JSON.readTree(steps))));
            new TableRules(Map.of(), Map.of(), Map.of(), TableRules.DEFAULT_METADATA_FIELD, definition);
            return definition.stepsFor(table);
        } catch (ShapingException e) {
            throw new InvalidSettingException(key, e.getMessage(), e);
        } catch (ConfigException e) {
            throw new InvalidSettingException(key, e.getMessage().replaceFirst("^" + Shaping.VARIABLE + ": ", ""), e);
        } catch (java.io.IOException e) {
            throw new InvalidSettingException(key, "is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Optional<String> text(Map<?, ?> entry, String key) {
        String field = key.substring(key.lastIndexOf('.') + 1);
        Object v = entry.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new InvalidSettingException(key, "must be a string");
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    private static Optional<String> template(String key, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        Object tree = value;
        try {
            if (value instanceof String s) {
                tree = JSON.readValue(s, Object.class);
            }
            if (!(tree instanceof Map<?, ?> map) || !map.keySet().stream().allMatch(k -> k.equals("settings") || k.equals("mappings"))) {
                throw new InvalidSettingException(key, "must be a JSON object with \"settings\" and/or \"mappings\"");
            }
            return Optional.of(JSON.writeValueAsString(tree));
        } catch (java.io.IOException e) {
            throw new InvalidSettingException(key, "is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String onOff(String key, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("on") && !v.equals("off")) {
            throw new InvalidSettingException(key, "must be on or off, got '" + value + "'");
        }
        return v;
    }

    /** The worker's QUARANTINE: one value when the tables agree, else {@code Table=on|off} for each table. */
    public String quarantine() {
        return perTableValue(tables, SourceTable::quarantine);
    }

    /**
     * A worker variable of per-table values ({@code TTL_DELETES}, {@code QUARANTINE}): the one value when every table has
     * it, else {@code Table=value} for each table, comma-separated.
     */
    private static String perTableValue(List<SourceTable> tables, Function<SourceTable, String> value) {
        boolean one = tables.stream().map(value).distinct().count() == 1;
        return one ? value.apply(tables.get(0))
                : String.join(",", tables.stream().map(t -> t.name() + "=" + value.apply(t)).toList());
    }

    private static String ttlPolicy(String key, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("delete") && !v.equals("keep")) {
            throw new InvalidSettingException(key, "must be delete or keep, got '" + value + "'");
        }
        return v;
    }

    private static void checkKmsKey(String key, String arn) {
        if (!KMS_KEY_ARN_PATTERN.matcher(arn).matches()) {
            throw new InvalidSettingException(key, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>): '" + arn + "'");
        }
    }

    private static void checkStreamArn(String key, String streamArn, String tableName) {
        Matcher arn = STREAM_ARN_PATTERN.matcher(streamArn);
        if (!arn.matches()) {
            throw new InvalidSettingException(key,
                    "is not a DynamoDB stream ARN (arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>): '"
                            + streamArn + "'");
        }
        if (!arn.group(1).equals(tableName)) {
            throw new InvalidSettingException(key, "belongs to table '" + arn.group(1) + "', not to '" + tableName + "'");
        }
    }

    private static void checkIndex(String key, String index, String table) {
        if (!INDEX_NAME_PATTERN.matcher(index).matches()) {
            throw new InvalidSettingException(key, "index '" + index + "' for table '" + table
                    + "' is not a valid OpenSearch index name (lower case a-z 0-9 . _ -, not starting with . _ -, at most 200 characters)");
        }
    }

    private static VpcSettings vpc(ContextReader in, SearchDomainSettings domain) {
        Optional<String> vpcId = in.string(VPC_ID);
        List<String> subnets = ids(in, VPC_SUBNET_IDS, SUBNET_ID_PATTERN);
        List<String> groups = ids(in, VPC_SECURITY_GROUP_IDS, SECURITY_GROUP_ID_PATTERN);
        List<String> routeTables = ids(in, VPC_ROUTE_TABLE_IDS, ROUTE_TABLE_ID_PATTERN);
        boolean demoVpc = in.bool(DEMO_VPC, false);
        boolean bastion = in.bool(BASTION, false);
        if (bastion && !demoVpc) {
            throw new InvalidSettingException(BASTION, "adds a Session Manager bastion to the new VPC of "
                    + DEMO_VPC + "=true; for a domain in an existing VPC, port-forward through any instance there that "
                    + "Session Manager manages, or run the commands from a host in that VPC (see the README)");
        }
        if (vpcId.isEmpty()) {
            for (String key : List.of(VPC_SUBNET_IDS, VPC_SECURITY_GROUP_IDS, VPC_ROUTE_TABLE_IDS)) {
                if (in.string(key).isPresent()) {
                    throw new InvalidSettingException(key, "needs " + VPC_ID + " (the VPC these belong to)");
                }
            }
            if (demoVpc && domain.isExisting()) {
                throw new InvalidSettingException(DEMO_VPC, "only places a new (demo) domain in a new VPC; for an "
                        + "existing VPC domain give " + VPC_ID + " and " + VPC_SUBNET_IDS);
            }
            return demoVpc ? VpcSettings.newVpc(bastion) : VpcSettings.none();
        }
        if (!VPC_ID_PATTERN.matcher(vpcId.get()).matches()) {
            throw new InvalidSettingException(VPC_ID, "is not a VPC id (vpc-…): '" + vpcId.get() + "'");
        }
        if (demoVpc) {
            throw new InvalidSettingException(DEMO_VPC, "cannot be combined with " + VPC_ID);
        }
        if (!domain.isExisting()) {
            throw new InvalidSettingException(VPC_ID, "is for an existing VPC domain (give " + OPENSEARCH_ENDPOINT
                    + " and " + OPENSEARCH_DOMAIN_ARN + "); a new demo domain goes into a new VPC with " + DEMO_VPC + "=true");
        }
        if (subnets.isEmpty()) {
            throw new InvalidSettingException(VPC_SUBNET_IDS, "is required with " + VPC_ID
                    + ": the private subnets (comma-separated) the worker and purge Lambdas run in");
        }
        return VpcSettings.existing(vpcId.get(), subnets, groups, routeTables);
    }

    private static List<String> ids(ContextReader in, String key, Pattern pattern) {
        Optional<String> text = in.string(key);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String part : text.get().split(",")) {
            String id = part.trim();
            if (!pattern.matcher(id).matches()) {
                throw new InvalidSettingException(key, "'" + id + "' is not an id like " + pattern.pattern());
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static SourceTable sourceTable(ContextReader in, String ttlDeletes) {
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
            return SourceTable.demo(demoName, view, indexMap(in, demoName), ttlDeletes);
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
        checkStreamArn(TABLE_STREAM_ARN, streamArn.get(), name.get());
        Optional<String> kms = in.string(TABLE_KMS_KEY_ARN);
        kms.ifPresent(k -> checkKmsKey(TABLE_KMS_KEY_ARN, k));
        return SourceTable.existing(name.get(), streamArn.get(), indexMap(in, name.get()), Optional.empty(), kms, ttlDeletes);
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
        SearchTargetConfig.SigningService signing = signingService(in);
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
            if (in.string(OPENSEARCH_DEDICATED_MASTERS).isPresent()) {
                throw new InvalidSettingException(OPENSEARCH_DEDICATED_MASTERS,
                        "describes an existing domain; a new domain has no dedicated masters");
            }
            if (signing == SearchTargetConfig.SigningService.AOSS) {
                throw new InvalidSettingException(OPENSEARCH_SIGNING_SERVICE, "aoss is for an existing OpenSearch Serverless "
                        + "collection (give " + OPENSEARCH_ENDPOINT + " and " + OPENSEARCH_DOMAIN_ARN + " = its ARN); a new "
                        + "domain is an OpenSearch Service domain, signed as es");
            }
            return new SearchDomainSettings(Optional.empty(), Optional.empty(), instanceType, count, true, volume, true, false,
                    signing);
        }
        if (signing == SearchTargetConfig.SigningService.AOSS) {
            if (!COLLECTION_ARN_PATTERN.matcher(arn.get()).matches()) {
                throw new InvalidSettingException(OPENSEARCH_DOMAIN_ARN, "with " + OPENSEARCH_SIGNING_SERVICE
                        + "=aoss is an OpenSearch Serverless collection ARN (arn:aws:aoss:<region>:<account>:collection/<id>): '"
                        + arn.get() + "'");
            }
            return new SearchDomainSettings(Optional.of(httpsEndpoint(endpoint.get())), arn, instanceType, count, false, volume,
                    false, false, signing);
        }
        if (!DOMAIN_ARN_PATTERN.matcher(arn.get()).matches()) {
            throw new InvalidSettingException(OPENSEARCH_DOMAIN_ARN,
                    "is not an OpenSearch domain ARN (arn:aws:es:<region>:<account>:domain/<name>): '" + arn.get() + "'");
        }
        return new SearchDomainSettings(Optional.of(httpsEndpoint(endpoint.get())), arn, instanceType, count,
                in.string(OPENSEARCH_INSTANCE_COUNT).isPresent(), volume, in.string(OPENSEARCH_VOLUME_GIB).isPresent(),
                in.bool(OPENSEARCH_DEDICATED_MASTERS, false), signing);
    }

    private static SearchTargetConfig.SigningService signingService(ContextReader in) {
        String text = in.string(OPENSEARCH_SIGNING_SERVICE, "es");
        try {
            return SearchTargetConfig.SigningService.of(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(OPENSEARCH_SIGNING_SERVICE, "must be es (an OpenSearch Service domain) or aoss "
                    + "(an OpenSearch Serverless collection), got '" + text + "'");
        }
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

    /** The index of the one table of the shorthand form: from {@code indexMap}, else the table name lower-cased. */
    private static String indexMap(ContextReader in, String tableName) {
        String index = null;
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
                String mapped = trimmed.substring(eq + 1).trim();
                if (!table.equals(tableName)) {
                    throw new InvalidSettingException(INDEX_MAP, "names table '" + table
                            + "', but this stack streams only table '" + tableName + "' (list several tables in " + TABLES + ")");
                }
                if (index != null) {
                    throw new InvalidSettingException(INDEX_MAP, "names table '" + table + "' twice");
                }
                checkIndex(INDEX_MAP, mapped, table);
                index = mapped;
            }
        }
        if (index == null) {
            index = tableName.toLowerCase(Locale.ROOT);
            if (!INDEX_NAME_PATTERN.matcher(index).matches()) {
                throw new InvalidSettingException(INDEX_MAP, "is required: table '" + tableName
                        + "' lower-cased is not a valid OpenSearch index name; map it, e.g. " + tableName + "=myindex");
            }
        }
        return index;
    }

    private static Tuning tuning(ContextReader in, List<SourceTable> tables) {
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
        String ttlDeletes = perTableValue(tables, SourceTable::ttlDeletes);
        int retention = in.integer(TOMBSTONE_RETENTION_DAYS, 15, 1, 3650);
        if (retention <= DLQ_RETENTION_DAYS) {
            throw new InvalidSettingException(TOMBSTONE_RETENTION_DAYS, "must be more than the dead-letter queue's "
                    + DLQ_RETENTION_DAYS + " days, or a replayed old change could resurrect a deleted item; got " + retention);
        }
        Optional<ProvisionedPollers> pollers = provisionedPollers(in);
        return new Tuning(
                in.integer(FORWARDER_BATCH_SIZE, DEFAULT_FORWARDER_BATCH_SIZE, 1, 10_000),
                in.integer(FORWARDER_BATCHING_WINDOW_SECONDS, 1, 0, 300),
                in.integer(PARALLELIZATION_FACTOR, 1, 1, 10),
                in.integer(FORWARDER_RETRY_ATTEMPTS, 10, 0, 10_000),
                in.integer(FORWARDER_MAX_RECORD_AGE_SECONDS, DEFAULT_MAX_RECORD_AGE_SECONDS, 60, 86_400),
                in.integer(FORWARDER_MEMORY_MB, DEFAULT_FORWARDER_MEMORY_MB, 128, 10_240),
                forwarderTimeout,
                workerBatchSize,
                workerWindow,
                in.integer(WORKER_MAX_CONCURRENCY, 5, 2, 1_000),
                in.integer(WORKER_MEMORY_MB, DEFAULT_WORKER_MEMORY_MB, 128, 10_240),
                workerTimeout,
                in.integer(MAX_MESSAGE_BYTES, io.ddbsync.model.config.ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
                        io.ddbsync.model.config.ForwarderConfig.MIN_MAX_MESSAGE_BYTES, SQS_MAX_MESSAGE_BYTES),
                in.integer(MAX_RECEIVE_COUNT, 5, 5, 1_000),
                ttlDeletes,
                retention,
                in.integer(PURGE_HOUR_UTC, 3, 0, 23),
                in.bool(SNAP_START, true),
                pollers,
                in.bool(TRACING, false));
    }

    /** Provisioned mode of the worker's mapping, when either poller bound is given. */
    private static Optional<ProvisionedPollers> provisionedPollers(ContextReader in) {
        if (in.string(WORKER_MINIMUM_POLLERS).isEmpty() && in.string(WORKER_MAXIMUM_POLLERS).isEmpty()) {
            return Optional.empty();
        }
        if (in.string(WORKER_MAX_CONCURRENCY).isPresent()) {
            throw new InvalidSettingException(WORKER_MAX_CONCURRENCY, "cannot be combined with " + WORKER_MINIMUM_POLLERS
                    + "/" + WORKER_MAXIMUM_POLLERS + ": AWS makes an SQS event source mapping's maximum concurrency and "
                    + "provisioned mode mutually exclusive; give one or the other");
        }
        int minimum = in.integer(WORKER_MINIMUM_POLLERS, ProvisionedPollers.DEFAULT_MINIMUM, ProvisionedPollers.MIN_MINIMUM,
                ProvisionedPollers.MAX_MINIMUM);
        int maximum = in.integer(WORKER_MAXIMUM_POLLERS, ProvisionedPollers.DEFAULT_MAXIMUM,
                ProvisionedPollers.MIN_MINIMUM, ProvisionedPollers.MAX_MAXIMUM);
        if (minimum > maximum) {
            throw new InvalidSettingException(WORKER_MINIMUM_POLLERS, "must not exceed " + WORKER_MAXIMUM_POLLERS + " ("
                    + minimum + " > " + maximum + ")");
        }
        return Optional.of(new ProvisionedPollers(minimum, maximum));
    }

    private static String assetFile(ContextReader in, String key, String defaultPath) {
        String path = in.string(key, defaultPath);
        if (!Files.isRegularFile(Path.of(path))) {
            throw new InvalidSettingException(key, "no Lambda jar at '" + path + "' (relative to the infra-cdk folder); "
                    + "run 'mvn package' from the project root first, it copies the Lambda jars to target/lambda");
        }
        return path;
    }
}
