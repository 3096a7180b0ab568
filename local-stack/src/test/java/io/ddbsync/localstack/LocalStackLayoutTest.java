package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
        // what this build selected: 2.19.6 by default, 3.3.2 under -Popensearch3
        String version = System.getProperty("localstack.expected.opensearch.version");

        LocalStackLayout layout = LocalStackLayout.load();

        assertThat(version).isNotBlank();
        assertThat(layout.openSearchVersion()).isEqualTo(version);
        assertThat(layout.openSearchHome()).isAbsolute().endsWith(Path.of("opensearch", "opensearch-" + version));
        assertThat(layout.dynaliteDir()).isAbsolute().endsWith(Path.of("target", "dynalite"));
    }

    @Test
    void load_systemPropertySet_overridesGeneratedLocation() {
        System.setProperty(HOME_PROPERTY, empty.toString());

        assertThat(LocalStackLayout.load().openSearchHome()).isEqualTo(empty);
    }

    @Test
    void requireOpenSearchHome_noDistribution_failsNamingPathAndRemedy() {
        LocalStackLayout layout = new LocalStackLayout(empty, "2.19.6", empty);

        assertThatThrownBy(layout::requireOpenSearchHome)
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("build the local-stack module");
    }

    @Test
    void requireDynaliteDir_notInstalled_failsNamingPath() {
        LocalStackLayout layout = new LocalStackLayout(empty, "2.19.6", empty);

        assertThatThrownBy(layout::requireDynaliteDir)
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("npm ci");
    }
}
