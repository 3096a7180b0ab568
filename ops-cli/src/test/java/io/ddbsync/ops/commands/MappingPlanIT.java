package io.ddbsync.ops.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.ops.cli.WorkerOptions;
import io.ddbsync.ops.mapping.DateDetection;
import io.ddbsync.testbench.local.SamplePosts;
import io.ddbsync.worker.opensearch.IndexBootstrap;
import io.ddbsync.worker.opensearch.IndexTemplates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ddbsync mapping plan} on the real services: it names every conflict of a table built to conflict, and the
 * template it proposes — read by the worker's own INDEX_TEMPLATES parser and installed by the worker's own bootstrap
 * in the real OpenSearch — takes every sampled document the worker can convert, with zero bulk errors.
 */
class MappingPlanIT {

    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void plan_samplePosts_typesOfTheDemoTableAndATemplateUnderWhichEveryPostIndexes() throws Exception {
        Pipeline p = new Pipeline("MappingPosts");
        Instant now = Instant.parse("2026-12-04T10:15:30Z");
        for (int n = 1; n <= 40; n++) {
            Map<String, AttributeValue> post = SamplePosts.post(n, 0, now);
            p.dynamoDb.putItem(b -> b.tableName(p.table).item(post));
        }
        String shaping = SamplePosts.shaping(p.table).toJson().toString();
        Path file = dir.resolve("posts.json");

        TestRoot.Run run = TestRoot.run(args(p, "--shaping", shaping, "--output", file.toString()));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(OpsCommand.ATTENTION);
        assertThat(run.out()).contains("Sampled 40 item(s) of table " + p.table + " (the whole table); 40 converted")
                .contains("2 conflict(s):").contains("date-detection  updatedAt  40  keys ")
                // dynalite, like DynamoDB, keeps a rating of 3.0 as 3: an integer next to fractions
                .contains("types  rating  40  keys ");
        ObjectNode template = (ObjectNode) M.readTree(Files.readString(file));
        JsonNode properties = template.at("/mappings/properties");
        assertThat(properties.at("/body_text/type").asText()).isEqualTo("text");
        assertThat(properties.at("/viewCount/type").asText()).isEqualTo("long");
        assertThat(properties.at("/tags/fields/keyword/type").asText()).isEqualTo("keyword");
        assertThat(properties.at("/blocks/properties/image/properties/width/type").asText()).isEqualTo("long");
        assertThat(properties.at("/updatedAt/fields/date/type").asText()).isEqualTo("date");
        assertThat(indexAll(p, "--shaping", shaping, template, alias -> {
            assertThat(hits(p, alias, "{\"range\":{\"updatedAt.date\":{\"gte\":\"2026-12-04\"}}}")).isEqualTo(40);
            assertThat(hits(p, alias, "{\"range\":{\"rating\":{\"gt\":3.5}}}")).isPositive();
        })).isEqualTo(40);

        TestRoot.Run without = TestRoot.run(args(p, "--shaping", shaping, "--attributes-exclude", p.table + "=updatedAt|rating",
                "--output", dir.resolve("posts-2.json").toString(), "--sample", "25", "--segments", "3"));
        assertThat(without.exitCode()).as(without.out()).isZero();
        assertThat(without.out()).contains("Sampled 25 item(s)").contains("(the table may hold more; --sample reads more)")
                .contains("No conflicts").doesNotContain("updatedAt").doesNotContain("rating");
    }

