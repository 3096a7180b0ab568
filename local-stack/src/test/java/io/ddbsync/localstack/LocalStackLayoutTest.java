package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackLayoutTest {
    private static final String HOME_PROPERTY = "ddbsync.localstack.opensearch.home";

    @TempDir
    Path empty;

    @AfterEach
    void clearOverride() {
        System.clearProperty(HOME_PROPERTY);
    }

    @Test
    void load_generatedResource_pointsAtTheBuildsLayout() {
        // what this build selected: 2.19.6 with analysis-nori by default, 3.3.2 without plugins under -Popensearch3
        String version = System.getProperty("localstack.expected.opensearch.version");
        List<String> plugins = Arrays.stream(System.getProperty("localstack.expected.opensearch.plugins", "").split(","))
                .filter(name -> !name.isBlank()).toList();

        LocalStackLayout layout = LocalStackLayout.load();

        assertThat(version).isNotBlank();
        assertThat(layout.openSearchVersion()).isEqualTo(version);
        assertThat(layout.openSearchHome()).isAbsolute().endsWith(Path.of("opensearch", "opensearch-" + version));
        assertThat(layout.openSearchPlugins()).isEqualTo(plugins);
        assertThat(layout.openSearchPlugins()).isEqualTo(version.startsWith("2.") ? List.of("analysis-nori") : List.of());
        assertThat(layout.dynaliteDir()).isAbsolute().endsWith(Path.of("target", "dynalite"));
        assertThat(layout.s3MockJar()).isAbsolute().endsWith(Path.of("target", "s3mock", "s3mock-exec.jar"));
        assertThat(layout.requireS3MockJar()).isRegularFile();
    }

    @Test
    void load_systemPropertySet_overridesGeneratedLocation() {
        System.setProperty(HOME_PROPERTY, empty.toString());

        assertThat(LocalStackLayout.load().openSearchHome()).isEqualTo(empty);
    }

    @Test
    void requireOpenSearchHome_noDistribution_failsNamingPathAndRemedy() {
        LocalStackLayout layout = new LocalStackLayout(empty, "2.19.6", List.of(), empty, empty);

        assertThatThrownBy(layout::requireOpenSearchHome)
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("build the local-stack module");
    }

    @Test
    void requireOpenSearchHome_pluginNotInstalled_failsNamingPluginAndRemedy() throws IOException {
        Files.createDirectories(empty.resolve("lib"));
        Files.writeString(empty.resolve("lib/opensearch-2.19.6.jar"), "jar");
        Files.createDirectories(empty.resolve("modules/lang-painless"));
        Files.writeString(empty.resolve("modules/lang-painless/plugin-descriptor.properties"), "name=lang-painless\n");
        LocalStackLayout withoutPlugin = new LocalStackLayout(empty, "2.19.6", List.of(), empty, empty);
        LocalStackLayout withPlugin = new LocalStackLayout(empty, "2.19.6", List.of("analysis-nori"), empty, empty);

        assertThat(withoutPlugin.requireOpenSearchHome()).isEqualTo(empty);
        assertThatThrownBy(withPlugin::requireOpenSearchHome)
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("analysis-nori")
                .hasMessageContaining("package");
    }

    @Test
    void requireDynaliteDir_notInstalled_failsNamingPath() {
        LocalStackLayout layout = new LocalStackLayout(empty, "2.19.6", List.of(), empty, empty);

        assertThatThrownBy(layout::requireDynaliteDir)
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("npm ci");
    }

    @Test
    void requireS3MockJar_notCopied_failsNamingPathAndRemedy() {
        Path missing = empty.resolve("s3mock-exec.jar");
        LocalStackLayout layout = new LocalStackLayout(empty, "2.19.6", List.of(), empty, missing);

        assertThatThrownBy(layout::requireS3MockJar)
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("build the local-stack module");
    }
}
