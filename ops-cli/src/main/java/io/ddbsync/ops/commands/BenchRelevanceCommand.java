package io.ddbsync.ops.commands;

import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.localstack.LocalOpenSearch;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.testbench.benchmark.RelevanceBenchmark;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddbsync bench relevance}: Korean search relevance per text analysis ({@link RelevanceBenchmark}). */
@Command(name = "relevance", mixinStandardHelpOptions = true,
        header = "Measures Korean search relevance with the standard, cjk and korean (nori) text analysis, in one run.",
        description = "Starts the local OpenSearch (2.19.6, with the nori plugin), indexes the first N sample posts as the "
                + "demo's worker converts and shapes them into one index per TEXT_ANALYSIS (standard, cjk, korean), runs the "
                + "20 Korean queries of the relevance set (particles, compounds, phrases) as multi_match over title and "
                + "body_text, and prints recall@10 and precision@10 per query and their means as a Markdown table.")
public final class BenchRelevanceCommand extends OpsCommand {

    @Option(names = "--posts", defaultValue = "650", paramLabel = "N",
            description = "Sample posts indexed, 1..N as first written (default: ${DEFAULT-VALUE}, as 'ddbsync local' writes).")
    int posts;

    @Override
    protected int execute() throws Exception {
        if (posts < 1) {
            throw new UsageException("--posts must be >= 1, got " + posts);
        }
        PrintWriter out = out();
        out.printf("ddbsync bench relevance: %d sample posts, 3 text analyses%n", posts);
        out.flush();
        try (LocalOpenSearch node = LocalOpenSearch.start(); SearchTarget search = SearchTargetFactory.plain(node.endpoint())) {
            out.println("  started OpenSearch " + node.version() + " " + node.endpoint() + ", plugins " + node.plugins());
            out.flush();
            RelevanceBenchmark.Result result = new RelevanceBenchmark(search, node.endpoint(), posts, out).run();
            out.println();
            out.print(RelevanceBenchmark.table(result));
            out.flush();
        }
        return OK;
    }
}