    @Test
    void plan_tableBuiltToConflict_namesEveryConflictAndEverySampledDocumentIndexesUnderTheTemplate() throws Exception {
        Pipeline p = new Pipeline("MappingConflicts");
        put(p, "c1", "{\"mixed\":{\"S\":\"vijf\"},\"shape\":{\"M\":{\"a\":{\"N\":\"1\"}}},\"score\":{\"N\":\"1\"},"
                + "\"big\":{\"N\":\"1\"},\"pi\":{\"N\":\"3.14159265358979323846\"},\"when\":{\"S\":\"2024-01-31\"},"
                + "\"bin\":{\"B\":\"AAECAw==\"},\"scores\":" + wideMap(1000) + "}");
        put(p, "c2", "{\"mixed\":{\"N\":\"5\"},\"shape\":{\"S\":\"plattwert\"},\"score\":{\"N\":\"1.5\"},"
                + "\"big\":{\"N\":\"18446744073709551615\"},\"pi\":{\"N\":\"3\"},\"when\":{\"S\":\"spaeterwert\"},"
                + "\"nums\":{\"NS\":[\"1\",\"2.5\"]}}");
        put(p, "c3", "{\"mixed\":{\"BOOL\":false},\"deep\":" + deepMap(20) + "}");
        put(p, "c4", "{\"l\":{\"L\":[{\"S\":\"a\"},{\"N\":\"1\"}]},\"ok\":{\"BOOL\":true}}");
        put(p, "c5", "{\"ok\":{\"BOOL\":false},\"shape\":{\"NULL\":true},\"mixed\":{\"BOOL\":false}}");
        Path file = dir.resolve("conflicts.json");

        TestRoot.Run run = TestRoot.run(args(p, "--output", file.toString()));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(OpsCommand.ATTENTION);
        assertThat(run.out()).contains("Sampled 5 item(s)").contains("3 converted")
                .contains("types  mixed  3  keys ").contains("types  shape  2  keys " + id("c2") + ", " + id("c1"))
                .contains("types  score  2  keys ").contains("types  nums  2  keys " + id("c2"))
                .contains("number-precision  big  1  keys " + id("c2"))
                .contains("number-precision  pi  1  keys " + id("c1")).contains("types  pi  2  keys ")
                .contains("date-detection  when  1  keys " + id("c1"))
                .contains("total-fields  scores  ").contains("exceed index.mapping.total_fields.limit 1000")
                .contains("depth  deep" + ".d".repeat(19) + "  1  keys " + id("c3"))
                .contains("types  l  1  keys " + id("c4"))
                .contains("11 conflict(s):");
        assertThat(run.out()).doesNotContain("vijf", "plattwert", "spaeterwert", "3.14159", "18446744073709551615", "2024-01-31", "AAECAw");

        ObjectNode template = (ObjectNode) M.readTree(Files.readString(file));
        assertThat(template.at("/settings/index/mapping/total_fields/limit").asInt()).isGreaterThan(1000);
        assertThat(template.at("/mappings/properties/big/type").asText()).isEqualTo("unsigned_long");
        assertThat(template.at("/mappings/properties/pi/type").asText()).isEqualTo("keyword");
        assertThat(template.at("/mappings/properties/shape/enabled").asBoolean(true)).isFalse();

        // under OpenSearch's defaults (no template) the same documents do not all index
        String plain = "mapping-plain-" + suffix();
        List<String> plainErrors = bulk(p, plain, documents(p, converter(p)));
        assertThat(plainErrors).isNotEmpty();
        p.openSearch.deleteIndex(plain);

        // under the proposed template every document the worker converts indexes, and the exact numbers are searchable
        assertThat(indexAll(p, null, null, template, alias -> {
            assertThat(hits(p, alias, "{\"term\":{\"pi\":\"3.14159265358979323846\"}}")).isEqualTo(1);
            assertThat(hits(p, alias, "{\"range\":{\"pi.double\":{\"gt\":3.1}}}")).isEqualTo(1);
            assertThat(hits(p, alias, "{\"range\":{\"big\":{\"gte\":\"18446744073709551615\"}}}")).isEqualTo(1);
            assertThat(hits(p, alias, "{\"term\":{\"scores.u999\":999}}")).isEqualTo(1);
            assertThat(hits(p, alias, "{\"range\":{\"when.date\":{\"lt\":\"2025-01-01\"}}}")).isEqualTo(1);
        })).isEqualTo(3);
    }

