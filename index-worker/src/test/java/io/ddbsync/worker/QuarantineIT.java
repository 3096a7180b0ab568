package io.ddbsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.metrics.MetricDimensions;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.metrics.WorkerMetricNames;
import io.ddbsync.worker.opensearch.FieldQuarantine;
import io.ddbsync.worker.support.Batches;
import io.ddbsync.worker.support.Changes;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.LambdaSqsEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Quarantine at run time: fields the mapping refuses are moved aside, the rest of the item stays searchable. */
class QuarantineIT {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void handleRequest_twoFieldsTheUserTemplateRefuses_documentSearchableByOthersValuesInSourceMarkedMetricEmitted() throws Exception {
        // a user template that replaces ddbsync's: the quarantine object's mapping must come with it all the same
        ObjectNode template = M.createObjectNode();
        ObjectNode properties = template.putObject("mappings").putObject("properties");
        properties.putObject("rev").put("type", "long");
        properties.putObject("score").put("type", "long");
        List<String> emf = new CopyOnWriteArrayList<>();
        Fixture f = new Fixture("Quarantine").template(template).emf(emf::add);
        Changes changes = f.changes();
        var handler = f.handler();
        ObjectNode bad = Changes.image("b", 1);
        bad.putObject("rev").put("S", "not a number");
        bad.putObject("score").put("S", "high");

        List<String> failed = Batches.deliver(handler, List.of(changes.body(List.of(changes.put(Op.INSERT, "a", 1),
                changes.put(Op.INSERT, bad)))));

        assertThat(failed).isEmpty();
        ObjectNode doc = f.searchIndex().searchAll().get(Changes.docId("b"));
        assertThat(doc).as("b is in the index").isNotNull();
        assertThat(doc.has("rev")).isFalse();
        assertThat(doc.has("score")).isFalse();
        assertThat(doc.at("/title").asText()).isEqualTo("제목 b r1");
        JsonNode meta = doc.path("ddbsync");
        assertThat(meta.at("/" + FieldQuarantine.VALUES + "/rev").asText()).isEqualTo("not a number");
        assertThat(meta.at("/" + FieldQuarantine.VALUES + "/score").asText()).isEqualTo("high");
        assertThat(FieldQuarantine.fields(meta)).containsExactlyInAnyOrder("rev", "score");
        // searchable by its other fields, found by its mark, and the quarantined values not indexed
        assertThat(ids(f, "match", "title", "b")).containsExactly(Changes.docId("b"));
        assertThat(ids(f, "term", "ddbsync." + FieldQuarantine.FIELDS, "score")).containsExactly(Changes.docId("b"));
        assertThat(ids(f, "match", "ddbsync." + FieldQuarantine.VALUES + ".rev", "number")).isEmpty();
        assertThat(ids(f, "term", "rev", "1")).containsExactly(Changes.docId("a"));
        // the metric, as the worker emits it: one EMF line of the table's series
        assertThat(emf.stream().map(QuarantineIT::read).filter(l -> f.table.equals(l.path(MetricDimensions.TABLE).asText())))
                .anySatisfy(l -> assertThat(l.path(WorkerMetricNames.QUARANTINED_FIELDS).asDouble()).isEqualTo(2.0));
        assertThat(f.logLines()).anySatisfy(l -> {
            JsonNode line = read(l);
            assertThat(line.path(LogFields.MESSAGE).asText()).isEqualTo("record written with fields quarantined");
            assertThat(line.path(LogFields.TABLE).asText()).isEqualTo(f.table);
            assertThat(line.path(LogFields.DOCUMENT_ID).asText()).isEqualTo(Changes.docId("b"));
            assertThat(line.path("quarantinedFields").toString()).contains("rev").contains("score");
        });
        assertThat(f.logLines()).noneSatisfy(l -> assertThat(l).contains("not a number"));
    }

