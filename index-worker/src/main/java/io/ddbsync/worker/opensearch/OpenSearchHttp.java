package io.ddbsync.worker.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Raw REST calls through opensearch-java's generic client, so the same code runs over the plain
 * HTTP transport and the SigV4 ({@code AwsSdk2Transport}) transport. Bodies are Jackson JSON or
 * NDJSON bytes; HTTP error statuses are returned, transport failures thrown as
 * {@link OpenSearchTransportException}.
 */
public final class OpenSearchHttp implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final OpenSearchClient client;
    private final OpenSearchGenericClient generic;

    public OpenSearchHttp(OpenSearchClient client) {
        this.client = client;
        this.generic = client.generic();
    }

    /** A response: HTTP status and the parsed JSON body (missing node when there was none). */
    public record Reply(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** 429 and 5xx: worth retrying. */
        public boolean retryable() {
            return status == 429 || status >= 500;
        }

        public String errorType() {
            return body.path("error").path("type").asText("");
        }

        public String describe() {
            return "HTTP " + status + " " + body;
        }
    }

    public Reply get(String path) {
        return send("GET", path, null, null);
    }

    public Reply head(String path) {
        return send("HEAD", path, null, null);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Reply json(String method, String path, JsonNode body) {
        try {
            return send(method, path, MAPPER.writeValueAsBytes(body), "application/json");
        } catch (IOException e) {
            throw new OpenSearchTransportException("cannot encode body of " + method + " " + path, e);
        }
    }

    public Reply ndjson(String path, byte[] body) {
        return send("POST", path, body, "application/x-ndjson");
    }

    public Reply send(String method, String path, byte[] body, String contentType) {
        String endpoint = path;
        Map<String, String> query = Map.of();
        int q = path.indexOf('?');
        if (q >= 0) {
            endpoint = path.substring(0, q);
            query = new java.util.LinkedHashMap<>();
            for (String pair : path.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    query.put(pair, "");
                } else {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        Request request = Requests.create(method, endpoint, List.of(), query,
                body == null ? null : Body.from(body, contentType));
        try (Response response = generic.execute(request)) {
            JsonNode parsed = MissingNode.getInstance();
            if (response.getBody().isPresent()) {
                try (Body b = response.getBody().get(); InputStream in = b.body()) {
                    byte[] bytes = in.readAllBytes();
                    if (bytes.length > 0) {
                        parsed = MAPPER.readTree(bytes);
                    }
                }
            }
            return new Reply(response.getStatus(), parsed);
        } catch (IOException e) {
            throw new OpenSearchTransportException(method + " " + path + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            client._transport().close();
        } catch (IOException e) {
            throw new OpenSearchTransportException("closing the OpenSearch transport failed", e);
        }
    }
}
