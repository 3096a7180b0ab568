package io.ddbsync.model.convert;

/** An item that cannot become a search document; the message names the attribute path and why. */
public class ConversionException extends RuntimeException {

    private final String path;

    public ConversionException(String message) {
        super(message);
        this.path = null;
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
        this.path = null;
    }

    /**
     * @param path   the attribute path, e.g. {@code blocks[2].title} (the item itself: empty)
     * @param reason what is wrong there
     * @param cause  the underlying error, or null
     */
    public ConversionException(String path, String reason, Throwable cause) {
        super("attribute '" + path + "': " + reason, cause);
        this.path = path;
    }

    /** The attribute path the error is about, or null when not about one attribute. */
    public String path() {
        return path;
    }
}