    @Test
    void handleRequest_refusalNamingNoField_batchItemFailureAsWithoutQuarantine() {
        // the total fields limit: no one field to move, nothing a quarantine can fix
        ObjectNode template = M.createObjectNode();
        template.putObject("settings").put("index.mapping.total_fields.limit", 30);
        Fixture f = new Fixture("Unfixable").template(template);
        Changes changes = f.changes();
        var handler = f.handler();
        assertThat(Batches.deliver(handler, List.of(changes.body(List.of(changes.put(Op.INSERT, "a", 1)))))).isEmpty();
        ObjectNode wide = Changes.image("w", 1);
        for (int i = 0; i < 40; i++) {
            wide.putObject(String.format("f%02d", i)).put("S", "v");
        }
        String badBody = changes.body(List.of(changes.put(Op.INSERT, wide)));
        String goodBody = changes.body(List.of(changes.put(Op.INSERT, "c", 1)));
        var event = LambdaSqsEvents.fromBodies(List.of(goodBody, badBody));

        var response = handler.handleRequest(event, io.ddbsync.localstack.esm.LambdaContext.of("index-worker", () -> 600_000));

        assertThat(response.getBatchItemFailures()).extracting(b -> b.getItemIdentifier())
                .containsExactly(event.getRecords().get(1).getMessageId());
        assertThat(f.searchIndex().allIncludingTombstones().keySet()).containsExactlyInAnyOrder(Changes.docId("a"), Changes.docId("c"));
        assertThat(f.metrics.sum(WorkerMetricNames.RECORDS_FAILED)).isEqualTo(1);
        assertThat(f.metrics.sum(WorkerMetricNames.QUARANTINED_FIELDS)).isZero();
        assertThat(f.logLines()).anySatisfy(l -> assertThat(l).contains("record failed").contains("Limit of total fields"));
    }

    @Test
    void handleRequest_indexMadeBeforeTheQuarantineMapping_bootstrapAddsItSoTheValueIsNotIndexed() {
        // an index as an earlier ddbsync made it: its metadata object maps no quarantine (dynamic mapping would index one)
        Fixture f = new Fixture("OldIndex");
        ObjectNode create = M.createObjectNode();
        create.putObject("mappings").putObject("properties").putObject("ddbsync").putObject("properties")
                .putObject("deleted").put("type", "boolean");
        create.putObject("aliases").putObject(f.index + "_write").put("is_write_index", true);
        create.with("aliases").putObject(f.index);
        SearchReply created = Fixture.openSearch().createIndex(f.index + "_v1", create);
        assertThat(created.ok()).as(created.describe()).isTrue();
        Changes changes = f.changes();
        var handler = f.handler();
        ObjectNode bad = Changes.image("b", 1);
        bad.putObject("rev").put("S", "not a number");

        List<String> failed = Batches.deliver(handler, List.of(changes.body(List.of(changes.put(Op.INSERT, "a", 1),
                changes.put(Op.INSERT, bad)))));

        assertThat(failed).isEmpty();
        assertThat(f.searchIndex().searchAll().get(Changes.docId("b")).at("/ddbsync/" + FieldQuarantine.VALUES + "/rev").asText())
                .isEqualTo("not a number");
        assertThat(ids(f, "match", "ddbsync." + FieldQuarantine.VALUES + ".rev", "number")).isEmpty();
        assertThat(ids(f, "term", "ddbsync." + FieldQuarantine.FIELDS, "rev")).containsExactly(Changes.docId("b"));
    }

    private static List<String> ids(Fixture f, String query, String field, String value) {
        ObjectNode q = M.createObjectNode();
        q.putObject("query").putObject(query).put(field, value);
        SearchReply r = Fixture.openSearch().search(f.index, q);
        assertThat(r.ok()).as(r.describe()).isTrue();
        List<String> out = new ArrayList<>();
        r.body().at("/hits/hits").forEach(h -> out.add(h.path("_id").asText()));
        return out;
    }

    private static JsonNode read(String line) {
        try {
            return M.readTree(line);
        } catch (Exception e) {
            return M.createObjectNode();
        }
    }
}
