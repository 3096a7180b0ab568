package io.ddbsync.worker.internal.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreateFirstOddsTest {

    @Test
    void createFirst_createsSucceed_staysOn() {
        CreateFirstOdds odds = new CreateFirstOdds();
        for (int i = 0; i < 50; i++) {
            assertThat(odds.createFirst()).isTrue();
            odds.observe(500, 3);
        }
        assertThat(odds.conflictRate()).isLessThan(0.01);
    }

    @Test
    void createFirst_documentsExist_readsFirstButProbes_andComesBackWhenTheyAreNew() {
        CreateFirstOdds odds = new CreateFirstOdds();
        int on = 0;
        for (int i = 0; i < 64; i++) {
            if (odds.createFirst()) {
                on++;
                odds.observe(500, 500); // every create refused: the index already holds the documents
            }
        }
        assertThat(odds.conflictRate()).isGreaterThan(CreateFirstOdds.MAX_CONFLICT_RATE);
        assertThat(on).isBetween(2, 2 + 64 / CreateFirstOdds.PROBE_EVERY); // two to cross the threshold, then probes only

        int calls = 0;
        while (odds.conflictRate() > CreateFirstOdds.MAX_CONFLICT_RATE && calls < 1_000) {
            calls++;
            if (odds.createFirst()) {
                odds.observe(500, 0); // a probe: the documents are new again
            }
        }
        assertThat(calls).isLessThanOrEqualTo(3 * CreateFirstOdds.PROBE_EVERY);
        assertThat(odds.createFirst()).isTrue();
        assertThat(odds.conflictRate()).isLessThanOrEqualTo(CreateFirstOdds.MAX_CONFLICT_RATE);
    }

    @Test
    void observe_nothingSent_changesNothing() {
        CreateFirstOdds odds = new CreateFirstOdds();
        odds.observe(0, 0);
        assertThat(odds.conflictRate()).isZero();
    }
}