    @Test
    void plan_itemDeadLetteredByTheMapping_reindexWithTheProposedTemplateAndRedrive_everyItemSearchable() throws Exception {
        // quarantine off: the refused item goes to the DLQ whole (QUARANTINE=off), the runbook this test follows
        Pipeline p = new Pipeline("MappingReindex", io.ddbsync.model.config.WorkerConfig.Quarantine.OFF);
        long ts = Instant.now().getEpochSecond() - 60;
        ObjectNode first = put(p, "r1", "{\"shape\":{\"M\":{\"a\":{\"N\":\"1\"}}},\"pi\":{\"N\":\"3.14159265358979323846\"},"
                + "\"big\":{\"N\":\"1\"}}");
        ObjectNode second = put(p, "r2", "{\"shape\":{\"S\":\"plattwert\"},\"pi\":{\"N\":\"3\"},"
                + "\"big\":{\"N\":\"18446744073709551615\"}}");
        p.send(List.of(Pipeline.insert(first, ts)));
        p.drain();
        p.send(List.of(Pipeline.insert(second, ts + 1)));
        p.drain();
        assertThat(p.depth(p.dlqUrl)).as("the worker's default mapping refuses r2 (shape was a map)").isEqualTo(1);

        Path file = dir.resolve("fixed.json");
        TestRoot.Run plan = TestRoot.run(args(p, "--output", file.toString()));
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(OpsCommand.ATTENTION);
        assertThat(plan.out()).contains("types  shape  2  keys " + id("r2") + ", " + id("r1"));

        io.ddbsync.localstack.esm.SqsPoller worker = p.pump();
        TestRoot.Run reindex = TestRoot.run(ReconcileIT.args("reindex", p.flags("--table", p.table, "--change-queue-url",
                p.changeQueueUrl, "--template", file.toString(), "--settle", "1s", "--checkpoint", dir.resolve("cp.json").toString())));
        assertThat(reindex.exitCode()).as(reindex.out() + reindex.err()).isZero();
        TestRoot.Run redrive = TestRoot.run(ReconcileIT.args("redrive", List.of("--dlq-url", p.dlqUrl,
                "--sqs-endpoint-url", Pipeline.sqsEndpoint().toString(), "--region", "us-east-1")));
        assertThat(redrive.exitCode()).as(redrive.out() + redrive.err()).isZero();
        worker.close();
        p.drain();

        assertThat(p.depth(p.dlqUrl)).isZero();
        assertThat(p.searchAll()).containsOnlyKeys(id("r1"), id("r2"));
        assertThat(hits(p, p.index, "{\"term\":{\"pi\":\"3.14159265358979323846\"}}")).isEqualTo(1);
        assertThat(hits(p, p.index, "{\"range\":{\"big\":{\"gte\":\"18446744073709551615\"}}}")).isEqualTo(1);
        TestRoot.Run check = TestRoot.run(ReconcileIT.args("reconcile", p.flags("--table", p.table, "--settle", "1s")));
        assertThat(check.exitCode()).as(check.out()).isZero();
    }

    @Test
    void dateDetection_theStringsItNames_areTheOnesOpenSearchMakesADate() {
        Pipeline p = new Pipeline("MappingDates");
        List<String> strings = List.of("2024-01-31", "2024-01", "2024-01-31T10:15:30Z", "2024-01-31T10:15:30.123+09:00",
                "2024/01/31 10:15:30 +0000", "2024/01/31", "2024/01/31 10:15:30", "2024/1/31", "2024/01/31 +0900",
                "2024/02/30", "2024", "2024-13-01", "2024-02-30", "hello", "2024-01-31 10:15:30");
        String index = "mapping-dates-" + suffix();
        List<String> different = new ArrayList<>();
        for (int i = 0; i < strings.size(); i++) {
            String s = strings.get(i);
            ObjectNode first = M.createObjectNode().put("f" + i, s);
            ObjectNode notADate = M.createObjectNode().put("f" + i, "not a date");
            // a date OpenSearch detects but cannot read (2024/02/30) refuses the item itself
            boolean refused = !bulk(p, index, Map.of("a" + i, first)).isEmpty()
                    | !bulk(p, index, Map.of("b" + i, notADate)).isEmpty();
            if (refused != DateDetection.detects(s)) {
                different.add("'" + s + "': OpenSearch " + (refused ? "made a date of it" : "did not make a date of it"));
            }
        }
        assertThat(different).isEmpty();
        p.openSearch.deleteIndex(index);
    }

