package io.ddbsync.forwarder.internal.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.forwarder.testing.LambdaEvents;
import io.ddbsync.forwarder.testing.StreamEventJson;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.RawRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRecordMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StreamRecordMapper mapper = new StreamRecordMapper(200_000);

    private List<MappedRecord> mapAll(DynamodbEvent event) {
        List<MappedRecord> out = new ArrayList<>();
        List<DynamodbStreamRecord> records = event.getRecords();
        for (int i = 0; i < records.size(); i++) {
            out.add(mapper.map(i, records.get(i)));
        }
        return out;
    }

    private static JsonNode fixture(String path) throws IOException {
        try (InputStream in = StreamRecordMapperTest.class.getClassLoader().getResourceAsStream(path)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void map_seedInsert_carriesTableKeysImageSeqAndSeconds() throws IOException {
        MappedRecord m = mapAll(LambdaEvents.resource("events/seed-insert.json")).get(0);
        JsonNode ddb = fixture("events/seed-insert.json").at("/Records/0/dynamodb");

        assertThat(m.table()).isEqualTo("BarkTable");
        assertThat(m.position()).isZero();
        ChangeRecord c = (ChangeRecord) m.record();
        assertThat(c.op()).isEqualTo(Op.INSERT);
        assertThat(c.keys()).isEqualTo(ddb.get("Keys"));
        assertThat(c.image()).isEqualTo(ddb.get("NewImage"));
        assertThat(c.sequenceNumber()).isEqualTo("13021600000000001596893679");
        assertThat(c.ts()).isEqualTo(1479499740L);
        assertThat(c.fetch()).isFalse();
        assertThat(c.ttl()).isFalse();
    }

    @Test
    void map_documentedInsertModifyRemove_keepsOrderAndDropsImageOnRemove() throws IOException {
        List<MappedRecord> mapped = mapAll(LambdaEvents.resource("events/insert-modify-remove.json"));
        JsonNode records = fixture("events/insert-modify-remove.json").get("Records");

        assertThat(mapped).extracting(m -> ((ChangeRecord) m.record()).op()).containsExactly(Op.INSERT, Op.MODIFY, Op.REMOVE);
        assertThat(mapped).extracting(MappedRecord::sequenceNumber).containsExactly(
                "4421584500000000017450439091", "4421584500000000017450439092", "4421584500000000017450439093");
        assertThat(mapped).extracting(MappedRecord::table).containsOnly("ExampleTableWithStream");
        assertThat(((ChangeRecord) mapped.get(1).record()).image()).isEqualTo(records.at("/1/dynamodb/NewImage"));
        ChangeRecord remove = (ChangeRecord) mapped.get(2).record();
        assertThat(remove.image()).isNull();
        assertThat(remove.keys()).isEqualTo(records.at("/2/dynamodb/Keys"));
        assertThat(remove.ttl()).isFalse();
        assertThat(remove.ts()).isEqualTo(1428537600L);
    }

    @Test
    void map_ttlDelete_flagsTtlButNotAUserDelete() {
        List<MappedRecord> mapped = mapAll(LambdaEvents.resource("events/ttl-delete.json"));

        assertThat(((ChangeRecord) mapped.get(0).record()).ttl()).isTrue();
        assertThat(((ChangeRecord) mapped.get(1).record()).ttl()).isFalse();
        assertThat(mapped).extracting(MappedRecord::table).containsOnly("Sessions");
    }

    @Test
    void map_ttlDelete_carriesTheOldImageAUserDeleteDoesNot() {
        List<MappedRecord> mapped = mapAll(LambdaEvents.resource("events/ttl-delete.json"));

        ChangeRecord ttl = (ChangeRecord) mapped.get(0).record();
        assertThat(ttl.image()).as("the item's last state, for TTL_DELETES=keep").isNotNull();
        assertThat(ttl.image().at("/expiresAt/N").asText()).isEqualTo("1699999990");
        assertThat(((ChangeRecord) mapped.get(1).record()).image()).isNull();
    }

    @Test
    void map_keysOnlyStream_insertAndModifyBecomeFetchRecords() {
        List<MappedRecord> mapped = mapAll(LambdaEvents.resource("events/keys-only.json"));

        assertThat(mapped).extracting(m -> ((ChangeRecord) m.record()).fetch()).containsExactly(true, true, false);
        assertThat(mapped).extracting(m -> ((ChangeRecord) m.record()).image()).containsOnlyNulls();
        assertThat(((ChangeRecord) mapped.get(0).record()).keys().toString()).isEqualTo("{\"id\":{\"S\":\"p1\"}}");
    }

    @Test
    void map_allTenAttributeTypes_convertsToTheSameTypedJson() throws IOException {
        MappedRecord m = mapAll(LambdaEvents.resource("events/all-types.json")).get(0);
        JsonNode expected = fixture("events/all-types.json").at("/Records/0/dynamodb/NewImage");

        ChangeRecord c = (ChangeRecord) m.record();
        assertThat(c.image()).isEqualTo(expected);
        assertThat(c.image().at("/price/N").asText()).isEqualTo("12345678901234567890.123456789012345678");
        assertThat(c.image().at("/thumb/B").asText()).isEqualTo("AAEC/f7/");
        assertThat(c.keys()).isEqualTo(JSON.readTree("{\"id\":{\"S\":\"post-1\"},\"rev\":{\"N\":\"39370\"}}"));
    }

    @Test
    void map_uninterpretableRecords_becomeRawWithReasonAndKeepTheirData() {
        List<MappedRecord> mapped = mapAll(LambdaEvents.resource("events/uninterpretable.json"));

        assertThat(mapped).extracting(MappedRecord::isRaw).containsExactly(false, true, true, true, true, true, true, false);
        RawRecord noArn = (RawRecord) mapped.get(1).record();
        assertThat(mapped.get(1).table()).isEqualTo(StreamRecordMapper.UNKNOWN_TABLE);
        assertThat(noArn.reason()).isEqualTo("no eventSourceARN");
        assertThat(noArn.sequenceNumber()).isEqualTo("910000000000000000000002");
        assertThat(noArn.raw().at("/dynamodb/NewImage/id/S").asText()).isEqualTo("no-arn");
        assertThat(noArn.raw().at("/eventID").asText()).isEqualTo("u1");

        RawRecord unknownEvent = (RawRecord) mapped.get(2).record();
        assertThat(unknownEvent.reason()).isEqualTo("unknown eventName: UPSERT");
        assertThat(unknownEvent.raw().at("/eventName").asText()).isEqualTo("UPSERT");
        assertThat(mapped.get(2).table()).isEqualTo("Posts");

        RawRecord unknownType = (RawRecord) mapped.get(3).record();
        assertThat(unknownType.reason()).startsWith("attribute NewImage.vector: no known type");
        assertThat(unknownType.raw().at("/dynamodb/NewImage/id/S").asText()).isEqualTo("unknown-type");

        RawRecord badNumber = (RawRecord) mapped.get(4).record();
        assertThat(badNumber.reason()).isEqualTo("attribute NewImage.count: not a number: \"twelve\"");
        assertThat(badNumber.raw().at("/dynamodb/NewImage/count/N").asText()).isEqualTo("twelve");

        assertThat(((RawRecord) mapped.get(5).record()).reason()).isEqualTo("no Keys");
        assertThat(((RawRecord) mapped.get(5).record()).raw().at("/dynamodb/ApproximateCreationDateTime").asLong())
                .isEqualTo(1700000305L);
        RawRecord noSeq = (RawRecord) mapped.get(6).record();
        assertThat(noSeq.reason()).isEqualTo("no SequenceNumber");
        assertThat(noSeq.sequenceNumber()).isNull();
        assertThat(mapped.get(7).sequenceNumber()).isEqualTo("910000000000000000000008");
    }

    @Test
    void map_malformedSequenceNumberOrArn_becomesRaw() {
        DynamodbEvent event = LambdaEvents.resource("events/seed-insert.json");
        DynamodbStreamRecord r = event.getRecords().get(0);
        r.getDynamodb().setSequenceNumber("12ab");
        RawRecord raw = (RawRecord) mapper.map(0, r).record();
        assertThat(raw.reason()).isEqualTo("malformed SequenceNumber: 12ab");
        assertThat(raw.sequenceNumber()).isNull();
        r.getDynamodb().setSequenceNumber("111");
        assertThat(((RawRecord) mapper.map(0, r).record()).reason()).isEqualTo("malformed SequenceNumber: 111");

        DynamodbStreamRecord other = LambdaEvents.resource("events/seed-insert.json").getRecords().get(0);
        other.setEventSourceARN("arn:aws:kinesis:us-east-1:123456789012:stream/BarkTable");
        MappedRecord m = mapper.map(0, other);
        assertThat(((RawRecord) m.record()).reason()).startsWith("eventSourceARN is not a DynamoDB stream ARN");
        assertThat(m.table()).isEqualTo(StreamRecordMapper.UNKNOWN_TABLE);
    }

    @Test
    void map_rawRecordTooLargeForAMessage_leavesImagesOutButKeepsKeysAndSeq() {
        String json = new StreamEventJson().add("Big", 0, 300_000).toJson().replace("\"INSERT\"", "\"UPSERT\"");
        DynamodbStreamRecord r = LambdaEvents.fromJson(json).getRecords().get(0);

        RawRecord raw = (RawRecord) new StreamRecordMapper(100_000).map(0, r).record();

        assertThat(raw.reason()).isEqualTo("unknown eventName: UPSERT; NewImage left out: the record exceeds the message size");
        assertThat(raw.raw().at("/dynamodb/NewImage").isMissingNode()).isTrue();
        assertThat(raw.raw().at("/dynamodb/Keys/id/S").asText()).isEqualTo("item-0");
        assertThat(raw.sequenceNumber()).isEqualTo(StreamEventJson.seq(0));
    }

    @Test
    void map_400KbItem_keepsItsWholeImage() {
        DynamodbStreamRecord r = LambdaEvents.fromJson(new StreamEventJson().add("Big", 0, 400_000).toJson()).getRecords().get(0);

        ChangeRecord c = (ChangeRecord) mapper.map(0, r).record();

        assertThat(c.image().at("/body/S").asText()).hasSizeGreaterThan(399_000);
        assertThat(c.fetch()).isFalse();
    }

    @Test
    void map_thousandRecordBatch_mapsEveryRecordInOrder() {
        DynamodbEvent event = LambdaEvents.fromJson(StreamEventJson.batch("Posts", 1000, 200));

        List<MappedRecord> mapped = mapAll(event);

        assertThat(mapped).hasSize(1000).noneMatch(MappedRecord::isRaw);
        for (int i = 0; i < 1000; i++) {
            assertThat(mapped.get(i).sequenceNumber()).isEqualTo(StreamEventJson.seq(i));
        }
        assertThat(mapped).filteredOn(m -> ((ChangeRecord) m.record()).op() == Op.REMOVE).hasSize(100);
    }
}
