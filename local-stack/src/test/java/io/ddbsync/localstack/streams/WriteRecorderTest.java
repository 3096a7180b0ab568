package io.ddbsync.localstack.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BatchWriteItem's UnprocessedItems, which dynalite never returns: a minimal in-memory server in its place applies
 * every put but those with pk "busy", which it hands back as unprocessed. The client gets UnprocessedItems back
 * unchanged (to retry them) and only the processed put has a record.
 */
class WriteRecorderTest {
    private final Map<String, ObjectNode> items = new ConcurrentHashMap<>();
    private HttpServer throttlingServer;
    private StreamRegistry registry;
    private WriteRecorder recorder;

    @BeforeEach
    void start() throws IOException {
        throttlingServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        throttlingServer.createContext("/", this::answer);
        throttlingServer.start();
        URI endpoint = URI.create("http://127.0.0.1:" + throttlingServer.getAddress().getPort());
        registry = new StreamRegistry(Clock.systemUTC());
        recorder = new WriteRecorder(new DynaliteClient(endpoint), registry, new ChangeRecorder(registry), new ReentrantLock());
    }

    @AfterEach
    void stop() {
        throttlingServer.stop(0);
    }

    @Test
    void write_batchWithUnprocessedItems_recordsOnlyProcessedOnes() {
        ArrayNode keySchema = Json.object().arrayNode();
        keySchema.addObject().put("AttributeName", "pk").put("KeyType", "HASH");
        TableStream stream = registry.enable("T", "NEW_IMAGE", keySchema);
        String body = "{\"RequestItems\":{\"T\":["
                + "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"done\"},\"v\":{\"N\":\"1\"}}}},"
                + "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"busy\"},\"v\":{\"N\":\"2\"}}}}]}}";

        DynaliteClient.Response response = recorder.write("BatchWriteItem", body.getBytes(StandardCharsets.UTF_8),
                Map.of("X-Amz-Target", List.of("DynamoDB_20120810.BatchWriteItem")));

        assertThat(response.json().path("UnprocessedItems").path("T")).hasSize(1);
        List<StoredRecord> records = stream.read(stream.trimHorizon(), 10).records();
        assertThat(records).singleElement().satisfies(r ->
                assertThat(r.json().path("dynamodb").path("Keys").path("pk").path("S").asText()).isEqualTo("done"));
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            ObjectNode request = Json.parse(exchange.getRequestBody().readAllBytes());
            ObjectNode response = Json.object();
            if (target.endsWith(".GetItem")) {
                ObjectNode item = items.get(request.path("Key").path("pk").path("S").asText());
                if (item != null) {
                    response.set("Item", item);
                }
            } else if (target.endsWith(".BatchWriteItem")) {
                ArrayNode unprocessed = response.putObject("UnprocessedItems").putArray("T");
                for (JsonNode write : request.path("RequestItems").path("T")) {
                    ObjectNode item = (ObjectNode) write.path("PutRequest").path("Item");
                    String pk = item.path("pk").path("S").asText();
                    if (pk.equals("busy")) {
                        unprocessed.add(write);
                    } else {
                        items.put(pk, item);
                    }
                }
            }
            byte[] bytes = Json.bytes(response);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
