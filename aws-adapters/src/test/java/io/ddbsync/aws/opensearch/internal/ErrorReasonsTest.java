package io.ddbsync.aws.opensearch.internal;

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
}
