package io.ddbsync.worker.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCollapserTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static ChangeRecord change(Op op, String id, String seq, long ts) throws Exception {
        ObjectNode keys = (ObjectNode) M.readTree("{\"id\":{\"S\":\"" + id + "\"}}");
        ObjectNode image = op == Op.REMOVE ? null : (ObjectNode) M.readTree("{\"id\":{\"S\":\"" + id + "\"},\"seq\":{\"S\":\"" + seq + "\"}}");
        return new ChangeRecord(op, keys, image, seq, ts, false, false);
    }

    @Test
    void collapse_severalChangesOfOneItem_keepsTheNewestVersionPerDocument() throws Exception {
        List<RecordCollapser.Keyed> out = RecordCollapser.collapse(List.of(
                change(Op.INSERT, "a", "100000000000000000001", 10),
                change(Op.MODIFY, "b", "100000000000000000002", 10),
                change(Op.REMOVE, "a", "100000000000000000003", 11),
                change(Op.MODIFY, "a", "900000000000000000000", 9),
                change(Op.MODIFY, "b", "100000000000000000000", 10)));

        assertThat(out).hasSize(2);
        assertThat(out.get(0).record().op()).isEqualTo(Op.REMOVE);
        assertThat(out.get(0).record().sequenceNumber()).isEqualTo("100000000000000000003");
        assertThat(out.get(1).record().sequenceNumber()).isEqualTo("100000000000000000002");
    }
}
