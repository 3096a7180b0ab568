package io.ddbsync.testbench.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.aws.search.SearchTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Compares a table with its search alias: every item must be a document with the content the
 * worker's conversion gives (numbers compared by value), and no other document may be visible.
 */
public final class Convergence {

    /** Numbers equal by value (OpenSearch may re-render 3.0 as 3.0 or 3), everything else by equals. */
    static final Comparator<JsonNode> VALUE_EQUALITY = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /**
     * The outcome of one comparison.
     *
     * @param tableItems items in the table
     * @param aliasDocs  documents visible through the search alias
     * @param missing    ids of items without a document
     * @param different  ids whose document content differs from the item
     * @param extra      ids of visible documents without an item (e.g. a delete not applied)
     */
    public record Report(long tableItems, long aliasDocs, List<String> missing, List<String> different, List<String> extra) {

        public boolean equal() {
            return missing.isEmpty() && different.isEmpty() && extra.isEmpty();
        }

        public String describe() {
            if (equal()) {
                return tableItems + " items = " + aliasDocs + " documents, equal content";
            }
            return tableItems + " items vs " + aliasDocs + " documents: " + missing.size() + " missing "
                    + sample(missing) + ", " + different.size() + " different " + sample(different) + ", "
                    + extra.size() + " extra " + sample(extra);
        }

        private static String sample(List<String> ids) {
            return ids.isEmpty() ? "" : ids.subList(0, Math.min(3, ids.size())).toString();
        }
    }

    private Convergence() {
    }

    private static boolean expired(JsonNode ttl, long now) {
        return ttl.isNumber() && ttl.decimalValue().compareTo(java.math.BigDecimal.valueOf(now)) <= 0;
    }

    /** @param converter the worker's converter for the table ({@code WorkerConfig.converterFor}) */
    public static Report compare(DynamoDbClient dynamo, String table, SearchTarget search, String alias, DocumentConverter converter) {
        return compare(dynamo, table, search, alias, converter, java.util.Optional.empty());
    }

    /**
     * As {@link #compare(DynamoDbClient, String, SearchTarget, String, DocumentConverter)}, under TTL_DELETES=keep: a
     * document whose item is gone and whose {@code ttlField} (epoch seconds) has passed was kept on purpose, not extra.
     */
    public static Report compare(DynamoDbClient dynamo, String table, SearchTarget search, String alias, DocumentConverter converter,
                                 java.util.Optional<String> ttlField) {
        String metadataField = converter.reservedField();
        List<String> keyNames = dynamo.describeTable(b -> b.tableName(table)).table().keySchema().stream()
                .map(KeySchemaElement::attributeName).toList();
        Map<String, ObjectNode> expected = new HashMap<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()) {
            ObjectNode image = DynamoJson.fromItem(item);
            ObjectNode keys = image.objectNode();
            keyNames.forEach(k -> keys.set(k, image.get(k)));
            expected.put(DocumentIds.of(keys).value(), converter.toDocument(image));
        }
        Map<String, ObjectNode> actual = IndexSnapshot.read(search, alias, metadataField);
        List<String> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : expected.entrySet()) {
            ObjectNode doc = actual.get(e.getKey());
            if (doc == null) {
                missing.add(e.getKey());
            } else if (!e.getValue().equals(VALUE_EQUALITY, doc)) {
                different.add(e.getKey());
            }
        }
        long now = java.time.Instant.now().getEpochSecond();
        List<String> extra = actual.keySet().stream().filter(id -> !expected.containsKey(id))
                .filter(id -> ttlField.map(f -> !expired(actual.get(id).path(converter.documentField(f).orElse(f)), now)).orElse(true))
                .sorted().toList();
        missing.sort(null);
        different.sort(null);
        return new Report(expected.size(), actual.size(), missing, different, extra);
    }
}
