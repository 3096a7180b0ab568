package io.ddbsync.testbench.benchmark;

import io.ddbsync.testbench.local.SamplePosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The relevance set of the Korean search measurement: 20 queries written as a user types them — with other
 * particles than the posts use (the posts say 닭갈비를, 춘천에서; the queries 닭갈비가, 춘천으로), compounds typed
 * apart (초당 순두부, 고기 국수, 장애 전파) and phrases (춘천에서 먹은 닭갈비) — over the sample posts, and for
 * each the posts it must find.
 *
 * <p>The judgements come from what the generator wrote, not from any search: a query names one or more
 * concepts (a place, a dish, a subject), each with the surface forms it is written in ("검색엔진", "검색 엔진"),
 * and a post is relevant when its searchable text (title, paragraphs, quotes, image captions: what the demo's
 * shaping puts in {@code title} and {@code body_text}) contains every concept in some form. A dish is not its
 * neighbour: a query for 닭갈비 does not want 찜닭 or 떡갈비 posts, although they share a syllable or a part.
 */
public final class KoreanRelevance {

    /** One query: its text and the concepts a post must say, each as the list of forms it may be written in. */
    public record Query(String text, List<List<String>> concepts) {
        public Query {
            concepts = concepts.stream().map(List::copyOf).toList();
        }

        /** Whether {@code postText} says every concept of this query. */
        public boolean judges(String postText) {
            return concepts.stream().allMatch(forms -> forms.stream().anyMatch(postText::contains));
        }
    }

    /** The 20 queries. */
    public static final List<Query> QUERIES = List.of(
            q("닭갈비", "닭갈비"),
            q("닭갈비가", "닭갈비"),
            q("춘천", "춘천"),
            q("춘천으로", "춘천"),
            q("춘천에서 먹은 닭갈비", "춘천", "닭갈비"),
            q("돼지국밥은", "돼지국밥"),
            q("부산의 돼지국밥", "부산", "돼지국밥"),
            q("찜닭이랑", "찜닭"),
            q("떡갈비도", "떡갈비"),
            q("수원 왕갈비", "수원", "왕갈비"),
            q("초당 순두부", "초당순두부"),
            q("전주 비빔밥이", "전주", "비빔밥"),
            q("고기 국수", "고기국수"),
            q("속초 물회가", "속초", "물회"),
            q("제주도에서", "제주"),
            new Query("검색엔진은", List.of(List.of("검색엔진", "검색 엔진"))),
            new Query("메시징 큐의", List.of(List.of("메시징큐", "메시징 큐"))),
            q("데이터베이스가", "데이터베이스"),
            new Query("장애 전파를", List.of(List.of("장애전파", "장애 전파"))),
            q("마이그레이션이", "마이그레이션"));

    private KoreanRelevance() {
    }

    private static Query q(String text, String... concepts) {
        return new Query(text, java.util.Arrays.stream(concepts).map(List::of).toList());
    }

    /**
     * The searchable text of a sample post as the generator wrote it: title, paragraph and quote text, image
     * captions (code blocks hold no Korean), joined by new lines.
     */
    public static String text(Map<String, AttributeValue> post) {
        List<String> parts = new ArrayList<>();
        parts.add(post.get("title").s());
        for (AttributeValue block : post.get("blocks").l()) {
            Map<String, AttributeValue> b = block.m();
            if (b.containsKey("text")) {
                parts.add(b.get("text").s());
            }
            if (b.containsKey("image")) {
                parts.add(b.get("image").m().get("alt").s());
            }
        }
        return String.join("\n", parts);
    }

    /** Whether a sample post exists for {@code n} as first written (the measurement's posts 1..N, revision 0). */
    static Map<String, AttributeValue> post(int n) {
        return SamplePosts.post(n, 0, java.time.Instant.EPOCH);
    }
}
