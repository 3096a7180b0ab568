package io.ddbsync.localstack.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Shard iterators: opaque tokens naming a stream, its shard, the position of the next record to read and when the
 * token was issued. Like DynamoDB Streams' iterators they expire {@link #LIFETIME} after issue.
 */
final class ShardIterators {
    static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final String SEPARATOR = "|";

    private ShardIterators() {
    }

    /** A decoded iterator. */
    record Position(String streamArn, String shardId, long next, Instant issued) {
    }

    static String encode(Position position) {
        String text = String.join(SEPARATOR, position.streamArn(), position.shardId(), Long.toString(position.next()),
                Long.toString(position.issued().toEpochMilli()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The position of {@code iterator}; a {@code ValidationException} if malformed, expired ones are rejected. */
    static Position decode(String iterator, Instant now) {
        Position position;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(iterator == null ? "" : iterator),
                    StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 4) {
                throw ApiErrorException.validation("Invalid ShardIterator");
            }
            position = new Position(parts[0], parts[1], Long.parseLong(parts[2]),
                    Instant.ofEpochMilli(Long.parseLong(parts[3])));
        } catch (IllegalArgumentException e) {
            throw ApiErrorException.validation("Invalid ShardIterator");
        }
        if (now.isAfter(position.issued().plus(LIFETIME))) {
            throw new ApiErrorException("ExpiredIteratorException",
                    "Iterator expired. The iterator was created at time " + position.issued() + " while right now it is "
                            + now + " which is further in the future than the tolerated delay of " + LIFETIME.toMillis()
                            + " milliseconds.");
        }
        return position;
    }
}
