package io.ddbsync.ops.commands;

import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.OpenSearchOptions;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.testbench.benchmark.RelevanceBenchmark;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ddbsync bench relevance}: Korean search relevance per text analysis ({@link RelevanceBenchmark}). */
@Command(name = "relevance", mixinStandardHelpOptions = true,
        header = "Measures Korean search relevance with the standard, cjk and korean (nori) text analysis, in one run.",
        description = "Starts the local OpenSearch (2.19.6, with the nori plugin), indexes the first N sample posts as the "
                + "demo's worker converts and shapes them into one index per TEXT_ANALYSIS (standard, cjk, korean), runs the "
                + "20 Korean queries of the relevance set (particles, compounds, phrases) as multi_match over title and "
                + "body_text, and prints recall@10 and precision@10 per query and their means as a Markdown table. With "
                + "--opensearch-endpoint it measures on that OpenSearch instead (e.g. a domain with the Nori Analysis plugin "
                + "associated: the same templates as deployed).")
public final class BenchRelevanceCommand extends OpsCommand {

    @Option(names = "--posts", defaultValue = "650", paramLabel = "N",
            description = "Sample posts indexed, 1..N as first written (default: ${DEFAULT-VALUE}, as 'ddbsync local' writes).")
    int posts;

    @Mixin
    OpenSearchOptions openSearch;

    @Mixin
    AwsOptions aws;

    @Override
    protected int execute() throws Exception {
        if (posts < 1) {
            throw new UsageException("--posts must be >= 1, got " + posts);
        }
        PrintWriter out = out();
        out.printf("ddbsync bench relevance: %d sample posts, 3 text analyses%n", posts);
        out.flush();
        if (openSearch.present()) {
            try (SearchTarget search = openSearch.client(aws)) {
                measure(search, openSearch.uri(), out);
            }
            return OK;
        }
        try (LocalOpenSearch node = LocalOpenSearch.start(); SearchTarget search = SearchTargetFactory.plain(node.endpoint())) {
            out.println("  started OpenSearch " + node.version() + " " + node.endpoint() + ", plugins " + node.plugins());
            out.flush();
            measure(search, node.endpoint(), out);
        }
        return OK;
    }

    private void measure(SearchTarget search, java.net.URI endpoint, PrintWriter out) throws InterruptedException {
        RelevanceBenchmark.Result result = new RelevanceBenchmark(search, endpoint, posts, out).run();
        out.println();
        out.print(RelevanceBenchmark.table(result));
        out.flush();
    }
}
