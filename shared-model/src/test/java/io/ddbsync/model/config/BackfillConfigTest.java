package io.ddbsync.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.model.wire.Compression;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackfillConfigTest {

    static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put(BackfillConfig.CHANGE_QUEUE_URL, "https://sqs.us-east-1.amazonaws.com/123456789012/changes");
        env.put(BackfillConfig.BACKFILL_QUEUE_URL, "https://sqs.us-east-1.amazonaws.com/123456789012/ddbsync-backfill");
        env.put(BackfillConfig.BACKFILL_BUCKET, "ddbsync-exports-123");
        env.put(BackfillConfig.AWS_REGION, "us-east-1");
        return env;
    }

    @Test
    void fromEnv_requiredOnly_usesTheForwardersDefaults() {
        BackfillConfig c = BackfillConfig.fromEnv(valid());

        assertThat(c).isEqualTo(new BackfillConfig(URI.create("https://sqs.us-east-1.amazonaws.com/123456789012/changes"),
                1_048_576, Compression.GZIP, URI.create("https://sqs.us-east-1.amazonaws.com/123456789012/ddbsync-backfill"),
                "ddbsync-exports-123", Optional.empty(), Optional.empty(), Optional.empty(), "us-east-1"));
        assertThat(c.maxBodyBytes()).isEqualTo(1_048_576 - ForwarderConfig.MESSAGE_ATTRIBUTE_BYTES);
    }

    @Test
    void fromEnv_missingBackfillQueueUrl_namesTheVariable() {
        Map<String, String> env = valid();
        env.remove("BACKFILL_QUEUE_URL");

        assertThatThrownBy(() -> BackfillConfig.fromEnv(env)).isInstanceOf(ConfigException.class).hasMessageContaining("BACKFILL_QUEUE_URL");
    }

    @Test
    void fromEnv_bucketNotAnS3Name_namesTheVariable() {
        Map<String, String> env = valid();
        env.put("BACKFILL_BUCKET", "Not_A_Bucket");

        assertThatThrownBy(() -> BackfillConfig.fromEnv(env)).isInstanceOf(ConfigException.class).hasMessageContaining("BACKFILL_BUCKET");
    }

    @Test
    void fromEnv_maxMessageBytesOutOfRange_namesTheVariable() {
        Map<String, String> env = valid();
        env.put("MAX_MESSAGE_BYTES", "100");

        assertThatThrownBy(() -> BackfillConfig.fromEnv(env)).isInstanceOf(ConfigException.class).hasMessageContaining("MAX_MESSAGE_BYTES");
    }

    @Test
    void fromEnv_endpoints_areRead() {
        Map<String, String> env = valid();
        env.put("S3_ENDPOINT", "http://127.0.0.1:9090");
        env.put("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000");

        BackfillConfig c = BackfillConfig.fromEnv(env);

        assertThat(c.s3Endpoint()).contains(URI.create("http://127.0.0.1:9090"));
        assertThat(c.dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:8000"));
    }
}
