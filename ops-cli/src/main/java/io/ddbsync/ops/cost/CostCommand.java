package io.ddbsync.ops.cost;

import io.ddbsync.model.wire.Compression;
import io.ddbsync.ops.Compressions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddbsync cost}: the README's cost model for given rates, ddbsync next to OpenSearch Ingestion. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = "Estimate the cost per million changes of 1 KB: this design next to an OpenSearch Ingestion DynamoDB pipeline.")
public final class CostCommand implements Callable<Integer> {

    @Option(names = "--changes-per-second", split = ",", defaultValue = "100,10000", paramLabel = "N[,N...]",
            description = "Steady rates of changes of one table (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(names = "--compression", defaultValue = "gzip", paramLabel = "gzip|none",
            description = "The forwarder's COMPRESSION (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--osi-min-ocus", defaultValue = "1", paramLabel = "N",
            description = "Minimum OCUs of the OpenSearch Ingestion pipeline (1 allowed, 2 advised for availability; default: ${DEFAULT-VALUE}).")
    int osiMinOcus;

    @Override
    public Integer call() {
        CostModel.Assumptions assumptions = CostModel.Assumptions.defaults().withOsiMinOcus(osiMinOcus);
        if (Compressions.parse(compression) == Compression.NONE) {
            assumptions = assumptions.plain();
        }
        CostModel model = new CostModel(Prices.US_EAST_1, assumptions);
        for (double rate : rates) {
            CostModel.Estimate ours = model.ddbsync(rate);
            CostModel.Estimate osi = model.openSearchIngestion(rate);
            System.out.printf("%n%,.0f changes/s of %,d bytes, per million changes (compression %s):%n", rate,
                    assumptions.itemBytes(), compression);
            for (CostModel.Line line : ours.lines()) {
                System.out.printf("  %-28s $%9.4f  %s%n", line.name(), line.dollars(), line.detail());
            }
            System.out.printf("  %-28s $%9.4f%n", "ddbsync total", ours.total());
            for (CostModel.Line line : osi.lines()) {
                System.out.printf("  %-28s $%9.4f  %s%n", line.name(), line.dollars(), line.detail());
            }
            System.out.printf("  ddbsync / OSI = %.2f%n", ours.total() / osi.total());
        }
        System.out.println();
        System.out.println("Prices: " + Prices.SOURCE + ". Lambda durations are estimates; the OpenSearch domain is not included.");
        return 0;
    }
}