    /** Applies the template the way the worker does and bulk-indexes every document the table converts into; returns how many. */
    private static int indexAll(Pipeline p, String option, String value, ObjectNode template,
                                java.util.function.Consumer<String> searches) {
        String fresh = "mapping-fresh-" + suffix();
        IndexTemplates templates = IndexTemplates.fromEnv(Map.of(IndexTemplates.ENV, "{\"" + fresh + "\":" + template + "}"), "ddbsync");
        new IndexBootstrap(p.openSearch, templates, "ddbsync").ensure(fresh);
        DocumentConverter converter = option == null ? converter(p)
                : WorkerOptions.tableRules(null, null, null, "ddbsync", value).converterFor(p.table);
        Map<String, ObjectNode> docs = documents(p, converter);
        List<String> errors = bulk(p, new IndexNames(fresh).write(), docs);
        assertThat(errors).isEmpty();
        p.openSearch.refresh(new IndexNames(fresh).write());
        assertThat(p.openSearch.count(new IndexNames(fresh).write()).body().path("count").asLong()).isEqualTo(docs.size());
        searches.accept(new IndexNames(fresh).write());
        p.openSearch.deleteIndex(new IndexNames(fresh).physical(1));
        return docs.size();
    }

    /** Documents the query finds. */
    private static long hits(Pipeline p, String index, String query) {
        ObjectNode request = M.createObjectNode();
        try {
            request.set("query", M.readTree(query));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(query, e);
        }
        SearchReply r = p.openSearch.search(index, request);
        assertThat(r.status()).as(r.describe()).isEqualTo(200);
        return r.body().at("/hits/total/value").asLong();
    }

    private static DocumentConverter converter(Pipeline p) {
        return WorkerOptions.tableRules(null, null, null, "ddbsync").converterFor(p.table);
    }

    /** Every item of the table the converter takes, as the worker writes it (its metadata field included), by id. */
    private static Map<String, ObjectNode> documents(Pipeline p, DocumentConverter converter) {
        Map<String, ObjectNode> docs = new java.util.TreeMap<>();
        for (Map<String, AttributeValue> item : p.dynamoDb.scanPaginator(b -> b.tableName(p.table)).items()) {
            ObjectNode image = DynamoJson.fromItem(item);
            ObjectNode doc;
            try {
                doc = converter.toDocument(image);
            } catch (ConversionException e) {
                continue;
            }
            ObjectNode meta = doc.putObject("ddbsync");
            meta.put("version", "1").put("deleted", false).put("table", p.table).put("updated_at", 1L);
            docs.put(DocumentIds.of(M.createObjectNode().set("id", image.get("id"))).value(), doc);
        }
        return docs;
    }

    /** Bulk-indexes the documents one request at a time per document, in id order; the errors, one line each. */
    private static List<String> bulk(Pipeline p, String index, Map<String, ObjectNode> docs) {
        List<String> errors = new ArrayList<>();
        docs.forEach((id, doc) -> {
            SearchReply r = p.openSearch.bulk(List.of(BulkAction.index(index, id, doc.toString().getBytes(StandardCharsets.UTF_8))),
                    java.time.Duration.ofSeconds(30));
            assertThat(r.status()).as(r.describe()).isEqualTo(200);
            for (JsonNode item : r.body().path("items")) {
                JsonNode result = item.path("index");
                if (result.has("error")) {
                    errors.add(id + ": " + result.path("error").path("type").asText() + " " + result.path("error").path("reason").asText());
                }
            }
        });
        return errors;
    }

    private static ObjectNode put(Pipeline p, String id, String attributes) throws Exception {
        ObjectNode item = (ObjectNode) M.readTree(attributes);
        item.putObject("id").put("S", id);
        p.dynamoDb.putItem(b -> b.tableName(p.table).item(DynamoJson.toItem(item)));
        return item;
    }

    private static String wideMap(int keys) {
        StringBuilder b = new StringBuilder("{\"M\":{");
        for (int i = 0; i < keys; i++) {
            b.append(i > 0 ? "," : "").append("\"u").append(i).append("\":{\"N\":\"").append(i).append("\"}");
        }
        return b.append("}}").toString();
    }

    private static String deepMap(int levels) {
        String inner = "{\"S\":\"x\"}";
        for (int i = 0; i < levels; i++) {
            inner = "{\"M\":{\"d\":" + inner + "}}";
        }
        return inner;
    }

    private static String id(String key) {
        return DocumentIds.of(M.createObjectNode().set("id", M.createObjectNode().put("S", key))).value();
    }

    private static String suffix() {
        return Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
    }

    private static String[] args(Pipeline p, String... more) {
        List<String> all = new ArrayList<>(List.of("mapping", "plan"));
        all.addAll(List.of("--dynamodb-endpoint-url", Pipeline.dynamoDbEndpoint().toString(), "--region", "us-east-1",
                "--table", p.table));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
