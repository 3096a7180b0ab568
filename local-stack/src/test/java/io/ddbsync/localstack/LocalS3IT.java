package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** S3Mock behind the standard SDK v2 S3 client, path-style, as the local stack's other services are used. */
class LocalS3IT {
    private static S3Client s3;

    @BeforeAll
    static void connect() {
        s3 = LocalAws.s3(LocalS3.shared().endpoint());
    }

    @AfterAll
    static void disconnect() {
        s3.close();
    }

    @Test
    void endpoint_sharedInstance_isLoopbackHttpAndSameObject() {
        assertThat(LocalS3.shared()).isSameAs(LocalS3.shared());
        assertThat(LocalS3.shared().endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void putGet_objectWithMetadata_readBackByteForByte() {
        String bucket = bucket();
        byte[] body = "{\"Item\":{\"pk\":{\"S\":\"é ü 한\"}}}\n".getBytes(StandardCharsets.UTF_8);

        s3.putObject(p -> p.bucket(bucket).key("AWSDynamoDB/01/data/a.json").contentType("application/json")
                .metadata(Map.of("table", "Posts")), RequestBody.fromBytes(body));
        ResponseBytes<GetObjectResponse> read = s3.getObjectAsBytes(g -> g.bucket(bucket).key("AWSDynamoDB/01/data/a.json"));

        assertThat(read.asByteArray()).isEqualTo(body);
        assertThat(read.response().contentLength()).isEqualTo(body.length);
        assertThat(read.response().contentType()).isEqualTo("application/json");
        assertThat(read.response().metadata()).containsEntry("table", "Posts");
        assertThat(read.response().eTag()).isNotBlank();
    }

    @Test
    void listObjectsV2_prefixDelimiterAndPages_everyKeyOnceInOrder() {
        String bucket = bucket();
        List<String> keys = IntStream.range(0, 25).mapToObj(i -> String.format("aws/lambda/esm/shard-%d/%03d", i % 2, i)).toList();
        keys.forEach(key -> s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(key)));
        s3.putObject(p -> p.bucket(bucket).key("other/x"), RequestBody.fromString("x"));

        List<String> listed = s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix("aws/lambda/").maxKeys(7)).contents()
                .stream().map(S3Object::key).toList();
        ListObjectsV2Response folders = s3.listObjectsV2(l -> l.bucket(bucket).prefix("aws/lambda/esm/").delimiter("/"));

        assertThat(listed).containsExactlyElementsOf(keys.stream().sorted().toList());
        assertThat(folders.commonPrefixes()).extracting(CommonPrefix::prefix)
                .containsExactly("aws/lambda/esm/shard-0/", "aws/lambda/esm/shard-1/");
        assertThat(folders.contents()).isEmpty();
    }

    @Test
    void buckets_createListDelete_andMissingOnesAnsweredAsS3Does() {
        String bucket = bucket();
        s3.putObject(p -> p.bucket(bucket).key("k"), RequestBody.fromString("v"));

        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals(bucket));
        assertThatThrownBy(() -> s3.getObject(g -> g.bucket(bucket).key("absent"))).isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.listObjectsV2(l -> l.bucket("no-such-" + bucket))).isInstanceOf(NoSuchBucketException.class);

        s3.deleteObject(d -> d.bucket(bucket).key("k"));
        s3.deleteBucket(d -> d.bucket(bucket));
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
    }

    @Test
    void close_privateInstance_noProcessNoDirectoryNoPortAndSharedUntouched() throws Exception {
        String bucket = bucket();
        LocalS3 own = LocalS3.start();
        try (S3Client client = LocalAws.s3(own.endpoint())) {
            client.createBucket(c -> c.bucket("only-in-private"));
            assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("only-in-private");
        }
        assertThat(own.endpoint()).isNotEqualTo(LocalS3.shared().endpoint());
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("only-in-private"));

        own.close();

        assertThat(ProcessHandle.of(own.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(own.instanceDir()).doesNotExist();
        HttpClient http = HttpClient.newHttpClient();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(own.endpoint()).GET().build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(ConnectException.class);
        assertThat(s3.headBucket(h -> h.bucket(bucket)).sdkHttpResponse().isSuccessful()).isTrue();
        assertThat(own.startTime()).isPositive();
    }

    private static String bucket() {
        String name = "b-" + UUID.randomUUID();
        s3.createBucket(c -> c.bucket(name));
        return name;
    }
}
