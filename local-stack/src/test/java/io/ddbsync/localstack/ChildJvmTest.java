package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
    @TempDir
    Path tmp;

    @Test
    void javaVersion_currentJavaHome_isThisJvmsJavaVersion() {
        assertThat(ChildJvm.javaVersion(ChildJvm.currentJavaHome())).isEqualTo(System.getProperty("java.version"));
    }

    @Test
    void javaVersion_directoryWithoutJava_failsNamingTheDirectory() throws Exception {
        Path notAJdk = Files.createDirectories(tmp.resolve("not-a-jdk"));

        assertThatThrownBy(() -> ChildJvm.javaVersion(notAJdk)).isInstanceOf(LocalStackException.class)
                .hasMessageContaining(notAJdk + " is not a Java home").hasMessageContaining("bin/java");
    }

    @Test
    void run_javaHomeWithoutJava_failsBeforeStartingAnything() throws Exception {
        Path notAJdk = Files.createDirectories(tmp.resolve("not-a-jdk"));

        assertThatThrownBy(() -> ChildJvm.run(notAJdk, List.of(), List.of(), "Main", List.of(), Map.of(), Duration.ofSeconds(5)))
                .isInstanceOf(LocalStackException.class).hasMessageContaining(notAJdk + " is not a Java home");
    }

    @Test
    void lambdaSnapStartJitOptions_java17And21StopAtC1_java25KeepsTheDefaults() {
        assertThat(ChildJvm.lambdaSnapStartJitOptions("17.0.15")).containsExactly("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
        assertThat(ChildJvm.lambdaSnapStartJitOptions("21.0.5")).contains("-XX:TieredStopAtLevel=1");
        assertThat(ChildJvm.lambdaSnapStartJitOptions("25.0.3")).isEmpty();
        assertThatThrownBy(() -> ChildJvm.lambdaSnapStartJitOptions("x")).isInstanceOf(LocalStackException.class)
                .hasMessageContaining("not a Java version: x");
    }
}
