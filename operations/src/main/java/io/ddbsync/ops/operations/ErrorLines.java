package io.ddbsync.ops.operations;

/**
 * One line for an error and its causes, the way every ddbsync command and operation reports one: the message
 * chain without repeats, ddbsync's and picocli's own messages as they are, others prefixed with their type.
 */
public final class ErrorLines {

    private ErrorLines() {
    }

    /**
     * The message chain of {@code e} and its causes on one line, without repeats. Messages of
     * ddbsync's own exceptions and picocli's stand alone; others are prefixed with their type
     * ({@code SdkClientException: Unable to execute HTTP request}), which often is the news.
     */
    public static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder();
        String previous = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s*\\R\\s*", " ").strip();
            if (!m.isEmpty() && previous != null && covered(previous, m)) {
                continue;
            }
            String shown = own(t) ? m : m.isEmpty() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
            if (shown.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(shown);
            previous = m;
        }
        return sb.toString();
    }

    /** Whether {@code cause} says nothing {@code shown} did not: contained in it, or so after a "WHAT: " prefix. */
    private static boolean covered(String shown, String cause) {
        int colon = cause.indexOf(": ");
        return shown.contains(cause) || (colon > 0 && shown.contains(cause.substring(colon + 2)));
    }

    private static boolean own(Throwable t) {
        String name = t.getClass().getName();
        return name.startsWith("io.ddbsync.") || name.startsWith("picocli.");
    }
}
