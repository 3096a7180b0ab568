package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunAsTest {
    @Test
    void wrap_currentUser_runsCommandUnchangedAtTheEnd() {
        List<String> wrapped = RunAs.currentUser().wrap(List.of("node", "server.js", "0"));

        assertThat(wrapped).endsWith("node", "server.js", "0");
        assertThat(wrapped).noneMatch(arg -> arg.startsWith("--reuid"));
    }

    @Test
    void unprivileged_asRootOrNot_neverRoot() {
        RunAs runAs = RunAs.unprivileged();

        assertThat(runAs.isOtherUser()).isEqualTo(RunAs.isRoot());
        String uid = Commands.run(runAs.wrap(List.of("id", "-u"))).output();
        assertThat(uid).isNotEqualTo("0");
    }
}
