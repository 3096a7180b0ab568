package io.ddbsync.model.id;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Unambiguous, canonical document ids from DynamoDB keys (DESIGN.md "Index layout"). */
public final class DocumentIds {

    private DocumentIds() {
    }

    /** The id of the item with these key attributes (DynamoDB JSON, any attribute order). */
    public static DocumentId of(ObjectNode keys) {
        throw new UnsupportedOperationException("TODO shared-model");
    }
}
