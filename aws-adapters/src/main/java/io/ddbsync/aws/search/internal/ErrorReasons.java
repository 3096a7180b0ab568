package io.ddbsync.aws.search.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * OpenSearch error objects → one line for logs and failure notes that never carries an item value.
 *
 * <p>OpenSearch quotes the offending value in some reasons: a mapping error ends with
 * {@code Preview of field's value: '<value>'}, and its cause (e.g. {@code number_format_exception:
 * For input string: "<value>"}) may repeat it. So the top-level reason is kept with the preview cut
 * off, quoted strings after "value" removed, and Lucene's immense-term prefix (the term's first bytes as
 * decimal numbers, {@code The prefix of the first immense term is: '[97, 108, …]...'}) removed; each
 * cause contributes its type only. Field
 * names (in brackets) and document ids stay: they are what an operator needs to find the record.
 */
public final class ErrorReasons {

    private static final Pattern PREVIEW = Pattern.compile("\\.?\\s*Preview of field's value:.*", Pattern.DOTALL);
    /** A term quoted as its bytes in decimal, e.g. Lucene's immense-term prefix {@code '[97, 108, 108]...'}. */
    private static final Pattern TERM_BYTES = Pattern.compile("'?\\[\\s*-?\\d+(\\s*,\\s*-?\\d+)+\\s*\\](\\.\\.\\.)?'?");
    private static final Pattern QUOTED_VALUE = Pattern.compile("(?i)(value\\s*[:=]?\\s*)(\\[[^\\]]*\\]|'[^']*'|\"[^\"]*\")");

    private ErrorReasons() {
    }

    /** {@code type: reason / caused by type / caused by type}. */
    public static String describe(JsonNode error) {
        StringBuilder sb = new StringBuilder(error.path("type").asText())
                .append(": ").append(withoutValues(error.path("reason").asText()));
        JsonNode cause = error.path("caused_by");
        while (cause.isObject()) {
            sb.append(" / caused by ").append(cause.path("type").asText());
            cause = cause.path("caused_by");
        }
        return sb.toString();
    }

    /** The reason text with OpenSearch's value preview and quoted values removed. */
    public static String withoutValues(String reason) {
        String cut = PREVIEW.matcher(reason).replaceAll("");
        cut = TERM_BYTES.matcher(cut).replaceAll("<value omitted>");
        return QUOTED_VALUE.matcher(cut).replaceAll("$1<value omitted>");
    }
}
