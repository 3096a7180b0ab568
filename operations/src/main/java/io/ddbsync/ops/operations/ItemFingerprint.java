package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an item was when a reconcile compared it, as a short digest of its content — the same for the same
 * item however DynamoDB listed it: object fields in any order, the members of a string, number or binary set
 * ({@code SS}, {@code NS}, {@code BS}: unordered by definition) in any order. A list ({@code L}) keeps its order.
 */
final class ItemFingerprint {

    /** The fingerprint of an item that is not in the table. */
    static final String ABSENT = "-";

    private static final ObjectMapper M = new ObjectMapper();
    private static final Set<String> SETS = Set.of("SS", "NS", "BS");

    private ItemFingerprint() {
    }

    /** @param image the item in DynamoDB JSON; null for an item that is not there ({@link #ABSENT}) */
    static String of(ObjectNode image) {
        if (image == null) {
            return ABSENT;
        }
        try {
            byte[] canonical = M.writeValueAsBytes(canonical(image, false));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint an item", e);
        }
    }

    /** Objects with sorted fields; the members of a set sorted by their text. */
    private static JsonNode canonical(JsonNode node, boolean setMembers) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue(), SETS.contains(e.getKey()))));
            ObjectNode out = M.createObjectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> members = new ArrayList<>(node.size());
            node.forEach(n -> members.add(canonical(n, false)));
            if (setMembers) {
                members.sort((a, b) -> a.toString().compareTo(b.toString()));
            }
            ArrayNode out = M.createArrayNode();
            members.forEach(out::add);
            return out;
        }
        return node;
    }
}
