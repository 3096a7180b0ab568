package io.ddbsync.model.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** DynamoDB JSON (typed) → search document (plain JSON), per DESIGN.md "Conversion". */
public final class DocumentConverter {

    /**
     * @param include top-level attributes to keep (empty: all)
     * @param exclude top-level attributes to drop
     * @param reservedField the metadata field name (default "ddbsync"); an item attribute of that name is rejected
     */
    public DocumentConverter(Set<String> include, Set<String> exclude, String reservedField) {
        throw new UnsupportedOperationException("TODO shared-model");
    }

    /** Converts an image; throws {@link ConversionException} naming the attribute for anything OpenSearch would reject. */
    public ObjectNode toDocument(ObjectNode dynamoImage) {
        throw new UnsupportedOperationException("TODO shared-model");
    }
}
