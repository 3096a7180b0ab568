package io.ddbsync.aws.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.ddbsync.aws.search.internal.ErrorReasons;
import java.util.Objects;

/**
 * The search target's answer to one call: its HTTP status and its JSON body (a {@link MissingNode} when it had none,
 * as a {@code HEAD} has; a text node of the first 512 bytes when it was not JSON, e.g. a proxy's error page). An
 * error status is an answer, not an exception: the caller decides what it means for the call (a 404 of an alias
 * check is "absent", of a write "the index is gone").
 *
 * @param status HTTP status, 100..599
 * @param body   the parsed body, never null
 */
public record SearchReply(int status, JsonNode body) {

    public SearchReply {
        Objects.requireNonNull(body, "body");
    }

    /** 2xx. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** 429 and 5xx: worth retrying. */
    public boolean retryable() {
        return status == 429 || status >= 500;
    }

    /** The error's {@code type} ({@code index_not_found_exception}, …), empty when there is none. */
    public String errorType() {
        return body.path("error").path("type").asText("");
    }

    /**
     * Status, error type and reason, with any quoted field value OpenSearch includes (its "Preview of field's
     * value") removed, so item values never reach logs or failure notes.
     */
    public String describe() {
        if (ok()) {
            return "HTTP " + status;
        }
        JsonNode error = body.path("error");
        if (error.isObject()) {
            return "HTTP " + status + " " + ErrorReasons.describe(error);
        }
        return "HTTP " + status + (error.isTextual() ? " " + ErrorReasons.withoutValues(error.asText()) : "");
    }

    /**
     * An error object (a reply's {@code error}, a bulk item's {@code error}) as one line for logs and failure notes,
     * without any item value the engine quoted in it: {@code type: reason / caused by type}.
     */
    public static String describeError(JsonNode error) {
        return ErrorReasons.describe(error);
    }
}
