package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSearchJdkTest {
    @TempDir
    Path tmp;

    private Path jvms;
    private Path running17;

    @BeforeEach
    void installedJdks() throws IOException {
        jvms = tmp.resolve("jvm");
        running17 = fakeJdk(jvms.resolve("jdk-17"), "17.0.15");
        fakeJdk(jvms.resolve("jdk-21"), "21.0.5");
        fakeJdk(jvms.resolve("jdk-25"), "25.0.3");
        Files.createDirectories(jvms.resolve("not-a-jdk"));
    }

    @Test
    void range_perMajorVersion_2xUpTo23And3xFrom21() {
        assertThat(OpenSearchJdk.Range.forOpenSearch("2.19.6")).isEqualTo(new OpenSearchJdk.Range(11, 23));
        assertThat(OpenSearchJdk.Range.forOpenSearch("3.3.2").min()).isEqualTo(21);
        assertThat(OpenSearchJdk.Range.forOpenSearch("3.3.2").contains(25)).isTrue();
        assertThat(OpenSearchJdk.Range.forOpenSearch("2.19.6").contains(24)).isFalse();
    }

    @Test
    void locate_2xOnRunning17_takesTheRunningJdk() {
        OpenSearchJdk jdk = locate("2.19.6", Map.of(), Map.of(), 17);

        assertThat(jdk.home()).isEqualTo(running17);
        assertThat(jdk.chosenBy()).isEqualTo("the running JDK");
    }

    @Test
    void locate_3xOnRunning17_takesTheNewestFittingJdkFound() {
        OpenSearchJdk jdk = locate("3.3.2", Map.of(), Map.of(), 17);

        assertThat(jdk.home()).isEqualTo(jvms.resolve("jdk-25"));
        assertThat(jdk.feature()).isEqualTo(25);
    }

    @Test
    void locate_2xOnRunning25_takesAFittingJdkBelow24() {
        OpenSearchJdk jdk = locate("2.19.6", Map.of(), Map.of(), 25);

        assertThat(jdk.home()).isEqualTo(jvms.resolve("jdk-21"));
    }

    @Test
    void locate_variableSet_winsOverRunningAndSearch() {
        OpenSearchJdk jdk = locate("3.3.2", Map.of(), Map.of(OpenSearchJdk.JAVA_HOME_ENV, jvms.resolve("jdk-21").toString()), 17);

        assertThat(jdk.home()).isEqualTo(jvms.resolve("jdk-21"));
        assertThat(jdk.chosenBy()).isEqualTo(OpenSearchJdk.JAVA_HOME_ENV);
    }

    @Test
    void locate_propertyAndVariablesSet_propertyFirstThenOurVariableThenOpenSearchs() {
        Map<String, String> env = Map.of(OpenSearchJdk.JAVA_HOME_ENV, jvms.resolve("jdk-21").toString(),
                OpenSearchJdk.OPENSEARCH_ENV, jvms.resolve("jdk-17").toString());

        assertThat(locate("3.3.2", Map.of(OpenSearchJdk.JAVA_HOME_PROPERTY, jvms.resolve("jdk-25").toString()), env, 17).home())
                .isEqualTo(jvms.resolve("jdk-25"));
        assertThat(locate("3.3.2", Map.of(), env, 17).home()).isEqualTo(jvms.resolve("jdk-21"));
        assertThat(locate("2.19.6", Map.of(), Map.of(OpenSearchJdk.OPENSEARCH_ENV, jvms.resolve("jdk-17").toString()), 25).chosenBy())
                .isEqualTo(OpenSearchJdk.OPENSEARCH_ENV);
    }

    @Test
    void locate_variableNamesTooOldJdk_failsNamingVariableAndNeed() {
        Map<String, String> env = Map.of(OpenSearchJdk.JAVA_HOME_ENV, running17.toString());

        assertThatThrownBy(() -> locate("3.3.2", Map.of(), env, 17))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining(OpenSearchJdk.JAVA_HOME_ENV + "=" + running17)
                .hasMessageContaining("JDK 17").hasMessageContaining("JDK 21 or newer");
    }

    @Test
    void locate_variableNamesNoJdk_failsNamingVariable() {
        Map<String, String> env = Map.of(OpenSearchJdk.JAVA_HOME_ENV, jvms.resolve("not-a-jdk").toString());

        assertThatThrownBy(() -> locate("3.3.2", Map.of(), env, 17))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining(OpenSearchJdk.JAVA_HOME_ENV).hasMessageContaining("is not a JDK");
    }

    @Test
    void locate_noFittingJdkAnywhere_failsNamingVariableAndWhereItLooked() throws IOException {
        Path only17 = tmp.resolve("only17");
        fakeJdk(only17.resolve("jdk-17"), "17.0.15");

        assertThatThrownBy(() -> OpenSearchJdk.locate("3.3.2", name -> null, name -> null, only17.resolve("jdk-17"), 17, List.of(only17)))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("OpenSearch 3.3.2 needs JDK 21 or newer")
                .hasMessageContaining(only17.toString())
                .hasMessageContaining(OpenSearchJdk.JAVA_HOME_ENV);
    }

    @Test
    void candidates_symlinkToSameJdk_listedOnce() throws IOException {
        Files.createSymbolicLink(jvms.resolve("default-25"), jvms.resolve("jdk-25"));

        assertThat(OpenSearchJdk.candidates(List.of(jvms))).extracting(OpenSearchJdk::feature).containsExactlyInAnyOrder(17, 21, 25);
    }

    @Test
    void parseFeature_releaseFileForms() {
        assertThat(OpenSearchJdk.parseFeature("25.0.3")).isEqualTo(OptionalInt.of(25));
        assertThat(OpenSearchJdk.parseFeature("21")).isEqualTo(OptionalInt.of(21));
        assertThat(OpenSearchJdk.parseFeature("22-ea")).isEqualTo(OptionalInt.of(22));
        assertThat(OpenSearchJdk.parseFeature("1.8.0_392")).isEqualTo(OptionalInt.of(8));
        assertThat(OpenSearchJdk.parseFeature("x")).isEmpty();
    }

    @Test
    void usualRoots_includeJavaHomesParentAndTheRunningJdksParent() {
        List<Path> roots = OpenSearchJdk.usualRoots(name -> name.equals("JAVA_HOME") ? "/somewhere/jdks/jdk-21" : null,
                Path.of("/elsewhere/jvms/jdk-17"), Path.of("/home/someone"));

        assertThat(roots).contains(Path.of("/somewhere/jdks/jdk-21"), Path.of("/somewhere/jdks"), Path.of("/elsewhere/jvms"),
                Path.of("/home/someone/.sdkman/candidates/java"));
    }

    private OpenSearchJdk locate(String version, Map<String, String> properties, Map<String, String> env, int runningFeature) {
        Path running = jvms.resolve("jdk-" + runningFeature);
        return OpenSearchJdk.locate(version, properties::get, env::get, running, runningFeature, List.of(jvms));
    }

    private static Path fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin").resolve("java"), "");
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
        return home;
    }
}
