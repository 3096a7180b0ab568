package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The converter's limits against the real OpenSearch: every document shape the converter refuses,
 * OpenSearch refuses too, and the other way round — on both sides of each boundary — and the
 * top-level names the converter renames are exactly those OpenSearch refuses.
 */
class ConverterLimitsIT {

    private static final ObjectMapper M = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final DocumentConverter CONVERTER = new DocumentConverter(Set.of(), Set.of(), "ddbsync");

    @Test
    void depthLimit_shapesAroundTheBoundary_converterAgreesWithOpenSearch() throws Exception {
        Map<String, JsonNode> shapes = new LinkedHashMap<>();
        shapes.put("19 nested maps", field("top", maps(19)));
        shapes.put("20 nested maps", field("top", maps(20)));
        shapes.put("a list of 19 nested maps", field("l", lists(1, maps(19))));
        shapes.put("a list of 20 nested maps", field("l", lists(1, maps(20))));
        shapes.put("19 maps each in a list", field("l", mapsInLists(19, 1)));
        shapes.put("20 maps each in a list", field("l", mapsInLists(20, 1)));
        shapes.put("10 maps each in two lists", field("l", mapsInLists(10, 2)));
        shapes.put("11 maps each in two lists", field("l", mapsInLists(11, 2)));
        shapes.put("20 nested lists of numbers", field("l", lists(20, M.getNodeFactory().numberNode(1))));
        shapes.put("21 nested lists of numbers", field("l", lists(21, M.getNodeFactory().numberNode(1))));
        shapes.put("20 nested lists, the last empty", field("l", lists(19, M.createArrayNode())));
        shapes.put("21 nested lists, the last empty", field("l", lists(20, M.createArrayNode())));
        shapes.put("19 nested lists in 19 nested maps", field("top", maps(19, field("l", lists(19, M.getNodeFactory().numberNode(1))))));
        shapes.put("19 objects from a dotted name", field("a.".repeat(19) + "b", M.getNodeFactory().textNode("x")));
        shapes.put("20 objects from a dotted name", field("a.".repeat(20) + "b", M.getNodeFactory().textNode("x")));
        shapes.put("dotted name inside 18 maps", field("top", maps(18, field("c.d", M.getNodeFactory().textNode("x")))));
        shapes.put("dotted name inside 19 maps", field("top", maps(19, field("c.d", M.getNodeFactory().textNode("x")))));

        Map<String, Boolean> openSearch = new LinkedHashMap<>();
        Map<String, Boolean> converter = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> shape : shapes.entrySet()) {
            openSearch.put(shape.getKey(), indexes(freshIndex(), shape.getValue()));
            converter.put(shape.getKey(), converts(shape.getValue()));
        }

        assertThat(converter).isEqualTo(openSearch);
        assertThat(openSearch).containsValues(true, false);
    }

    @Test
    void metadataFields_renamedExactlyWhereOpenSearchRefusesTheName() throws Exception {
        Set<String> candidates = new TreeSet<>(DocumentConverter.OPENSEARCH_METADATA_FIELDS);
        candidates.addAll(List.of("_idx", "_type", "_all", "_uid", "_parent", "_feature", "_tier", "_meta", "_primary_term",
                "_seq_no_primary_term", "_doc_count", "_deleted", "_lastChangedAt", "_ttl", "_timestamp", "_id.x", "_source.a",
                "_version.v"));
        String index = freshIndex();
        Set<String> refused = new TreeSet<>();
        for (String name : candidates) {
            if (!indexes(index, field(name, M.getNodeFactory().textNode("x")))) {
                refused.add(name);
            }
        }
        Set<String> renamed = new TreeSet<>();
        for (String name : candidates) {
            if (!CONVERTER.fieldName(name).equals(name)) {
                renamed.add(name);
            }
        }

        // _size is registered only by the mapper-size plugin (Amazon OpenSearch Service has it; this node has not)
        Set<String> expected = new TreeSet<>(renamed);
        expected.remove("_size");
        assertThat(refused).isEqualTo(expected);
    }

    @Test
    void amplifyDataStoreItem_convertedItemIndexesAndRenamedFieldIsSearchable() throws Exception {
        String index = freshIndex();
        ObjectNode image = (ObjectNode) M.readTree("{\"id\":{\"S\":\"1\"},\"_version\":{\"N\":\"3\"},\"_deleted\":{\"BOOL\":false},"
                + "\"_lastChangedAt\":{\"N\":\"1700000000000\"},\"ddbsync\":{\"S\":\"mine\"},\"$x\":{\"S\":\"y\"}}");

        assertThat(indexes(index, CONVERTER.toDocument(image))).isTrue();
        JsonNode hits = request("POST", "/" + index + "/_search",
                "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"$_version\":3}},{\"term\":{\"$ddbsync\":\"mine\"}},"
                        + "{\"term\":{\"$$x\":\"y\"}}]}}}").body().path("hits").path("hits");
        assertThat(hits).hasSize(1);
    }

    private static boolean converts(JsonNode plain) {
        try {
            CONVERTER.toDocument((ObjectNode) typed(plain).get("M"));
            return true;
        } catch (ConversionException e) {
            return false;
        }
    }

    /** A plain JSON value as DynamoDB JSON (objects → M, arrays → L, strings → S, numbers → N). */
    private static ObjectNode typed(JsonNode plain) {
        ObjectNode out = M.createObjectNode();
        if (plain.isObject()) {
            ObjectNode m = out.putObject("M");
            plain.properties().forEach(e -> m.set(e.getKey(), typed(e.getValue())));
        } else if (plain.isArray()) {
            ArrayNode l = out.putArray("L");
            plain.forEach(v -> l.add(typed(v)));
        } else if (plain.isNumber()) {
            out.put("N", plain.asText());
        } else {
            out.put("S", plain.asText());
        }
        return out;
    }

    private static ObjectNode field(String name, JsonNode value) {
        ObjectNode o = M.createObjectNode();
        o.set(name, value);
        return o;
    }

    private static JsonNode maps(int levels) {
        return maps(levels, field("leaf", M.getNodeFactory().textNode("x")));
    }

    /** {@code levels} nested objects, the innermost holding {@code innermost}'s fields. */
    private static JsonNode maps(int levels, ObjectNode innermost) {
        JsonNode v = innermost;
        for (int i = 1; i < levels; i++) {
            v = field("m", v);
        }
        return v;
    }

    private static JsonNode lists(int levels, JsonNode inner) {
        JsonNode v = inner;
        for (int i = 0; i < levels; i++) {
            ArrayNode a = M.createArrayNode();
            a.add(v);
            v = a;
        }
        return v;
    }

    private static JsonNode mapsInLists(int maps, int listsEach) {
        JsonNode v = M.getNodeFactory().textNode("x");
        for (int i = 0; i < maps; i++) {
            v = lists(listsEach, field("m", v));
        }
        return v;
    }

    private static String freshIndex() throws IOException, InterruptedException {
        String index = "limits-" + UUID.randomUUID();
        Reply r = request("PUT", "/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return index;
    }

    private static boolean indexes(String index, JsonNode doc) throws IOException, InterruptedException {
        Reply r = request("POST", "/" + index + "/_doc?refresh=true", M.writeValueAsString(doc));
        if (r.status() >= 500) {
            throw new AssertionError("OpenSearch failed: " + r.body());
        }
        return r.status() == 201;
    }

    private record Reply(int status, JsonNode body) {
    }

    private static Reply request(String method, String path, String body) throws IOException, InterruptedException {
        URI endpoint = LocalOpenSearch.shared().endpoint();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), M.readTree(response.body()));
    }
}
