package io.ddbsync.ops.mapping;

import java.util.List;
import java.util.Objects;

/**
 * One reason items of a sample do not index, or do not index as they are, under OpenSearch's defaults: named by
 * path and kind, with how many values (or items) and the keys of a few items. Never a value.
 *
 * @param path       the document path ({@code ""} for the whole document)
 * @param kind       what is wrong
 * @param count      values (or items, for refusals and depth) concerned
 * @param sampleKeys keys (document ids) of items that show it
 * @param detail     what exactly, and what the proposed template does about it
 */
public record Conflict(String path, Kind kind, long count, List<String> sampleKeys, String detail) {

    /** The kinds of conflict, with the name reports show. */
    public enum Kind {
        /** One path holds values one field type cannot take in every order (string and number, map and value, …). */
        TYPES("types"),
        /** Numbers a long or a double cannot hold exactly. */
        PRECISION("number-precision"),
        /** Strings OpenSearch's date detection would make the path a date with. */
        DATE_DETECTION("date-detection"),
        /** More fields than {@code index.mapping.total_fields.limit}. */
        TOTAL_FIELDS("total-fields"),
        /** Maps or lists nested deeper than {@code index.mapping.depth.limit}. */
        DEPTH("depth");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Conflict {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        sampleKeys = List.copyOf(sampleKeys);
        Objects.requireNonNull(detail, "detail");
    }
}
