package io.ddbsync.testbench.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.localstack.faults.HttpFaultProxy.Request;
import io.ddbsync.localstack.faults.HttpFaultProxy.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScenariosTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void bulkReject_chosenItems_neverReachUpstreamAndAnswer429InPlace() throws Exception {
        String body = "{\"index\":{\"_index\":\"t_v1\",\"_id\":\"a\"}}\n{\"x\":1}\n"
                + "{\"delete\":{\"_index\":\"t_v1\",\"_id\":\"b\"}}\n"
                + "{\"create\":{\"_index\":\"t_v1\",\"_id\":\"c\"}}\n{\"x\":3}\n";
        List<String> forwarded = new ArrayList<>();
        Iterator<Boolean> picks = List.of(false, true, false).iterator();
        AtomicLong rejected = new AtomicLong();
        Response r = Scenarios.BulkItems.reject(request("/_bulk", body), req -> {
            forwarded.add(new String(req.body(), StandardCharsets.UTF_8));
            return Response.json(200, "{\"took\":3,\"errors\":false,\"items\":[{\"index\":{\"_id\":\"a\",\"status\":201}},"
                    + "{\"create\":{\"_id\":\"c\",\"status\":201}}]}");
        }, picks::next, rejected);

        assertThat(forwarded).containsExactly("{\"index\":{\"_index\":\"t_v1\",\"_id\":\"a\"}}\n{\"x\":1}\n"
                + "{\"create\":{\"_index\":\"t_v1\",\"_id\":\"c\"}}\n{\"x\":3}\n");
        JsonNode answer = M.readTree(r.body());
        assertThat(answer.path("errors").asBoolean()).isTrue();
        assertThat(answer.path("items")).hasSize(3);
        assertThat(answer.path("items").get(0).path("index").path("_id").asText()).isEqualTo("a");
        assertThat(answer.path("items").get(1).path("delete").path("status").asInt()).isEqualTo(429);
        assertThat(answer.path("items").get(1).path("delete").path("_id").asText()).isEqualTo("b");
        assertThat(answer.path("items").get(2).path("create").path("_id").asText()).isEqualTo("c");
        assertThat(rejected).hasValue(1);
    }

    @Test
    void sqsFailSome_chosenEntries_neverReachUpstreamAndComeBackFailed() throws Exception {
        String body = "{\"QueueUrl\":\"q\",\"Entries\":[{\"Id\":\"0\",\"MessageBody\":\"a\"},{\"Id\":\"1\",\"MessageBody\":\"b\"}]}";
        Request request = new Request("POST", "/", Map.of("x-amz-target", List.of("AmazonSQS.SendMessageBatch")),
                body.getBytes(StandardCharsets.UTF_8));
        List<JsonNode> forwarded = new ArrayList<>();
        Iterator<Boolean> picks = List.of(true, false).iterator();
        AtomicLong failed = new AtomicLong();
        Response r = Scenarios.SqsBatches.failSome(request, req -> {
            forwarded.add(M.readTree(req.body()));
            return Response.json(200, "{\"Successful\":[{\"Id\":\"1\",\"MessageId\":\"m1\"}]}");
        }, picks::next, failed);

        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).path("Entries")).hasSize(1);
        assertThat(forwarded.get(0).path("Entries").get(0).path("Id").asText()).isEqualTo("1");
        JsonNode answer = M.readTree(r.body());
        assertThat(answer.path("Successful").get(0).path("Id").asText()).isEqualTo("1");
        assertThat(answer.path("Failed").get(0).path("Id").asText()).isEqualTo("0");
        assertThat(answer.path("Failed").get(0).path("SenderFault").asBoolean()).isFalse();
        assertThat(failed).hasValue(1);
    }

    @Test
    void select_unknownName_isRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> FaultSuite.select("throttling,nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[nope]").hasMessageContaining("search-outage");
        assertThat(FaultSuite.select("duplicates, throttling")).extracting(Scenario::name)
                .containsExactly("throttling", "duplicates");
        assertThat(FaultSuite.select("all")).hasSize(Scenarios.all().size());
    }

    @Test
    void table_scenarioWhoseFaultNeverFired_isNotPassed() {
        ScenarioResult fired = new ScenarioResult("a", 10, Map.of("x", 1L), Duration.ofSeconds(2), 0, 0, 0, 0, 0, 0, true, "");
        ScenarioResult silent = new ScenarioResult("b", 10, Map.of("x", 0L), Duration.ofSeconds(2), 0, 0, 0, 0, 0, 0, true, "");
        assertThat(fired.passed()).isTrue();
        assertThat(silent.passed()).isFalse();
        assertThat(FaultSuite.table(List.of(fired, silent))).contains("FAULT NEVER FIRED").contains("1 x");
    }

    private static Request request(String path, String body) {
        return new Request("POST", path, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void randomRounds_sameSeed_sameOperationsInTheSameOrder() {
        for (int round = 1; round <= 50; round++) {
            long seed = RandomRounds.roundSeed(7, round);
            List<RandomRounds.Op> ops = RandomRounds.draw(seed);

            assertThat(RandomRounds.draw(seed)).isEqualTo(ops);
            assertThat(ops).hasSizeBetween(1, 3);
        }
        java.util.Set<RandomRounds.Op> seen = java.util.EnumSet.noneOf(RandomRounds.Op.class);
        for (int round = 1; round <= 200; round++) {
            seen.addAll(RandomRounds.draw(RandomRounds.roundSeed(1, round)));
        }
        assertThat(seen).as("200 rounds draw every operation").containsExactlyInAnyOrder(RandomRounds.Op.values());
    }

    @Test
    void select_all_includesTheOperationScenarios() {
        assertThat(FaultSuite.select("all")).extracting(Scenario::name)
                .contains("reindex-redrive", "reindex-ttl-keep", "backfill-replay", "rollback-under-load", "reindex-steady-writes",
                        "reconcile-hot-key", "reindex-resume");
    }
}
