package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The test bench's browser for its pages' tests: Debian's {@code chromium} and {@code chromium-driver}, headless, driven
 * by Selenium through the system driver (Selenium Manager never runs, nothing is downloaded), and what the tests read
 * from a Chart.js canvas.
 */
public final class HeadlessChromium {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Chromium as root on a closed network: no sandbox, no GPU, no background connections, a fresh profile in {@code profile}. */
    public static ChromeDriver start(Path profile) {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("this test drives the system's headless Chromium: apt-get install -y chromium chromium-driver (.ci/run does)")
                .isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Non-null points of every dataset Chart.js holds for the canvas {@code canvasId}; 0 without a chart. */
    public static long points(ChromeDriver browser, String canvasId) {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "const c = Chart.getChart(arguments[0]); if (!c) return 0;"
                        + "return c.data.datasets.reduce((n, d) => n + d.data.filter(v => v !== null && (v.y === undefined || v.y !== null)).length, 0);",
                canvasId);
        return ((Number) n).longValue();
    }

    /** Pixels of the canvas with any paint on them (alpha > 0). */
    public static long paintedPixels(ChromeDriver browser, String canvasId) {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "const c = document.getElementById(arguments[0]);"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;", canvasId);
        return ((Number) n).longValue();
    }
}
