package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** HTTP access to the DynamoDB-API server behind the emulator: forwarding client calls and its own reads. */
final class DynaliteClient {
    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> NOT_FORWARDED = Set.of(
            "host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "accept-encoding",
            "keep-alive", "date");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private final URI endpoint;
    private final HttpClient http;

    DynaliteClient(URI endpoint) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** The server's answer, status, headers and body as sent. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        boolean ok() {
            return status == 200;
        }

        ObjectNode json() {
            return ApiBodies.parse(body);
        }
    }

    /** Sends a client's request on unchanged (but for hop-by-hop headers). */
    Response forward(byte[] body, Map<String, List<String>> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return send(request.build(), headerValue(headers, "x-amz-target"));
    }

    /** Calls {@code operation} for the emulator itself (credentials are not checked by the server). */
    Response call(String operation, JsonNode body) {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", TARGET_PREFIX + operation)
                .header("X-Amz-Date", date)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/" + date.substring(0, 8)
                        + "/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ApiBodies.bytes(body)))
                .build();
        return send(request, operation);
    }

    /**
     * Waits until {@code table} is ACTIVE. dynalite answers CreateTable with the table still CREATING and flips it
     * to ACTIVE on a timer; until then every item call answers ResourceNotFoundException, which a client that
     * writes right after CreateTable (as the local pipeline and the tests do) would see on a busy machine.
     *
     * @throws StreamsEmulatorException when the table is not ACTIVE within {@code limit}
     */
    void awaitActive(String table, Duration limit) {
        ObjectNode request = ApiBodies.object();
        request.put("TableName", table);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Response response = call("DescribeTable", request);
            if (response.ok() && "ACTIVE".equals(response.json().path("Table").path("TableStatus").asText())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StreamsEmulatorException("table " + table + " was not ACTIVE within " + limit
                        + " of CreateTable (last DescribeTable: HTTP " + response.status() + ")");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StreamsEmulatorException("interrupted while waiting for table " + table + " to be ACTIVE", e);
            }
        }
    }

    /** The current item with {@code key}, read consistently; empty when there is none. */
    Optional<ObjectNode> getItem(String table, ObjectNode key) {
        Response response = readItem(table, key);
        if (!response.ok()) {
            throw new StreamsEmulatorException("cannot read the image of key " + key + " in table " + table + ": HTTP "
                    + response.status() + " " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return item(response);
    }

    /** A consistent GetItem of {@code key}, the server's answer as it is (an error if the key does not fit). */
    Response readItem(String table, ObjectNode key) {
        ObjectNode request = ApiBodies.object();
        request.put("TableName", table);
        request.set("Key", key);
        request.put("ConsistentRead", true);
        return call("GetItem", request);
    }

    /** The item of a successful GetItem answer; empty when there was none. */
    static Optional<ObjectNode> item(Response getItem) {
        JsonNode item = getItem.json().get("Item");
        return item instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }

    private Response send(HttpRequest request, String what) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new StreamsEmulatorException("DynamoDB server " + endpoint + " failed on " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsEmulatorException("interrupted while calling " + what + " on " + endpoint, e);
        }
    }

    static String headerValue(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return "";
    }
}
