package io.ddbsync.testbench.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.testbench.benchmark.PipelineBenchmark.Result;
import io.ddbsync.testbench.local.ChartJs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ddbsync bench --report FILE.html}: one page that stands alone (Chart.js from its WebJar and the figures are
 * inlined; nothing is fetched) with changes/s over time per path and round, the pipeline paths' lag over time, the CPU
 * per 1,000 changes by component per path (median of the rounds), the ratios, (a), (b), (c), and the goals.
 *
 * <p>The page's data is one object, {@code window.BENCH}: {@code {"result": }{@link Result}{@code , "figures":
 * {"paths": [{"path","concurrency","cpuMsPerThousand":{component: median},"ratio","openSearchPerDoc","ownCpuShare",
 * "gbSecondsPerMillion","gbSecondsFloorPerMillion","usdPerMillion"}…], "goals": [}{@link BenchFigures.Goal}{@code …]}}}. Its canvases are
 * {@code chart-rate}, {@code chart-lag} and {@code chart-cpu}.
 */
public final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "/io/ddbsync/testbench/benchmark/report.html";

    private BenchReport() {
    }

    /**
     * Writes the page for {@code result} to {@code file} (its directory must exist).
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Result result, Path file) {
        try {
            Files.writeString(file, html(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark report " + file, e);
        }
    }

    /** The page's HTML. */
    static String html(Result result) {
        String template;
        try (InputStream in = BenchReport.class.getResourceAsStream(TEMPLATE)) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new BenchmarkException("the report's template " + TEMPLATE + " is not on the class path", e);
        }
        String data;
        try {
            data = JSON.writeValueAsString(data(result));
        } catch (IOException e) {
            throw new BenchmarkException("cannot render the benchmark's figures as JSON", e);
        }
        // inside <script>: no "</" may end the element early
        return template.replace("/*CHART_JS*/", ChartJs.script().replace("</", "<\\/"))
                .replace("/*BENCH*/", "window.BENCH = " + data.replace("</", "<\\/") + ";");
    }

    private static ObjectNode data(Result result) {
        BenchFigures f = BenchFigures.of(result);
        ObjectNode root = JSON.createObjectNode();
        root.set("result", JSON.valueToTree(result));
        ObjectNode figures = root.putObject("figures");
        ArrayNode paths = figures.putArray("paths");
        for (int c : result.settings().workerConcurrency()) {
            for (String path : List.of(PipelineBenchmark.STREAM, PipelineBenchmark.RAW, PipelineBenchmark.BACKFILL, PipelineBenchmark.SCAN)) {
                if (result.runs(path, c).isEmpty()) {
                    continue;
                }
                ObjectNode p = paths.addObject();
                p.put("path", path);
                p.put("concurrency", c);
                ObjectNode cpu = p.putObject("cpuMsPerThousand");
                for (Map.Entry<String, List<Double>> e : f.cpuMsPerThousand(path, c).entrySet()) {
                    cpu.put(e.getKey(), Spread.median(e.getValue()));
                }
                if (path.equals(PipelineBenchmark.STREAM) || path.equals(PipelineBenchmark.BACKFILL)) {
                    p.put("ratio", Spread.describe(f.ratios(path, c), "%.2f"));
                    p.put("openSearchPerDoc", Spread.describe(f.openSearchPerDoc(path, c), "%.2f"));
                    p.put("ownCpuShare", Spread.describe(f.ownCpuShare(path, c), "%.2f"));
                    p.put("gbSecondsPerMillion", Spread.describe(f.gbSecondsPerMillion(path, c), "%,.0f"));
                    p.put("gbSecondsFloorPerMillion", Spread.describe(f.gbSecondsFloorPerMillion(path, c), "%,.0f"));
                    p.put("usdPerMillion", Spread.describe(f.usdPerMillion(path, c), "%.3f"));
                }
            }
        }
        figures.set("goals", JSON.valueToTree(f.goals()));
        return root;
    }
}
