package io.ddbsync.aws.dynamodb;

/** DescribeTable of a table failed (it does not exist, access denied, the service unreachable); the cause is kept. */
public final class TableDescribeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TableDescribeException(String message, Throwable cause) {
        super(message, cause);
    }
}
