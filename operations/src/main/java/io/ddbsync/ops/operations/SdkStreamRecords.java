package io.ddbsync.ops.operations;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The records GetRecords returns (SDK v2 model) in the shape Lambda delivers them to the forwarder
 * (aws-lambda-java-events model), so a replay goes through the forwarder's own mapping and packing.
 * Field for field: eventID, eventName, eventVersion, eventSource, awsRegion, eventSourceARN (the
 * stream ARN), userIdentity, and dynamodb {ApproximateCreationDateTime, Keys, NewImage, OldImage,
 * SequenceNumber, SizeBytes, StreamViewType}.
 */
final class SdkStreamRecords {

    private SdkStreamRecords() {
    }

    static DynamodbStreamRecord toLambda(Record r, String streamArn) {
        DynamodbStreamRecord out = new DynamodbStreamRecord();
        out.setEventID(r.eventID());
        out.setEventName(r.eventNameAsString());
        out.setEventVersion(r.eventVersion());
        out.setEventSource(r.eventSource());
        out.setAwsRegion(r.awsRegion());
        out.setEventSourceARN(streamArn);
        if (r.userIdentity() != null) {
            out.setUserIdentity(new Identity().withPrincipalId(r.userIdentity().principalId()).withType(r.userIdentity().type()));
        }
        var d = r.dynamodb();
        if (d != null) {
            StreamRecord s = new StreamRecord();
            if (d.approximateCreationDateTime() != null) {
                s.setApproximateCreationDateTime(Date.from(d.approximateCreationDateTime()));
            }
            if (d.hasKeys()) {
                s.setKeys(map(d.keys()));
            }
            if (d.hasNewImage()) {
                s.setNewImage(map(d.newImage()));
            }
            if (d.hasOldImage()) {
                s.setOldImage(map(d.oldImage()));
            }
            s.setSequenceNumber(d.sequenceNumber());
            s.setSizeBytes(d.sizeBytes());
            if (d.streamViewType() != null) {
                s.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(d.streamViewTypeAsString()));
            }
            out.setDynamodb(s);
        }
        return out;
    }

    static Map<String, AttributeValue> map(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> in) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        AttributeValue a = new AttributeValue();
        if (v.s() != null) {
            a.setS(v.s());
        } else if (v.n() != null) {
            a.setN(v.n());
        } else if (v.b() != null) {
            a.setB(ByteBuffer.wrap(v.b().asByteArray()));
        } else if (v.hasSs()) {
            a.setSS(v.ss());
        } else if (v.hasNs()) {
            a.setNS(v.ns());
        } else if (v.hasBs()) {
            List<ByteBuffer> bs = new ArrayList<>();
            v.bs().forEach(b -> bs.add(ByteBuffer.wrap(b.asByteArray())));
            a.setBS(bs);
        } else if (v.hasM()) {
            a.setM(map(v.m()));
        } else if (v.hasL()) {
            List<AttributeValue> l = new ArrayList<>();
            v.l().forEach(e -> l.add(value(e)));
            a.setL(l);
        } else if (v.nul() != null) {
            a.setNULL(v.nul());
        } else if (v.bool() != null) {
            a.setBOOL(v.bool());
        }
        return a;
    }
}
