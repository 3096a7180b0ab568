package io.ddbsync.forwarder.send;

/**
 * SQS accepts only the XML character range in message bodies (#x9, #xA, #xD, #x20–#xD7FF,
 * #xE000–#xFFFD, #x10000–#x10FFFF) and rejects the whole entry otherwise (a sender fault that would
 * block the shard). DynamoDB strings may hold U+FFFE and U+FFFF; in JSON text they can only occur
 * inside strings, so writing them as {@code \\uFFFE}/{@code \\uFFFF} escapes yields the same JSON.
 */
public final class SqsBodies {

    private SqsBodies() {
    }

    /** {@code json} with U+FFFE/U+FFFF written as JSON escapes; the same instance when there are none. */
    public static String escapeDisallowed(String json) {
        int first = firstDisallowed(json);
        if (first < 0) {
            return json;
        }
        StringBuilder sb = new StringBuilder(json.length() + 16).append(json, 0, first);
        for (int i = first; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\uFFFE' || c == '\uFFFF') {
                sb.append(c == '\uFFFE' ? "\\ufffe" : "\\uffff");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int firstDisallowed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\uFFFE') {
                return i;
            }
        }
        return -1;
    }
}
