package io.ddbsync.ops.commands;

import io.ddbsync.ops.progress.StatusBoard;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.model.config.TableRules;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.ops.cli.WorkerOptions;
import io.ddbsync.ops.mapping.Conflict;
import io.ddbsync.ops.mapping.MappingPlan;
import io.ddbsync.ops.mapping.MappingPlanner;
import io.ddbsync.ops.mapping.PathStats;
import io.ddbsync.ops.mapping.ValueType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code ddbsync mapping plan}: the types a table's items hold, the conflicts they make, and a template that takes them all. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Samples the table (a parallel Scan that stops after --sample items), converts each item as the worker does "
                        + "(the attribute lists, reserved names and --shaping of the table), and infers each path's types across "
                        + "the sample: strings (and date-like ones), integral, fractional and beyond-double-precision numbers, "
                        + "booleans, nulls, maps, lists, sets, binary.",
                "Lists the conflicts by path and kind, with counts and the keys of a few items (never a value): one path "
                        + "holding values one field type cannot take in any order (types), numbers a long or a double cannot "
                        + "hold exactly (number-precision), strings OpenSearch's date detection would make a date "
                        + "(date-detection), more fields than index.mapping.total_fields.limit (total-fields), and maps or lists "
                        + "nested deeper than index.mapping.depth.limit (depth).",
                "Writes a proposed template to --output: every path seen mapped explicitly, numbers so that every value stays "
                        + "searchable (long, unsigned_long, double, or keyword with a double sub-field), date detection off, "
                        + "--dynamic for paths the sample did not hold. It is the body ddbsync reindex --template takes, and "
                        + "the index's value in the worker's INDEX_TEMPLATES."},
        footer = {"%nExit 1 means conflicts were found (the template written takes every sampled item the worker can convert)."})
public final class MappingPlanCommand extends OpsCommand {

    private static final ObjectMapper M = new ObjectMapper();
    /** Item keys shown per conflict. */
    static final int SAMPLE_KEYS = 3;

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The DynamoDB table.")
    String table;

    @Option(names = "--sample", defaultValue = "1000", paramLabel = "N",
            description = "Items read at most, 1..1000000 (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--segments", defaultValue = "4", paramLabel = "N", description = "Parallel Scan segments, 1..64 (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Where the proposed template goes (default: mapping-<index>.json in the working directory).")
    Path output;

    @Option(names = "--dynamic", defaultValue = "true", paramLabel = "true|false|strict",
            description = "The template's policy for paths the sample did not hold: true maps them as ddbsync's default does "
                    + "(numbers double, strings text and keyword), false keeps them in _source unindexed, strict refuses the "
                    + "item (default: ${DEFAULT-VALUE}).")
    String dynamic;

    @Option(names = "--total-fields-limit", defaultValue = "1000", paramLabel = "N",
            description = "The index's index.mapping.total_fields.limit (default: OpenSearch's ${DEFAULT-VALUE}).")
    int totalFieldsLimit;

    @Mixin
    WorkerOptions worker;

    @Mixin
    AwsOptions aws;

    @Mixin
    AwsOptions.DynamoDbEndpoint dynamoDbEndpoint;

    @Override
    protected int execute() throws InterruptedException {
        MappingPlan.Dynamic policy = dynamic();
        if (sample < 1 || sample > 1_000_000) {
            throw new UsageException("--sample must be in 1..1000000, got " + sample);
        }
        if (segments < 1 || segments > 64) {
            throw new UsageException("--segments must be in 1..64, got " + segments);
        }
        if (totalFieldsLimit < 1) {
            throw new UsageException("--total-fields-limit must be positive, got " + totalFieldsLimit);
        }
        TableRules rules = worker.rules();
        String index = worker.alias(rules, table);
        DocumentConverter converter = rules.converterFor(table);
        Path file = output != null ? output : Path.of("mapping-" + index + ".json");
        PrintWriter progress = err();
        AtomicLong read = new AtomicLong();
        // redrawn in place on a terminal; whole lines now and then in a log (a bare \r runs them together)
        StatusBoard board = StatusBoard.on(progress);
        MappingPlan plan;
        try (DynamoDbClient dynamoDb = aws.dynamoDb(dynamoDbEndpoint)) {
            plan = new MappingPlanner(dynamoDb, converter).plan(table, new MappingPlanner.Sample(sample, segments, SAMPLE_KEYS),
                    new MappingPlan.Settings(policy, totalFieldsLimit, worker.metadataField()),
                    n -> board.show(List.of("sampled " + read.addAndGet(n) + " items")));
        }
        board.finish(List.of("sampled " + read.get() + " items"));
        write(file, plan);
        PrintWriter out = out();
        print(out, table, index, file, plan);
        out.flush();
        return plan.conflicts().isEmpty() ? OK : ATTENTION;
    }

    private MappingPlan.Dynamic dynamic() {
        try {
            return MappingPlan.Dynamic.valueOf(dynamic.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--dynamic must be true, false or strict, got '" + dynamic + "'", e);
        }
    }

    private static void write(Path file, MappingPlan plan) {
        try {
            Files.writeString(file, M.writerWithDefaultPrettyPrinter().writeValueAsString(plan.template()) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the proposed template to " + file, e);
        }
    }

    static void print(PrintWriter out, String table, String index, Path file, MappingPlan plan) {
        out.println("Sampled " + plan.sampled() + " item(s) of table " + table + (plan.complete() ? " (the whole table)"
                : " (the table may hold more; --sample reads more)") + "; " + plan.documents() + " converted as the worker converts them "
                + "for the index " + index + ".");
        out.println();
        Map<String, PathStats> paths = plan.paths();
        int width = Math.max(4, paths.keySet().stream().mapToInt(String::length).max().orElse(4));
        String row = "%-" + width + "s  %-52s %-10s %s%n";
        out.printf(row, "path", "types (values)", "dynamodb", "proposed mapping");
        paths.forEach((path, s) -> out.printf(row, path, types(s), String.join(",", s.dynamoTypes()), MappingPlan.proposed(s)));
        out.println();
        if (plan.conflicts().isEmpty()) {
            out.println("No conflicts: every sampled item indexes under OpenSearch's defaults as under the proposed template.");
        } else {
            out.println(plan.conflicts().size() + " conflict(s):");
            for (Conflict c : plan.conflicts()) {
                out.println("  " + c.kind().label() + "  " + (c.path().isEmpty() ? "(item)" : c.path()) + "  " + c.count()
                        + "  keys " + String.join(", ", c.sampleKeys()));
                out.println("      " + c.detail());
            }
        }
        out.println();
        out.println("Wrote the proposed template (" + plan.fields() + " fields) to " + file + ": ddbsync reindex --table " + table
                + " --template " + file + " … applies it; put it in the worker's INDEX_TEMPLATES as {\"" + index
                + "\": <the file's content>} so the indexes it creates keep it.");
    }

    private static String types(PathStats s) {
        StringBuilder b = new StringBuilder();
        for (ValueType t : EnumSet.allOf(ValueType.class)) {
            if (s.count(t) > 0) {
                b.append(b.length() > 0 ? ", " : "").append(t.label()).append(' ').append(s.count(t));
            }
        }
        if (s.lists() > 0) {
            b.append(b.length() > 0 ? ", " : "").append("in ").append(s.lists()).append(" list(s)");
        }
        return b.toString();
    }
}
