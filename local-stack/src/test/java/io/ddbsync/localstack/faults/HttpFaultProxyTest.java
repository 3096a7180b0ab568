package io.ddbsync.localstack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpFaultProxyTest {

    private HttpServer upstream;
    private HttpFaultProxy proxy;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(body, StandardCharsets.UTF_8) + " " + exchange.getRequestHeaders().getFirst("X-Test"));
            byte[] answer = ("echo " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Upstream", "yes");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        proxy = HttpFaultProxy.start("test", URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    @Test
    void passThrough_forwardsMethodPathBodyAndHeaders_andReturnsTheServiceAnswer() throws Exception {
        HttpResponse<String> r = send("/a/b?c=d", "hello");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("echo hello");
        assertThat(r.headers().firstValue("X-Upstream")).hasValue("yes");
        assertThat(received).containsExactly("POST /a/b?c=d hello t1");
    }

    @Test
    void handler_madeUpAnswer_neverReachesTheService() throws Exception {
        proxy.handle((request, up) -> HttpFaultProxy.Response.json(429, "{\"status\":429}"));
        HttpResponse<String> r = send("/_bulk", "x");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).isEqualTo("{\"status\":429}");
        assertThat(received).isEmpty();
        proxy.passThrough();
        assertThat(send("/_bulk", "y").statusCode()).isEqualTo(201);
        assertThat(received).hasSize(1);
    }

    @Test
    void handler_drop_closesTheConnectionWithoutAnswer() {
        proxy.handle((request, up) -> HttpFaultProxy.Response.DROP);
        assertThatThrownBy(() -> send("/", "x")).isInstanceOf(IOException.class);
        assertThat(received).isEmpty();
    }

    @Test
    void handler_changedRequest_reachesTheServiceChanged() throws Exception {
        proxy.handle((request, up) -> up.forward(request.withBody("changed".getBytes(StandardCharsets.UTF_8))));
        assertThat(send("/", "original").body()).isEqualTo("echo changed");
    }

    private HttpResponse<String> send(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(proxy.endpoint().resolve(path)).header("X-Test", "t1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
