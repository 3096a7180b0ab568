package io.ddbsync.forwarder.internal.map;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the table name out of a DynamoDB stream ARN ({@code arn:aws:dynamodb:region:account:table/NAME/stream/LABEL}). */
public final class StreamArns {

    private static final Pattern STREAM_ARN =
            Pattern.compile("^arn:aws[a-zA-Z-]*:dynamodb:[^:]*:[^:]*:table/([a-zA-Z0-9_.-]{1,255})/stream/.+$");

    private StreamArns() {
    }

    public static Optional<String> tableName(String eventSourceArn) {
        if (eventSourceArn == null) {
            return Optional.empty();
        }
        Matcher m = STREAM_ARN.matcher(eventSourceArn);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
