package io.ddbsync.aws.backfill;

import io.ddbsync.model.backfill.BackfillRun;
import io.ddbsync.model.backfill.BackfillStatus;
import io.ddbsync.model.backfill.BackfillWireException;
import io.ddbsync.model.backfill.SegmentProgress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A backfill run's state in the backfill bucket (the stack's export bucket), under {@value #PREFIX}{@code <run>/}:
 * <ul>
 *   <li>{@code run.json}: the run as started ({@link BackfillRun}), written once by the CLI;</li>
 *   <li>{@code segments/<segment>.json}: each segment's progress ({@link SegmentProgress}), written by the backfill
 *       Lambda; one writer at a time per segment (a segment has one work item in flight);</li>
 *   <li>{@code cancel}: the cancel mark; its presence cancels the run.</li>
 * </ul>
 * Thread-safe; S3's strong read-after-write consistency makes a cancel mark visible to the next check.
 */
public final class BackfillRunStore {

    public static final String PREFIX = "backfills/";
    static final String CONTENT_TYPE = "application/json";

    private final S3Client s3;
    private final String bucket;

    public BackfillRunStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    static String runKey(String run) {
        return PREFIX + run + "/run.json";
    }

    static String segmentKey(String run, int segment) {
        return PREFIX + run + "/segments/" + segment + ".json";
    }

    static String cancelKey(String run) {
        return PREFIX + run + "/cancel";
    }

    /** Writes {@code run.json}. */
    public void createRun(BackfillRun run) {
        put(runKey(run.run()), run.toJson());
    }

    /** The run, or empty when the bucket has none of that id. */
    public Optional<BackfillRun> run(String run) {
        return get(runKey(run)).map(json -> parse(runKey(run), () -> BackfillRun.fromJson(json)));
    }

    public void putSegment(String run, SegmentProgress progress) {
        put(segmentKey(run, progress.segment()), progress.toJson());
    }

    public Optional<SegmentProgress> segment(String run, int segment) {
        String key = segmentKey(run, segment);
        return get(key).map(json -> parse(key, () -> SegmentProgress.fromJson(json)));
    }

    /** Every segment that has reported, in segment order. */
    public List<SegmentProgress> segments(String run) {
        List<SegmentProgress> out = new ArrayList<>();
        for (S3Object o : list(PREFIX + run + "/segments/")) {
            get(o.key()).ifPresent(json -> out.add(parse(o.key(), () -> SegmentProgress.fromJson(json))));
        }
        out.sort(Comparator.comparingInt(SegmentProgress::segment));
        return out;
    }

    /** Sets the run's cancel mark (its body: when). */
    public void cancel(String run, Instant at) {
        put(cancelKey(run), "{\"cancelledAt\":\"" + at + "\"}");
    }

    public boolean cancelled(String run) {
        String key = cancelKey(run);
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new BackfillStateException("cannot read s3://" + bucket + "/" + key, e);
        } catch (RuntimeException e) {
            throw new BackfillStateException("cannot read s3://" + bucket + "/" + key, e);
        }
    }

    /** The run's status now. */
    public Optional<BackfillStatus> status(String run, Instant now) {
        return run(run).map(r -> BackfillStatus.of(r, segments(run), cancelled(run), now));
    }

    /** The latest run (by scan start) of {@code table}, or empty. */
    public Optional<BackfillRun> latestRunOf(String table) {
        Optional<BackfillRun> latest = Optional.empty();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(PREFIX).delimiter("/");
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = call("list s3://" + bucket + "/" + PREFIX, () -> s3.listObjectsV2(request.build()));
            for (CommonPrefix p : page.commonPrefixes()) {
                String id = p.prefix().substring(PREFIX.length(), p.prefix().length() - 1);
                Optional<BackfillRun> r = run(id).filter(x -> x.table().equals(table));
                if (r.isPresent() && (latest.isEmpty() || r.get().scanStart().isAfter(latest.get().scanStart()))) {
                    latest = r;
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return latest;
    }

    private List<S3Object> list(String prefix) {
        List<S3Object> out = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = call("list s3://" + bucket + "/" + prefix, () -> s3.listObjectsV2(request.build()));
            out.addAll(page.contents());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    private void put(String key, String json) {
        call("write s3://" + bucket + "/" + key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE),
                RequestBody.fromString(json, StandardCharsets.UTF_8)));
    }

    private Optional<String> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new BackfillStateException("cannot read s3://" + bucket + "/" + key, e);
        }
    }

    private <T> T parse(String key, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (BackfillWireException e) {
            throw new BackfillStateException("s3://" + bucket + "/" + key + " is not valid: " + e.getMessage(), e);
        }
    }

    private static <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new BackfillStateException("cannot " + what, e);
        }
    }
}
