package io.ddbsync.aws.search.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.model.json.Json;
import org.junit.jupiter.api.Test;

class ErrorReasonsTest {

    @Test
    void describe_mappingErrorQuotingTheValue_keepsFieldAndTypesDropsValue() throws Exception {
        JsonNode error = Json.MAPPER.readTree("{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed to parse field [rev] of type"
                + " [double] in document with id 'id:S:b'. Preview of field's value: 'SECRET-1'\",\"caused_by\":{\"type\":"
                + "\"number_format_exception\",\"reason\":\"For input string: \\\"SECRET-1\\\"\"}}");

        String line = ErrorReasons.describe(error);

        assertThat(line).isEqualTo("mapper_parsing_exception: failed to parse field [rev] of type [double] in document with"
                + " id 'id:S:b' / caused by number_format_exception");
    }

    @Test
    void withoutValues_quotedValueAfterTheWordValue_removed() {
        assertThat(ErrorReasons.withoutValues("illegal value: 'SECRET-2' for field [x]"))
                .isEqualTo("illegal value: <value omitted> for field [x]");
    }

    @Test
    void describe_immenseTermQuotedAsItsBytes_bytesRemovedFieldKept() throws Exception {
        JsonNode error = Json.MAPPER.readTree("{\"type\":\"illegal_argument_exception\",\"reason\":\"Document contains at least one"
                + " immense term in field=\\\"code\\\" (whose UTF8 encoding is longer than the max length 32766), all of which were"
                + " skipped.  Please correct the analyzer to not produce such terms.  The prefix of the first immense term is:"
                + " '[97, 108, 105, 99, 101]...', original message: bytes can be at most 32766 in length; got 40000\","
                + "\"caused_by\":{\"type\":\"max_bytes_length_exceeded_exception\",\"reason\":\"bytes can be at most 32766\"}}");

        String line = ErrorReasons.describe(error);

        assertThat(line).contains("immense term in field=\"code\"").contains("The prefix of the first immense term is: <value omitted>")
                .doesNotContain("97, 108").endsWith("/ caused by max_bytes_length_exceeded_exception");
    }

    @Test
    void withoutValues_fieldPathsAndShardNumbersInBrackets_kept() {
        assertThat(ErrorReasons.withoutValues("failed to parse field [blocks] of shard [0]"))
                .isEqualTo("failed to parse field [blocks] of shard [0]");
    }
}
