package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local pipeline's page in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; nothing is
 * downloaded): the page loads and its charts draw the pipeline's readings; a change really dead-lettered (OpenSearch
 * refuses writes to the index while it is delivered; short local retries) is listed in the DLQ panel by key, never by
 * value; a POST to the redrive without the page's header is refused; once writes are allowed again, the page's redrive
 * button empties the dead-letter queue and the change reaches the index.
 */
class StatusPageIT {

    private static final String VALUE = "value-the-page-must-never-show";

    @TempDir
    Path profile;

    @Test
    void page_deadLetteredChange_listedByKeyThenRedriveEmptiesDlq() throws Exception {
        LocalPipeline.Settings settings = new LocalPipeline.Settings("Posts", 2, List.of(), Duration.ofSeconds(3), 2);
        try (LocalPipeline p = LocalPipeline.start(settings, s -> { }, x -> { })) {
            p.startSync();
            String dlq = p.queues().deadLetterQueueUrl();
            try (StatusPage page = StatusPage.start(p, 0, Duration.ofMillis(500))) {
                put(p, "page-ok", "a first post");
                awaitTrue(() -> IndexSnapshot.count(p.openSearch(), p.index()) == 1);

                // while the index refuses writes, the change fails on each of its 2 receives and is dead-lettered
                writeBlock(p, true);
                put(p, "page-blocked", VALUE);
                awaitTrue(() -> Queues.depth(p.sqs(), dlq) == 1);
                assertThat(Queues.depth(p.sqs(), dlq)).as("the refused change is dead-lettered").isEqualTo(1);

                ChromeDriver browser = HeadlessChromium.start(profile);
                try {
                    browser.get(page.address().toString());
                    awaitTrue(() -> text(browser, "#dlq tbody").contains("page-blocked"));

                    String dlqRow = text(browser, "#dlq tbody");
                    assertThat(dlqRow).contains("Posts").contains("\"page-blocked\"");
                    assertThat(browser.getPageSource()).doesNotContain(VALUE);
                    for (String chart : List.of("chart-tables", "chart-queues", "chart-lag")) {
                        assertThat(HeadlessChromium.points(browser, chart)).as("points drawn by " + chart).isPositive();
                        assertThat(HeadlessChromium.paintedPixels(browser, chart)).as("pixels painted on " + chart).isPositive();
                    }

                    HttpResponse<String> foreign = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            page.address().resolve("api/redrive")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(foreign.statusCode()).as("a POST without the page's header").isEqualTo(403);
                    assertThat(Queues.depth(p.sqs(), dlq)).isEqualTo(1);

                    writeBlock(p, false);
                    browser.findElement(By.id("redrive")).click();
                    awaitTrue(() -> text(browser, "#redrive-result").startsWith("redrive "));
                    assertThat(text(browser, "#redrive-result")).startsWith("redrive COMPLETED: 1 of 1 moved");
                    assertThat(Queues.depth(p.sqs(), dlq)).as("the dead-letter queue after the page's redrive").isZero();
                    awaitTrue(() -> IndexSnapshot.count(p.openSearch(), p.index()) == 2);
                    assertThat(IndexSnapshot.count(p.openSearch(), p.index())).as("the redriven change is indexed").isEqualTo(2);
                    assertThat(Queues.depth(p.sqs(), dlq)).isZero();
                    awaitTrue(() -> text(browser, "#dlq tbody").contains("the dead-letter queue is empty"));
                    assertThat(text(browser, "#dlq tbody")).contains("the dead-letter queue is empty");
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private static String text(ChromeDriver browser, String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static void put(LocalPipeline p, String id, String title) {
        p.dynamo().putItem(b -> b.tableName("Posts").item(Map.of("id", AttributeValue.fromS(id), "title", AttributeValue.fromS(title))));
    }

    /** Sets {@code index.blocks.write} on the index behind the search alias (writes answer 403 while it is set). */
    private static void writeBlock(LocalPipeline p, boolean blocked) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(p.openSearchEndpoint() + "/" + p.index() + "/_settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"index\":{\"blocks\":{\"write\":" + blocked + "}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("index.blocks.write=" + blocked + ": " + r.body()).isEqualTo(200);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); // bounded wait, no timing asserted
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
