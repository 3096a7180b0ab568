package io.ddbsync.worker.internal.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTransportException;
import io.ddbsync.worker.opensearch.BulkSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gather's bookkeeping: who goes out together, what each message gets back. The requests go to a sender that
 * records them and answers item by item (the {@code _bulk} round trip itself is {@code BulkPerInvocationIT}'s, against
 * OpenSearch).
 */
class InvocationBulkTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Records each request's ids and answers each item 201, or 409 for ids starting with "taken". */
    private BulkSender recording() {
        return answering(ids -> null);
    }

    private BulkSender answering(Function<List<String>, SearchReply> whole) {
        return (actions, timeout) -> {
            List<String> ids = actions.stream().map(BulkAction::id).toList();
            requests.add(ids);
            SearchReply reply = whole.apply(ids);
            if (reply != null) {
                return reply;
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("errors", ids.stream().anyMatch(id -> id.startsWith("taken")));
            for (String id : ids) {
                body.withArray("items").addObject().putObject("create").put("_id", id)
                        .put("status", id.startsWith("taken") ? 409 : 201);
            }
            return new SearchReply(200, body);
        };
    }

    private static List<BulkAction> actions(String... ids) {
        List<BulkAction> out = new ArrayList<>();
        for (String id : ids) {
            out.add(BulkAction.createThroughAlias("posts", id, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<String> ids(SearchReply reply) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : reply.body().path("items")) {
            ids.add(item.path("create").path("_id").asText());
        }
        return ids;
    }

    /** {@code messages} entered; each runs {@code work} on its own thread and leaves. */
    private List<Future<SearchReply>> run(InvocationBulk gather, List<List<BulkAction>> messages) {
        messages.forEach(m -> gather.enter());
        List<Future<SearchReply>> out = new ArrayList<>();
        for (List<BulkAction> m : messages) {
            out.add(pool.submit(() -> {
                try {
                    return gather.bulk(m, TIMEOUT);
                } finally {
                    gather.leave();
                }
            }));
        }
        return out;
    }

    @Test
    void bulk_everyRunningMessageWaiting_oneRequestAndEachItsOwnItems() throws Exception {
        InvocationBulk gather = new InvocationBulk(recording(), 1 << 20, Duration.ofSeconds(30));

        List<Future<SearchReply>> replies = run(gather, List.of(actions("a1", "a2"), actions("b1"), actions("taken-c1", "c2")));

        assertThat(ids(replies.get(0).get())).containsExactly("a1", "a2");
        assertThat(ids(replies.get(1).get())).containsExactly("b1");
        SearchReply third = replies.get(2).get();
        assertThat(ids(third)).containsExactly("taken-c1", "c2");
        assertThat(third.body().path("errors").asBoolean()).isTrue();
        assertThat(replies.get(0).get().body().path("errors").asBoolean()).isFalse();
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).containsExactlyInAnyOrder("a1", "a2", "b1", "taken-c1", "c2");
    }

    @Test
    void bulk_otherMessageNeverSends_goesOutAfterTheLinger() throws Exception {
        InvocationBulk gather = new InvocationBulk(recording(), 1 << 20, Duration.ofMillis(100));
        gather.enter(); // a message busy elsewhere for the whole test

        long start = System.nanoTime();
        SearchReply reply = run(gather, List.of(actions("a1"))).get(0).get();

        assertThat(ids(reply)).containsExactly("a1");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(100);
        assertThat(requests).containsExactly(List.of("a1"));
    }

    @Test
    void bulk_otherMessageFinished_doesNotWaitForIt() throws Exception {
        InvocationBulk gather = new InvocationBulk(recording(), 1 << 20, Duration.ofSeconds(30));
        gather.enter();
        gather.leave(); // finished without a write

        assertThat(ids(run(gather, List.of(actions("a1"))).get(0).get())).containsExactly("a1");
        assertThat(requests).hasSize(1);
    }

    @Test
    void bulk_togetherLargerThanTheBound_severalRequestsWithinIt() throws Exception {
        int oneAction = actions("a1").get(0).size();
        InvocationBulk gather = new InvocationBulk(recording(), 2 * oneAction, Duration.ofSeconds(30));

        List<Future<SearchReply>> replies = run(gather, List.of(actions("a1"), actions("b1"), actions("c1")));

        for (int i = 0; i < 3; i++) {
            assertThat(ids(replies.get(i).get())).hasSize(1);
        }
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(r -> assertThat(r.size()).isLessThanOrEqualTo(2));
    }

    @Test
    void bulk_wholeRequestThrottled_everyMessageGetsThe429() throws Exception {
        SearchReply throttled = new SearchReply(429, JsonNodeFactory.instance.objectNode().put("status", 429));
        InvocationBulk gather = new InvocationBulk(answering(ids -> throttled), 1 << 20, Duration.ofSeconds(30));

        List<Future<SearchReply>> replies = run(gather, List.of(actions("a1"), actions("b1")));

        assertThat(replies.get(0).get().status()).isEqualTo(429);
        assertThat(replies.get(1).get().status()).isEqualTo(429);
        assertThat(requests).hasSize(1);
    }

    @Test
    void bulk_gatheredRequestTooLarge_eachMessageSentAlone() throws Exception {
        SearchReply tooLarge = new SearchReply(413, JsonNodeFactory.instance.objectNode());
        InvocationBulk gather = new InvocationBulk(answering(ids -> ids.size() > 1 ? tooLarge : null), 1 << 20,
                Duration.ofSeconds(30));

        List<Future<SearchReply>> replies = run(gather, List.of(actions("a1"), actions("b1")));

        assertThat(ids(replies.get(0).get())).containsExactly("a1");
        assertThat(ids(replies.get(1).get())).containsExactly("b1");
        assertThat(requests).hasSize(3); // the gathered one (413), then each alone
    }

    @Test
    void bulk_transportFailure_reachesEveryMessageOfTheRequest() throws Exception {
        InvocationBulk gather = new InvocationBulk((actions, timeout) -> {
            requests.add(List.of());
            throw new SearchTransportException("connection reset", new java.io.IOException("reset"));
        }, 1 << 20, Duration.ofSeconds(30));

        List<Future<SearchReply>> replies = run(gather, List.of(actions("a1"), actions("b1")));

        for (Future<SearchReply> f : replies) {
            assertThatThrownBy(f::get).hasCauseInstanceOf(SearchTransportException.class).hasMessageContaining("connection reset");
        }
        assertThat(requests).hasSize(1);
    }
}
