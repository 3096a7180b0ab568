package io.ddbsync.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsOptionsTest {

    @Test
    void forQueue_loopbackQueueUrl_itsHostIsTheEndpoint() {
        AwsOptions.SqsEndpoint sqs = new AwsOptions.SqsEndpoint();

        assertThat(sqs.forQueue("http://127.0.0.1:35203/000000000000/ddbsync-changes-dlq"))
                .contains(URI.create("http://127.0.0.1:35203"));
        assertThat(sqs.forQueue("http://localhost:9324/000000000000/q")).contains(URI.create("http://localhost:9324"));
    }

    @Test
    void forQueue_awsQueueUrl_sdkDefaultEndpoint() {
        assertThat(new AwsOptions.SqsEndpoint().forQueue("https://sqs.eu-west-1.amazonaws.com/123456789012/q")).isEmpty();
    }

    @Test
    void forQueue_endpointGiven_winsOverTheQueueUrl() {
        AwsOptions.SqsEndpoint sqs = new AwsOptions.SqsEndpoint();
        sqs.url = URI.create("http://127.0.0.1:9999");

        assertThat(sqs.forQueue("http://127.0.0.1:35203/000000000000/q")).contains(URI.create("http://127.0.0.1:9999"));
    }

    @Test
    void forQueue_notAUrl_usageError() {
        assertThatThrownBy(() -> new AwsOptions.SqsEndpoint().forQueue("http://bad host/q")).isInstanceOf(UsageException.class)
                .hasMessageContaining("http://bad host/q");
    }

    @Test
    void isLoopback_localhostAnd127Slash8AndIpv6_only() {
        assertThat(AwsOptions.isLoopback(URI.create("http://localhost:1"))).isTrue();
        assertThat(AwsOptions.isLoopback(URI.create("http://127.0.0.2:1"))).isTrue();
        assertThat(AwsOptions.isLoopback(URI.create("http://[::1]:1"))).isTrue();
        assertThat(AwsOptions.isLoopback(URI.create("https://sqs.us-east-1.amazonaws.com"))).isFalse();
        assertThat(AwsOptions.isLoopback(URI.create("http://10.0.0.1:4566"))).isFalse();
    }

    @Test
    void regionAndCredentials_loopbackEndpointWithoutOptions_localStacks() {
        AwsOptions aws = new AwsOptions();
        Optional<URI> local = Optional.of(URI.create("http://127.0.0.1:8000"));

        assertThat(aws.region(local)).isEqualTo(Region.US_EAST_1);
        assertThat(aws.credentials(local)).isInstanceOf(StaticCredentialsProvider.class);
    }

    @Test
    void region_given_winsEvenForLoopback() {
        AwsOptions aws = new AwsOptions();
        aws.region = "eu-west-1";

        assertThat(aws.region(Optional.of(URI.create("http://127.0.0.1:8000")))).isEqualTo(Region.EU_WEST_1);
    }
}
