package io.ddbsync.localstack.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShardIteratorsTest {
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final ShardIterators.Position POSITION = new ShardIterators.Position(
            "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-01-01T00:00:00.000", "shardId-1", 42, ISSUED);

    @Test
    void decode_encodedWithinLifetime_samePosition() {
        String iterator = ShardIterators.encode(POSITION);

        assertThat(ShardIterators.decode(iterator, ISSUED.plus(ShardIterators.LIFETIME))).isEqualTo(POSITION);
    }

    @Test
    void decode_afterLifetime_expiredIteratorException() {
        String iterator = ShardIterators.encode(POSITION);

        assertThatThrownBy(() -> ShardIterators.decode(iterator, ISSUED.plus(ShardIterators.LIFETIME).plus(Duration.ofMillis(1))))
                .isInstanceOfSatisfying(ApiErrorException.class, e -> assertThat(e.type()).isEqualTo("ExpiredIteratorException"));
    }

    @Test
    void decode_malformed_validationException() {
        for (String bad : new String[] {"", "not base64!", "YWJj", null}) {
            assertThatThrownBy(() -> ShardIterators.decode(bad, ISSUED))
                    .isInstanceOfSatisfying(ApiErrorException.class, e -> assertThat(e.type()).isEqualTo("ValidationException"));
        }
    }
}
