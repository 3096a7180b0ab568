package io.ddbsync.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Where the local-stack build laid out the services, read from the generated classpath resource
 * {@value #RESOURCE}: the OpenSearch distribution, its version and the plugins the build installed in it
 * (besides the modules), dynalite, and S3Mock's executable jar. System properties
 * {@code ddbsync.localstack.opensearch.home} / {@code ddbsync.localstack.dynalite.dir} /
 * {@code ddbsync.localstack.s3mock.jar} (or environment variables {@code DDBSYNC_OPENSEARCH_HOME} /
 * {@code DDBSYNC_DYNALITE_DIR} / {@code DDBSYNC_S3MOCK_JAR}) override the locations.
 */
record LocalStackLayout(Path openSearchHome, String openSearchVersion, List<String> openSearchPlugins, Path dynaliteDir,
                        Path s3MockJar) {
    static final String RESOURCE = "ddbsync-localstack.properties";

    LocalStackLayout {
        openSearchPlugins = List.copyOf(openSearchPlugins);
    }

    static LocalStackLayout load() {
        Properties generated = new Properties();
        try (InputStream in = LocalStackLayout.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                generated.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + RESOURCE, e);
        }
        return new LocalStackLayout(
                Path.of(setting("ddbsync.localstack.opensearch.home", "DDBSYNC_OPENSEARCH_HOME",
                        generated.getProperty("opensearch.home"))),
                generated.getProperty("opensearch.version", "2.19.6"),
                Arrays.stream(generated.getProperty("opensearch.plugins", "").split(","))
                        .map(String::trim).filter(name -> !name.isEmpty()).toList(),
                Path.of(setting("ddbsync.localstack.dynalite.dir", "DDBSYNC_DYNALITE_DIR",
                        generated.getProperty("dynalite.dir"))),
                Path.of(setting("ddbsync.localstack.s3mock.jar", "DDBSYNC_S3MOCK_JAR",
                        generated.getProperty("s3mock.jar"))));
    }

    private static String setting(String property, String envVar, String generated) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(envVar);
        }
        if (value == null || value.isBlank()) {
            value = generated;
        }
        if (value == null || value.isBlank()) {
            throw new LocalStackException("no location for " + property + ": classpath resource " + RESOURCE
                    + " is missing (build the local-stack module with Maven) and neither -D" + property
                    + " nor " + envVar + " is set");
        }
        return value;
    }

    /** The OpenSearch distribution, checked to be complete: its jar, the modules and the plugins the build installs. */
    Path requireOpenSearchHome() {
        Path jar = openSearchHome.resolve("lib").resolve("opensearch-" + openSearchVersion + ".jar");
        Path painless = openSearchHome.resolve("modules/lang-painless/plugin-descriptor.properties");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(painless)) {
            throw new LocalStackException("OpenSearch " + openSearchVersion + " distribution with its modules not found at "
                    + openSearchHome + " (build the local-stack module with Maven: it unpacks it under target/)");
        }
        for (String plugin : openSearchPlugins) {
            if (!Files.isRegularFile(openSearchHome.resolve("plugins").resolve(plugin).resolve("plugin-descriptor.properties"))) {
                throw new LocalStackException("plugin " + plugin + " not installed in " + openSearchHome.resolve("plugins")
                        + " (the local-stack build installs it when packaging: mvn -B -pl local-stack -am package)");
            }
        }
        return openSearchHome;
    }

    /** The directory holding {@code dynalite-server.js} and {@code node_modules/dynalite}, checked. */
    Path requireDynaliteDir() {
        if (!Files.isRegularFile(dynaliteDir.resolve("dynalite-server.js"))
                || !Files.isDirectory(dynaliteDir.resolve("node_modules/dynalite"))) {
            throw new LocalStackException("dynalite not installed at " + dynaliteDir
                    + " (build the local-stack module with Maven: it runs npm ci there)");
        }
        return dynaliteDir;
    }

    /** S3Mock's executable jar, checked to exist. */
    Path requireS3MockJar() {
        if (!Files.isRegularFile(s3MockJar)) {
            throw new LocalStackException("S3Mock's executable jar not found at " + s3MockJar
                    + " (build the local-stack module with Maven: it copies com.adobe.testing:s3mock:exec there)");
        }
        return s3MockJar;
    }
}
