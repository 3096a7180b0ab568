package io.ddbsync.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.model.wire.Compression;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ForwarderConfigTest {

    static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("CHANGE_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/changes");
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    @Test
    void fromEnv_requiredOnly_usesDefaults() {
        ForwarderConfig c = ForwarderConfig.fromEnv(valid());

        assertThat(c).isEqualTo(new ForwarderConfig(URI.create("https://sqs.us-east-1.amazonaws.com/123456789012/changes"),
                1_048_576, Optional.empty(), "us-east-1"));
    }

    @Test
    void fromEnv_compressionUnset_isGzip() {
        assertThat(ForwarderConfig.fromEnv(valid()).compression()).isEqualTo(Compression.GZIP);
    }

    @ParameterizedTest
    @CsvSource({"none,NONE", "NONE,NONE", "gzip,GZIP", " Gzip ,GZIP"})
    void fromEnv_compressionSet_readsIt(String value, Compression expected) {
        Map<String, String> env = valid();
        env.put("COMPRESSION", value);

        assertThat(ForwarderConfig.fromEnv(env).compression()).isEqualTo(expected);
    }

    @Test
    void fromEnv_compressionUnknown_failsNamingTheVariable() {
        Map<String, String> env = valid();
        env.put("COMPRESSION", "zstd");

        assertThatThrownBy(() -> ForwarderConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("COMPRESSION").hasMessageContaining("gzip | none");
    }

    @Test
    void fromEnv_allSet_readsThem() {
        Map<String, String> env = valid();
        env.put("MAX_MESSAGE_BYTES", " 262144 ");
        env.put("SQS_ENDPOINT", "http://127.0.0.1:9324");
        env.put("CHANGE_QUEUE_URL", "http://127.0.0.1:9324/000000000000/changes");

        ForwarderConfig c = ForwarderConfig.fromEnv(env);

        assertThat(c.maxMessageBytes()).isEqualTo(262_144);
        assertThat(c.sqsEndpoint()).contains(URI.create("http://127.0.0.1:9324"));
        assertThat(c.changeQueueUrl().getPort()).isEqualTo(9324);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "CHANGE_QUEUE_URL|NULL|is required",
        "CHANGE_QUEUE_URL|'  '|is required",
        "CHANGE_QUEUE_URL|ftp://host/q|http or https",
        "CHANGE_QUEUE_URL|http://|not a valid URL",
        "CHANGE_QUEUE_URL|http:///q|must name a host",
        "CHANGE_QUEUE_URL|http://h/q?x=1|query",
        "CHANGE_QUEUE_URL|http://h q/|not a valid URL",
        "MAX_MESSAGE_BYTES|abc|must be an integer in 1536..1048576",
        "MAX_MESSAGE_BYTES|1023|must be in 1536..1048576, got 1023",
        "MAX_MESSAGE_BYTES|1024|must be in 1536..1048576, got 1024",
        "MAX_MESSAGE_BYTES|1535|must be in 1536..1048576, got 1535",
        "MAX_MESSAGE_BYTES|1048577|must be in 1536..1048576",
        "MAX_MESSAGE_BYTES|-5|must be in 1536..1048576",
        "MAX_MESSAGE_BYTES|99999999999|must be an integer",
        "SQS_ENDPOINT|tcp://x|http or https",
        "AWS_REGION|NULL|is required",
        "AWS_REGION|US-EAST-1|AWS region",
        "AWS_REGION|useast1|AWS region",
    })
    void fromEnv_badValue_failsNamingVariable(String variable, String value, String expected) {
        Map<String, String> env = valid();
        if (value == null) {
            env.remove(variable);
        } else {
            env.put(variable, value);
        }

        assertThatThrownBy(() -> ForwarderConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ": ")
                .hasMessageContaining(expected)
                .extracting(e -> ((ConfigException) e).variable()).isEqualTo(variable);
    }

    @Test
    void maxBodyBytes_everyAllowedMaximum_bodyPlusAttributesFitAndPackerAcceptsBody() {
        for (int max = ForwarderConfig.MIN_MAX_MESSAGE_BYTES; max <= ForwarderConfig.MAX_MAX_MESSAGE_BYTES; max += max < 4096 ? 1 : 997) {
            int body = ForwarderConfig.maxBodyBytes(max);

            assertThat(body + ForwarderConfig.MESSAGE_ATTRIBUTE_BYTES).as("max %d", max).isLessThanOrEqualTo(max);
            assertThat(new io.ddbsync.model.pack.EnvelopePacker(body).maxMessageBytes()).isEqualTo(body);
        }
        assertThat(ForwarderConfig.maxBodyBytes(ForwarderConfig.MAX_MAX_MESSAGE_BYTES))
                .isEqualTo(ForwarderConfig.MAX_MAX_MESSAGE_BYTES - ForwarderConfig.MESSAGE_ATTRIBUTE_BYTES);
    }

    @Test
    void fromEnv_smallestMaximum_bodyLeavesRoomForAttributes() {
        Map<String, String> env = valid();
        env.put("MAX_MESSAGE_BYTES", "1536");

        assertThat(ForwarderConfig.fromEnv(env).maxBodyBytes()).isEqualTo(1024);
    }

    @Test
    void constructor_maximumBelowAttributesPlusSmallestBody_failsNamingVariable() {
        assertThatThrownBy(() -> new ForwarderConfig(URI.create("http://h/q"), 1100, Optional.empty(), "us-east-1"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("MAX_MESSAGE_BYTES: must be in 1536..1048576");
    }
}
