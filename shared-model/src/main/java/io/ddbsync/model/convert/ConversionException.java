package io.ddbsync.model.convert;

/** An item that cannot become a search document; the message names the attribute path and why. */
public class ConversionException extends RuntimeException {

    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
