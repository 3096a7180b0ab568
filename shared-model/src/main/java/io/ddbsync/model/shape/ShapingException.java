package io.ddbsync.model.shape;

/**
 * A shaping definition that cannot be used: not JSON, not an object of table → steps, an unknown step or argument, a
 * missing or mistyped argument. The message names the table, the step's position and name, and the argument; whoever
 * read the definition adds where it came from (the worker's {@value Shaping#VARIABLE}, the CLI's {@code --shaping},
 * the stack's {@code shaping} setting).
 */
public class ShapingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ShapingException(String message, Throwable cause) {
        super(message, cause);
    }
}
