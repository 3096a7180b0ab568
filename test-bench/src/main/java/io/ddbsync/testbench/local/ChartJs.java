package io.ddbsync.testbench.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Chart.js as its WebJar ({@code org.webjars.npm:chart.js}) puts it on the class path: the pages of the test bench draw
 * their charts with it, served from the jar or inlined, never from a CDN.
 */
public final class ChartJs {

    private static final String POM = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private ChartJs() {
    }

    /**
     * The class path resource of Chart.js' UMD build, {@code /META-INF/resources/webjars/chart.js/<version>/dist/chart.umd.js}.
     *
     * @throws LocalPipelineException when the WebJar or its script is not on the class path
     */
    public static String resource() {
        String path = "/META-INF/resources/webjars/chart.js/" + version() + "/dist/chart.umd.js";
        if (ChartJs.class.getResource(path) == null) {
            throw new LocalPipelineException("Chart.js is not on the class path at " + path);
        }
        return path;
    }

    /** The UMD script's text (for a page that stands alone). */
    public static String script() {
        try (InputStream in = ChartJs.class.getResourceAsStream(resource())) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Chart.js from its WebJar", e);
        }
    }

    /** The version of the Chart.js WebJar on the class path (its Maven pom.properties). */
    static String version() {
        try (InputStream in = ChartJs.class.getResourceAsStream(POM)) {
            if (in == null) {
                throw new LocalPipelineException("the Chart.js WebJar (org.webjars.npm:chart.js) is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
