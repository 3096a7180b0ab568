package io.ddbsync.testbench.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testbench.local.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code ddbsync bench --report}'s page for {@link SmallResult} (no benchmark run: the page alone), opened from its file in
 * headless Chromium: each chart holds the result's points and painted pixels, the goals and figures tables hold the
 * derived values, and the page fetches nothing (Chart.js is inlined).
 */
class BenchReportIT {

    @TempDir
    Path dir;

    @Test
    void write_smallResult_chartsRenderedAndGoalsListed() throws Exception {
        Path file = dir.resolve("bench.html");

        BenchReport.write(SmallResult.of(), file);

        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<script src=", "/*CHART_JS*/", "/*BENCH*/");
        ChromeDriver browser = HeadlessChromium.start(dir.resolve("profile"));
        try {
            browser.get(file.toUri().toString());
            // 12 runs: 8 stream/raw + 4 backfill/scan; stream and backfill 3 points each, raw 1, scan 2
            assertThat(HeadlessChromium.points(browser, "chart-rate")).isEqualTo(4 * 3 + 4 * 1 + 2 * 3 + 2 * 2);
            // the lag of the 6 pipeline runs: stream 2 seconds with a lag, backfill 2
            assertThat(HeadlessChromium.points(browser, "chart-lag")).isEqualTo(6 * 2);
            // 6 paths (stream, raw at 2 and 4; backfill, scan at 2) × the components any of them used
            assertThat(HeadlessChromium.points(browser, "chart-cpu")).isEqualTo(6L * 7);
            for (String chart : List.of("chart-rate", "chart-lag", "chart-cpu")) {
                assertThat(HeadlessChromium.paintedPixels(browser, chart)).as("pixels painted on " + chart).isPositive();
            }
            String goals = browser.findElement(By.cssSelector("#goals tbody")).getText();
            assertThat(goals).contains("(a) OpenSearch CPU per document", "not met", "0.80 at concurrency 4",
                    "run with --changes 20000");
            String figures = browser.findElement(By.cssSelector("#figures tbody")).getText();
            assertThat(figures).contains("stream 2 0.50 (0.50–0.50) 1.20 (1.20–1.20) 0.25 (0.25–0.25) 3,500 (3,500–3,500) 259 (259–259)")
                    .contains("stream 4 0.80 (0.80–0.80)", "backfill 2 0.63 (0.63–0.63) 1.40 (1.40–1.40)");
            assertThat(browser.findElement(By.id("conditions")).getText()).contains("1,000 changes", "load average 3.5 before");
        } finally {
            browser.quit();
        }
    }
}
