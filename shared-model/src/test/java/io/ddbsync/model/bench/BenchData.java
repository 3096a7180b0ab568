package io.ddbsync.model.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic change records of about 1 KB each (a post made of typed blocks, as in the seed post). */
final class BenchData {

    private BenchData() {
    }

    static List<ChangeRecord> records(int n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Random random = new Random(n);
        List<ChangeRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ObjectNode keys = f.objectNode();
            keys.putObject("id").put("S", "post-" + i);
            ObjectNode image = keys.deepCopy();
            image.putObject("title").put("S", "제목 " + i + " title");
            image.putObject("views").put("N", Integer.toString(random.nextInt(100_000)));
            ObjectNode blocks = image.putObject("blocks");
            var list = blocks.putArray("L");
            for (int b = 0; b < 4; b++) {
                ObjectNode block = list.addObject().putObject("M");
                block.putObject("type").put("S", b % 2 == 0 ? "text" : "image");
                block.putObject("body").put("S", text(random, 180));
            }
            String seq = String.format("%026d", 10_000_000_000_000_000L + i);
            out.add(new ChangeRecord(Op.MODIFY, keys, image, seq, 1_700_000_000L + i / 100, false, false));
        }
        return out;
    }

    private static String text(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
