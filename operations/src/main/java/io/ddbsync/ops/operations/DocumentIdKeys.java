package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.id.DocumentIds;
import java.util.Base64;
import java.util.Optional;

/**
 * The key (DynamoDB JSON) a readable document id was made from: the inverse of
 * {@link DocumentIds#readable}. Hashed ids (64 hex characters, no ':') carry no key: the worker
 * keeps it in the document's metadata instead.
 */
public final class DocumentIdKeys {

    private DocumentIdKeys() {
    }

    /** The key, or empty when the id is not a readable id (hashed, or not made by ddbsync). */
    public static Optional<ObjectNode> parse(String id) {
        ObjectNode keys = JsonNodeFactory.instance.objectNode();
        int i = 0;
        int n = id.length();
        while (i < n) {
            StringBuilder name = new StringBuilder();
            while (i < n && id.charAt(i) != ':') {
                char c = id.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    c = id.charAt(++i);
                } else if (c == '|') {
                    return Optional.empty();
                }
                name.append(c);
                i++;
            }
            if (i + 3 > n || id.charAt(i + 2) != ':') {
                return Optional.empty();
            }
            char type = id.charAt(i + 1);
            i += 3;
            StringBuilder value = new StringBuilder();
            while (i < n && id.charAt(i) != '|') {
                char c = id.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    c = id.charAt(++i);
                }
                value.append(c);
                i++;
            }
            i++; // skip '|'
            switch (type) {
                case 'S' -> keys.putObject(name.toString()).put("S", value.toString());
                case 'N' -> keys.putObject(name.toString()).put("N", value.toString());
                case 'B' -> {
                    try {
                        byte[] bytes = Base64.getUrlDecoder().decode(value.toString());
                        keys.putObject(name.toString()).put("B", Base64.getEncoder().encodeToString(bytes));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        // Only ids that encode back to themselves are readable ids of this key.
        try {
            return DocumentIds.readable(keys).equals(id) ? Optional.of(keys) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
