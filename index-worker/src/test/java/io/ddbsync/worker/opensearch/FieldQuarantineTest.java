package io.ddbsync.worker.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FieldQuarantineTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode error(String type, String reason) {
        return M.createObjectNode().put("type", type).put("reason", reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mapper_parsing_exception|failed to parse field [price] of type [long] in document with id 'x'. Preview of field's value: 'abc'|price",
        "document_parsing_exception|[1:20] failed to parse field [a.b] of type [double] in document with id 'x'|a.b",
        "mapper_parsing_exception|object mapping for [author] tried to parse field [author] as object, but found a concrete value|author",
        "illegal_argument_exception|mapper [rating] cannot be changed from type [float] to [long]|rating"})
    void refusedField_fieldNamingRefusal_thePath(String type, String reason, String path) {
        assertThat(FieldQuarantine.refusedField(error(type, reason))).contains(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "illegal_argument_exception|Limit of total fields [1000] has been exceeded",
        "illegal_argument_exception|Document contains at least one immense term in field=\"code\"",
        "mapper_parsing_exception|failed to parse",
        "es_rejected_execution_exception|rejected execution of coordinating operation",
        "version_conflict_engine_exception|[x]: version conflict"})
    void refusedField_noFieldToMove_empty(String type, String reason) {
        assertThat(FieldQuarantine.refusedField(error(type, reason))).isEmpty();
    }

    @Test
    void quarantined_nestedAndDottedNames_movedThenRestoredToTheConvertedDocument() throws Exception {
        ObjectNode doc = (ObjectNode) M.readTree("{\"a\":{\"b\":\"x\",\"c\":1},\"d.e\":\"y\",\"f\":2}");
        DocumentWrite w = new DocumentWrite("idx_write", "id", "v", doc, "T", null, false, "1", 0);

        DocumentWrite moved = w.quarantined("a.b").orElseThrow().quarantined("d.e").orElseThrow();

        assertThat(moved.doc().toString()).isEqualTo("{\"a\":{\"c\":1},\"f\":2}");
        assertThat(moved.quarantinedFields()).containsExactly("a.b", "d.e");
        assertThat(moved.quarantined("a.b")).as("already moved").isEmpty();
        assertThat(w.doc()).as("the original write unchanged").isEqualTo(doc);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = M.getFactory().createGenerator(out)) {
            SourceEncoder.write(g, moved, "ddbsync", 1L);
        }
        JsonNode source = M.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(source.at("/ddbsync/" + FieldQuarantine.FIELDS).toString()).isEqualTo("[\"a.b\",\"d.e\"]");
        assertThat(FieldQuarantine.restore(source, "ddbsync")).isEqualTo(doc);
    }

    @Test
    void quarantined_tombstone_nothingToMove() {
        DocumentWrite tombstone = new DocumentWrite("idx_write", "id", "v", null, "T", null, false, "1", 0);

        assertThat(tombstone.quarantined("a")).isEmpty();
    }
}
