package io.ddbsync.worker.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.localstack.faults.HttpFaultProxy;
import io.ddbsync.model.version.Versions;
import io.ddbsync.worker.support.Fixture;
import io.ddbsync.worker.support.RecordingMetrics;
import io.ddbsync.worker.time.TimeBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A read-decide-write whose alias moves between its read ({@code _mget}) and its write ({@code _bulk}), as when
 * a reindex swaps the aliases under a running worker: the decision must never be applied to the index it was
 * not made against, even when the other index's {@code _seq_no}/{@code _primary_term} happen to match.
 */
class AliasSwapIT {

    private static final ObjectMapper M = new ObjectMapper();
    private static final String TABLE = "AliasSwap";

    @Test
    void write_aliasMovedBetweenItsReadAndItsWrite_neverAppliesToTheIndexItDidNotRead() throws Exception {
        SearchTarget http = Fixture.openSearch();
        String base = "alias-swap-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36).toLowerCase(Locale.ROOT);
        String a = base + "_v1";
        String b = base + "_v2";
        String alias = base + "_write";
        String older = Versions.stream(1_000, "100000000000000000001");
        String middle = Versions.stream(1_000, "100000000000000000002");
        String newer = Versions.stream(1_000, "100000000000000000003");
        // one document each, so both have _seq_no 0 and _primary_term 1: a condition read from one matches the other
        put(http, a, "d", "in a", older);
        put(http, b, "d", "in b", newer);
        aliases(http, "add", a, alias);

        AtomicBoolean moved = new AtomicBoolean();
        try (HttpFaultProxy proxy = HttpFaultProxy.start("opensearch", Fixture.openSearchEndpoint(), Duration.ofSeconds(30))) {
            proxy.handle((request, upstream) -> {
                HttpFaultProxy.Response r = upstream.forward(request);
                if (request.path().endsWith("/_mget") && moved.compareAndSet(false, true)) {
                    // the swap lands right after the read
                    var actions = M.createArrayNode();
                    actions.addObject().putObject("remove").put("index", a).put("alias", alias);
                    actions.addObject().putObject("add").put("index", b).put("alias", alias).put("is_write_index", true);
                    assertThat(http.updateAliases(actions).ok()).isTrue();
                }
                return r;
            });
            try (SearchTarget proxied = SearchTargetFactory.plain(proxy.endpoint())) {
                VersionedBulkWriter writer = new VersionedBulkWriter(proxied, "ddbsync", VersionedBulkWriter.DEFAULT_MAX_BULK_BYTES,
                        new RecordingMetrics(), Clock.systemUTC());
                ObjectNode doc = M.createObjectNode().put("title", "written");
                List<ItemOutcome> outcomes = writer.write(List.of(new DocumentWrite(alias, "d", middle, doc, TABLE, null, false,
                        "100000000000000000002", 1_000)), TimeBudget.unlimited());
                assertThat(outcomes).hasSize(1);
            }
        }

        assertThat(moved).isTrue();
        assertThat(http.getDocument(b, "d").body().at("/_source/ddbsync/version").asText())
                .as("the newer document in the index the write did not read").isEqualTo(newer);
        assertThat(http.getDocument(a, "d").body().at("/_source/title").asText())
                .as("the write applied where it was decided").isEqualTo("written");
        http.deleteIndex(a);
        http.deleteIndex(b);
    }

    private static void put(SearchTarget http, String index, String id, String title, String version) {
        ObjectNode source = M.createObjectNode().put("title", title);
        source.putObject("ddbsync").put("version", version).put("table", TABLE).put("deleted", false);
        SearchReply r = http.indexDocument(index, id, source, java.util.Optional.empty(), true);
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.body().path("_seq_no").asLong()).isZero();
    }

    private static void aliases(SearchTarget http, String action, String index, String alias) {
        var actions = M.createArrayNode();
        actions.addObject().putObject(action).put("index", index).put("alias", alias).put("is_write_index", true);
        SearchReply r = http.updateAliases(actions);
        assertThat(r.ok()).as(r.describe()).isTrue();
    }
}
