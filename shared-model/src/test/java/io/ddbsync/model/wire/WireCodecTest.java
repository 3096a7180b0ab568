package io.ddbsync.model.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireCodecTest {

    static final String SEQ1 = "13021600000000001596893679";
    static final String SEQ2 = "13021600000000001596893680";

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static ChangeRecord modify(String id, String seq) {
        return new ChangeRecord(Op.MODIFY, json("{\"id\":{\"S\":\"" + id + "\"}}"),
                json("{\"id\":{\"S\":\"" + id + "\"},\"n\":{\"N\":\"12345678901234567890.123456789\"},"
                        + "\"m\":{\"M\":{\"l\":{\"L\":[{\"S\":\"é✓😀\"},{\"NULL\":true}]}}}}"),
                seq, 1479499740L, false, false);
    }

    static ChangeEnvelope roundTrip(ChangeEnvelope e) {
        return WireCodec.decode(WireCodec.encode(e));
    }

    @Test
    void encodeDecode_modifyRecord_roundTripsExactly() {
        ChangeRecord r = modify("p1", SEQ1);
        ChangeEnvelope e = new ChangeEnvelope(1, "Posts-abc", "Posts", List.of(r));

        ChangeEnvelope back = roundTrip(e);

        assertThat(back).isEqualTo(e);
        assertThat(((ChangeRecord) back.records().get(0)).image().get("n").get("N").textValue())
                .isEqualTo("12345678901234567890.123456789");
    }

    @Test
    void encodeDecode_removeFetchAndTtlRecords_roundTrip() {
        ChangeRecord remove = new ChangeRecord(Op.REMOVE, json("{\"id\":{\"S\":\"a\"},\"sk\":{\"N\":\"1E+3\"}}"), null,
                SEQ1, 10L, false, true);
        ChangeRecord fetch = modify("b", SEQ2).asFetch();
        ChangeRecord insertFetch = new ChangeRecord(Op.INSERT, json("{\"id\":{\"B\":\"AAE=\"}}"), null, SEQ2, 11L, true, false);
        ChangeEnvelope e = new ChangeEnvelope(1, "id1", "T", List.of(remove, fetch, insertFetch));

        ChangeEnvelope back = roundTrip(e);

        assertThat(back).isEqualTo(e);
        ChangeRecord r0 = (ChangeRecord) back.records().get(0);
        assertThat(r0.op()).isEqualTo(Op.REMOVE);
        assertThat(r0.image()).isNull();
        assertThat(r0.ttl()).isTrue();
        ChangeRecord r1 = (ChangeRecord) back.records().get(1);
        assertThat(r1.fetch()).isTrue();
        assertThat(r1.image()).isNull();
        assertThat(r1.keys()).isEqualTo(json("{\"id\":{\"S\":\"b\"}}"));
    }

    @Test
    void encodeDecode_ttlRemovalWithItsOldImage_roundTripsAndAUserRemoveWithAnImageIsRefused() {
        ObjectNode last = json("{\"id\":{\"S\":\"a\"},\"expiresAt\":{\"N\":\"1700000000\"}}");
        ChangeRecord ttl = new ChangeRecord(Op.REMOVE, json("{\"id\":{\"S\":\"a\"}}"), last, SEQ1, 10L, false, true);

        ChangeEnvelope back = WireCodec.decode(WireCodec.encode(new ChangeEnvelope(1, "x", "T", List.of(ttl))));

        assertThat(((ChangeRecord) back.records().get(0)).image()).isEqualTo(last);
        assertThat(ttl.asFetch().image()).as("too large to carry: only the image is dropped").isNull();
        assertThat(ttl.asFetch().ttl()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChangeRecord(Op.REMOVE, json("{\"id\":{\"S\":\"a\"}}"), last, SEQ1,
                10L, false, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTL removal");
    }

    @Test
    void encode_record_writesDesignShape() {
        ChangeRecord remove = new ChangeRecord(Op.REMOVE, json("{\"id\":{\"S\":\"a\"}}"), null, SEQ1, 10L, false, false);

        String body = WireCodec.encode(new ChangeEnvelope(1, "x", "T", List.of(remove)));

        assertThat(body).isEqualTo("{\"v\":1,\"id\":\"x\",\"table\":\"T\",\"records\":[{\"op\":\"REMOVE\","
                + "\"keys\":{\"id\":{\"S\":\"a\"}},\"image\":null,\"seq\":\"" + SEQ1 + "\",\"ts\":10,"
                + "\"fetch\":false,\"ttl\":false}]}");
    }

    @Test
    void encodeDecode_backfillRecordWithSeqZero_roundTrips() {
        ChangeRecord r = new ChangeRecord(Op.INSERT, json("{\"id\":{\"S\":\"a\"}}"), json("{\"id\":{\"S\":\"a\"}}"), "0",
                1_700_000_000L, false, false);
        ChangeEnvelope e = new ChangeEnvelope(1, "x", "T", List.of(r));

        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void encodeDecode_rawRecords_roundTripWithAndWithoutSeq() {
        JsonNode raw = json("{\"eventName\":\"WEIRD\",\"dynamodb\":{\"SequenceNumber\":\"" + SEQ1 + "\",\"x\":1.50}}");
        RawRecord withSeq = new RawRecord(raw, "unknown eventName WEIRD", SEQ1);
        RawRecord withoutSeq = new RawRecord(Json.MAPPER.getNodeFactory().textNode("{truncated"), "unreadable", null);
        ChangeEnvelope e = new ChangeEnvelope(1, "x", "T", List.of(withSeq, withoutSeq));

        ChangeEnvelope back = roundTrip(e);

        assertThat(back).isEqualTo(e);
        RawRecord r0 = (RawRecord) back.records().get(0);
        assertThat(r0.reason()).isEqualTo("unknown eventName WEIRD");
        assertThat(r0.sequenceNumber()).isEqualTo(SEQ1);
        assertThat(Json.write(r0.raw())).contains("\"x\":1.50");
        assertThat(((RawRecord) back.records().get(1)).sequenceNumber()).isNull();
    }

    @Test
    void toJsonRecordFromJson_eachRecordType_roundTrips() {
        List<WireRecord> records = List.of(modify("a", SEQ1), modify("b", SEQ2).asFetch(),
                new RawRecord(json("{\"a\":1}"), "why", null));
        for (WireRecord r : records) {
            assertThat(WireCodec.recordFromJson(WireCodec.toJson(r))).isEqualTo(r);
        }
    }

    @Test
    void decode_unknownVersion_failsNamingVersion() {
        String body = WireCodec.encode(new ChangeEnvelope(1, "x", "T", List.of(modify("a", SEQ1)))).replace("\"v\":1", "\"v\":3");

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unsupported version v=3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\":\"x\",\"table\":\"T\",\"records\":[]}|missing field 'v'",
        "{\"v\":\"1\",\"id\":\"x\",\"table\":\"T\",\"records\":[]}|field 'v' must be an integer",
        "{\"v\":1.0,\"id\":\"x\",\"table\":\"T\",\"records\":[]}|field 'v' must be an integer",
        "{\"v\":1,\"table\":\"T\",\"records\":[]}|missing field 'id'",
        "{\"v\":1,\"id\":7,\"table\":\"T\",\"records\":[]}|field 'id' must be a string",
        "{\"v\":1,\"id\":\"x\",\"records\":[]}|envelope x: missing field 'table'",
        "{\"v\":1,\"id\":\"x\",\"table\":\"T\"}|envelope x: missing field 'records'",
        "{\"v\":1,\"id\":\"x\",\"table\":\"T\",\"records\":{}}|field 'records' must be an array",
        "{\"v\":1,\"id\":\"x\",\"table\":\"T\",\"records\":[]}|field 'records' must not be empty",
        "{\"v\":1,\"id\":\"x\",\"table\":\"T\",\"records\":[1]}|envelope x record 0: record must be a JSON object",
        "{\"v\":1,\"id\":\"x\",\"table\":\"T\",\"extra\":1,\"records\":[]}|envelope x: unknown field 'extra'",
        "[1]|body must be a JSON object",
        "{\"v\":1|not valid JSON",
        "|body is empty",
    })
    void decode_badEnvelope_failsNamingField(String body, String expected) {
        String b = body == null ? "" : body;
        assertThatThrownBy(() -> WireCodec.decode(b)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void decode_trailingGarbage_fails() {
        String body = WireCodec.encode(new ChangeEnvelope(1, "x", "T", List.of(modify("a", SEQ1)))) + " {}";

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void decode_duplicateField_fails() {
        String body = "{\"v\":1,\"v\":1,\"id\":\"x\",\"table\":\"T\",\"records\":[]}";

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("Duplicate field 'v'");
    }

    static final String GOOD = "{\"op\":\"MODIFY\",\"keys\":{\"id\":{\"S\":\"a\"}},\"image\":{\"id\":{\"S\":\"a\"}},"
            + "\"seq\":\"" + SEQ2 + "\",\"ts\":5,\"fetch\":false,\"ttl\":false}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"op\":\"MODIFY\"|\"op\":\"UPSERT\"|field 'op' has unknown value 'UPSERT'",
        "\"op\":\"MODIFY\"|\"op\":1|field 'op' must be a string, got number",
        "\"op\":\"MODIFY\",|''|missing field 'op'",
        "\"keys\":{\"id\":{\"S\":\"a\"}}|\"keys\":{}|field 'keys' must not be empty",
        "\"keys\":{\"id\":{\"S\":\"a\"}}|\"keys\":[]|field 'keys' must be an object",
        "\"image\":{\"id\":{\"S\":\"a\"}},|''|missing field 'image'",
        "\"image\":{\"id\":{\"S\":\"a\"}}|\"image\":\"x\"|field 'image' must be an object or null",
        "\"image\":{\"id\":{\"S\":\"a\"}}|\"image\":null|MODIFY without image must be a fetch record",
        "\"seq\":\"13021600000000001596893680\"|\"seq\":13021600000000001596893680|field 'seq' must be a string",
        "\"seq\":\"13021600000000001596893680\"|\"seq\":\"13021600000000001596893680130216000000000\"|field 'seq' must be 1-20 decimal digits (a read) or 21-40",
        "\"seq\":\"13021600000000001596893680\"|\"seq\":\"-3021600000000001596893680\"|or 21-40 (a stream sequence number)",
        "\"ts\":5|\"ts\":\"5\"|field 'ts' must be an integer",
        "\"ts\":5|\"ts\":-1|field 'ts' must be an integer",
        "\"ts\":5|\"ts\":5.5|field 'ts' must be an integer",
        "\"ts\":5|\"ts\":1000000000000|field 'ts' must be an integer",
        ",\"fetch\":false|''|missing field 'fetch'",
        "\"fetch\":false|\"fetch\":\"false\"|field 'fetch' must be a boolean",
        "\"ttl\":false|\"ttl\":0|field 'ttl' must be a boolean",
        "\"ttl\":false|\"ttl\":false,\"more\":1|unknown field 'more'",
    })
    void decode_badChangeRecord_failsNamingFieldEnvelopeIndexAndSeq(String from, String to, String expected) {
        String bad = GOOD.replace(from, to);
        assertThat(bad).isNotEqualTo(GOOD);
        String body = "{\"v\":1,\"id\":\"env-1\",\"table\":\"T\",\"records\":[" + GOOD + "," + bad + "]}";

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("envelope env-1 record 1")
                .hasMessageContaining(expected);
    }

    @Test
    void decode_badRecordWithSeq_namesSeq() {
        String bad = GOOD.replace("\"op\":\"MODIFY\"", "\"op\":\"X\"");
        String body = "{\"v\":1,\"id\":\"env-1\",\"table\":\"T\",\"records\":[" + bad + "]}";

        assertThatThrownBy(() -> WireCodec.decode(body)).hasMessageStartingWith("envelope env-1 record 0 (seq " + SEQ2 + "): ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"raw\":{},\"seq\":null}|missing field 'reason'",
        "{\"raw\":{},\"reason\":1,\"seq\":null}|field 'reason' must be a string",
        "{\"raw\":{},\"reason\":\"r\"}|missing field 'seq'",
        "{\"raw\":{},\"reason\":\"r\",\"seq\":5}|field 'seq' must be a string or null",
        "{\"raw\":{},\"reason\":\"r\",\"seq\":null,\"op\":\"INSERT\"}|unknown field 'op'",
    })
    void recordFromJson_badRawRecord_failsNamingField(String record, String expected) {
        assertThatThrownBy(() -> WireCodec.recordFromJson(json(record))).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("record")
                .hasMessageContaining(expected);
    }

    @Test
    void encode_nonCharactersSqsRefuses_writtenAsEscapesAndRoundTrip() {
        ObjectNode keys = json("{\"id\":{\"S\":\"a\uFFFEb\uFFFF 한 😀\"}}");
        ChangeRecord r = new ChangeRecord(Op.INSERT, keys, keys, SEQ1, 1, false, false);
        ChangeEnvelope e = new ChangeEnvelope(1, "x", "T", List.of(r));

        String body = WireCodec.encode(e);

        assertThat(body).doesNotContain("\uFFFE").doesNotContain("\uFFFF")
                .contains("a\\ufffeb\\uffff 한 😀");
        assertThat(WireCodec.decode(body)).isEqualTo(e);
    }

    @Test
    void toJson_mutatingTheResult_leavesRecordUnchanged() {
        ChangeRecord r = modify("a", SEQ1);
        String before = WireCodec.encodeRecord(r);

        ObjectNode tree = WireCodec.toJson(r);
        ((ObjectNode) tree.get("image")).put("x", 1);
        ((ObjectNode) tree.get("keys")).removeAll();

        assertThat(WireCodec.encodeRecord(r)).isEqualTo(before).isEqualTo(Json.write(WireCodec.toJson(r)));
    }

    @Test
    void assemble_encodedRecords_equalsEncode() {
        ChangeEnvelope e = new ChangeEnvelope(1, "id\"q", "Ta\u00e9", List.of(modify("a", SEQ1), modify("b", SEQ2)));
        List<String> parts = e.records().stream().map(r -> Json.write(WireCodec.toJson(r))).toList();

        assertThat(WireCodec.assemble(e.id(), e.table(), parts)).isEqualTo(WireCodec.encode(e));
    }
}
