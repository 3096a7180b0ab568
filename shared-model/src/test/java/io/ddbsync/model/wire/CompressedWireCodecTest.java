package io.ddbsync.model.wire;

import static io.ddbsync.model.wire.WireCodecTest.SEQ1;
import static io.ddbsync.model.wire.WireCodecTest.SEQ2;
import static io.ddbsync.model.wire.WireCodecTest.json;
import static io.ddbsync.model.wire.WireCodecTest.modify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Version 2 (gzip + base64 records) next to version 1: both decode to the same envelope. */
class CompressedWireCodecTest {

    private static ChangeEnvelope envelope() {
        ChangeRecord remove = new ChangeRecord(Op.REMOVE, json("{\"id\":{\"S\":\"p2\"}}"), null, SEQ2, 1479499741L, false, true);
        RawRecord raw = new RawRecord(json("{\"eventName\":\"X\",\"t\":\"\\uffff\"}"), "unknown eventName", null);
        return new ChangeEnvelope(1, "Posts-abc", "Posts", List.of(modify("p1", SEQ1), remove, raw));
    }

    private static String v2(String id, String table, String enc, String records) {
        return "{\"v\":2,\"id\":\"" + id + "\",\"table\":\"" + table + "\",\"enc\":\"" + enc + "\",\"records\":\"" + records + "\"}";
    }

    private static String gzipBase64(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    @Test
    void encodeCompressed_anyEnvelope_decodesToTheSameEnvelopeAsVersion1() {
        ChangeEnvelope e = envelope();

        String compressed = WireCodec.encodeCompressed(e);
        String plain = WireCodec.encode(e);

        assertThat(compressed).startsWith("{\"v\":2,\"id\":\"Posts-abc\",\"table\":\"Posts\",\"enc\":\"gzip\",\"records\":\"H4sI");
        assertThat(WireCodec.decode(compressed)).isEqualTo(e);
        assertThat(WireCodec.decode(plain)).isEqualTo(e);
        assertThat(((ChangeRecord) WireCodec.decode(compressed).records().get(0)).image().get("n").get("N").textValue())
                .isEqualTo("12345678901234567890.123456789");
    }

    @Test
    void decode_version2FromAnyGzipWriter_readsTheRecords() throws Exception {
        String records = "[" + WireCodec.encodeRecord(modify("p1", SEQ1)) + "]";

        ChangeEnvelope e = WireCodec.decode(v2("e1", "T", "gzip", gzipBase64(records)));

        assertThat(e.id()).isEqualTo("e1");
        assertThat(e.table()).isEqualTo("T");
        assertThat(e.records()).containsExactly(modify("p1", SEQ1));
    }

    @Test
    void decode_unknownEncoding_failsNamingIt() throws Exception {
        String body = v2("e1", "T", "zstd", gzipBase64("[]"));

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessage("envelope e1: field 'enc' has unknown value 'zstd' (this build reads gzip)");
    }

    @Test
    void decode_notBase64_fails() {
        assertThatThrownBy(() -> WireCodec.decode(v2("e1", "T", "gzip", "!!not base64!!")))
                .isInstanceOf(WireFormatException.class).hasMessageStartingWith("envelope e1: field 'records' is not base64");
    }

    @Test
    void decode_notGzip_fails() {
        String body = v2("e1", "T", "gzip", Base64.getEncoder().encodeToString("[{}]".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("envelope e1: field 'records' is not valid gzip");
    }

    @Test
    void decode_truncatedGzip_fails() throws Exception {
        String full = gzipBase64("[" + WireCodec.encodeRecord(modify("p1", SEQ1)) + "]");
        byte[] bytes = Base64.getDecoder().decode(full);
        String cut = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, bytes.length - 12));

        assertThatThrownBy(() -> WireCodec.decode(v2("e1", "T", "gzip", cut))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("envelope e1: field 'records'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{}", "[1]", "[{\"op\":\"MODIFY\"}]"})
    void decode_badRecordsInside_failsLikeVersion1(String inner) throws Exception {
        String body = v2("e1", "T", "gzip", gzipBase64(inner));

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("envelope e1");
    }

    @Test
    void decode_version2WithRecordsAsArray_fails() {
        String body = "{\"v\":2,\"id\":\"e1\",\"table\":\"T\",\"enc\":\"gzip\",\"records\":[]}";

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessage("envelope e1: field 'records' must be a string, got array");
    }

    @Test
    void decode_version2WithExtraField_fails() throws Exception {
        String body = v2("e1", "T", "gzip", gzipBase64("[]")).replace("{\"v\":2,", "{\"v\":2,\"x\":1,");

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessage("envelope e1: unknown field 'x'");
    }

    @Test
    void decode_version3_failsNamingBothReadableVersions() {
        assertThatThrownBy(() -> WireCodec.decode("{\"v\":3,\"id\":\"e1\"}")).isInstanceOf(WireFormatException.class)
                .hasMessage("envelope: unsupported version v=3 (this build reads 1 and 2)");
    }

    @Test
    void decode_inflatesBeyondTheCap_fails() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i <= WireCodec.MAX_INFLATED_BYTES >> 20; i++) {
                gz.write(zeros);
            }
        }
        String body = v2("e1", "T", "gzip", Base64.getEncoder().encodeToString(bytes.toByteArray()));

        assertThatThrownBy(() -> WireCodec.decode(body)).isInstanceOf(WireFormatException.class)
                .hasMessage("envelope e1: field 'records' inflates to more than " + WireCodec.MAX_INFLATED_BYTES + " bytes");
    }
}
