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
        Reader reader = new Reader(id);
        while (reader.more()) {
            // name:T:value, '|' between attributes; '\\' escapes the next character
            String name = reader.until(':', true);
            if (name == null || !reader.typeFollows()) {
                return Optional.empty();
            }
            char type = reader.type();
            String value = reader.until('|', false);
            reader.skip();
            if (!put(keys, name, type, value)) {
                return Optional.empty();
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

    /** Adds one attribute in DynamoDB JSON; false when the type is not a key type or a binary value is not Base64url. */
    private static boolean put(ObjectNode keys, String name, char type, String value) {
        switch (type) {
            case 'S' -> keys.putObject(name).put("S", value);
            case 'N' -> keys.putObject(name).put("N", value);
            case 'B' -> {
                try {
                    byte[] bytes = Base64.getUrlDecoder().decode(value);
                    keys.putObject(name).put("B", Base64.getEncoder().encodeToString(bytes));
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A cursor over an id. */
    private static final class Reader {
        private final String id;
        private int i;

        Reader(String id) {
            this.id = id;
        }

        boolean more() {
            return i < id.length();
        }

        /**
         * The unescaped text up to {@code stop} (not consumed) or the end; null when {@code refuseBar} and an
         * unescaped '|' comes first (a name holding one is no readable id's).
         */
        String until(char stop, boolean refuseBar) {
            StringBuilder text = new StringBuilder();
            int n = id.length();
            while (i < n && id.charAt(i) != stop) {
                char c = id.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    c = id.charAt(++i);
                } else if (refuseBar && c == '|') {
                    return null;
                }
                text.append(c);
                i++;
            }
            return text.toString();
        }

        /** Steps over one character (the '|' after a value). */
        void skip() {
            i++;
        }

        /** Whether ":T:" follows. */
        boolean typeFollows() {
            return i + 3 <= id.length() && id.charAt(i + 2) == ':';
        }

        /** Reads ":T:" and returns T. */
        char type() {
            char type = id.charAt(i + 1);
            i += 3;
            return type;
        }
    }
}
