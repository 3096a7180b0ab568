package io.ddbsync.testbench.local;

import io.ddbsync.model.shape.Shaping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Posts shaped like the seed post's: an admin-written post of typed blocks (paragraph, image {src,
 * alt, width, height}, quote, code) with Korean text. Deterministic per id: post {@code n} always has
 * the same title; edits change its blocks and counters.
 *
 * <p>The Korean is written as Korean is: particles and endings attached to the words ("춘천에서 닭갈비를
 * 먹으며 검색엔진을 정리했다"), never a word standing alone. Each post is a trip to a place
 * ({@link #placeWord}), a dish eaten there ({@link #dish}) — the place's own dish two times in three — and a
 * subject ({@link #subject}); its title, first paragraph and image captions say them, the other paragraphs and
 * quotes are sentences of the seed post. What a post says is therefore known from {@code n} alone, which is
 * what the relevance set of the Korean search measurement ({@code KoreanRelevance}) is derived from.
 */
public final class SamplePosts {

    /** Subjects of the posts (the seed post's topics). */
    static final List<String> SUBJECTS = List.of(
            "검색엔진", "동기화", "메시징큐", "장애전파", "백엔드", "인덱싱", "스트림", "데이터베이스", "트래픽", "재시도",
            "람다", "페이지네이션", "스키마", "마이그레이션", "서버리스", "대기열", "클라이언트", "인프라", "어드민", "블록");
    static final List<String> PLACES = List.of(
            "서울", "부산", "제주", "대전", "광주", "인천", "수원", "춘천", "강릉", "전주", "포항", "여수", "목포", "안동", "경주",
            "속초", "청주", "울산", "세종", "원주", "군산", "통영", "남해", "양양", "평창", "김해", "창원", "진주", "순천", "익산");
    /** Dishes; place {@code i} of {@link #PLACES} has dish {@code i % 10} as its own (춘천 닭갈비, 부산 돼지국밥, 안동 찜닭…). */
    static final List<String> DISHES = List.of(
            "칼국수", "돼지국밥", "고기국수", "찜닭", "떡갈비", "물회", "왕갈비", "닭갈비", "초당순두부", "비빔밥");
    static final List<String> TAGS = List.of("백엔드", "AWS", "DynamoDB", "Elasticsearch", "OpenSearch", "Lambda", "SQS", "검색");

    private static final List<String> SENTENCES = load();

    private SamplePosts() {
    }

    /** {@code post-00001}, …: the partition key of post {@code n}. */
    public static String id(int n) {
        return String.format("post-%05d", n);
    }

    /** The place post {@code n} is about, e.g. "춘천"; its title says it with a particle ("춘천에서", "춘천의"). */
    public static String placeWord(int n) {
        return PLACES.get(placeIndex(n));
    }

    /** The dish of post {@code n}: its place's own dish, except every third time the place comes round (another dish). */
    public static String dish(int n) {
        int own = placeIndex(n) % DISHES.size();
        // a place comes round every 30 posts; every third time round, one of the nine other dishes, in turn
        int round = Math.floorMod(n / PLACES.size(), 3 * (DISHES.size() - 1));
        return DISHES.get(round % 3 == 2 ? (own + 1 + round / 3) % DISHES.size() : own);
    }

    /** The subject of post {@code n}, e.g. "검색엔진". */
    public static String subject(int n) {
        return SUBJECTS.get(Math.floorMod(n, SUBJECTS.size()));
    }

    private static int placeIndex(int n) {
        return Math.floorMod(n * 7, PLACES.size());
    }

    /** A sentence: place, dish and subject with their particles, in one of three shapes by {@code n}. */
    public static String title(int n) {
        String place = placeWord(n);
        String dish = dish(n);
        String subject = subject(n);
        return switch (Math.floorMod(n + n / PLACES.size(), 3)) {
            case 0 -> place + "에서 " + Josa.object(dish) + " 먹으며 " + Josa.object(subject) + " 정리했다 #" + n;
            case 1 -> Josa.object(subject) + " 고민하다가 " + place + "에서 " + Josa.object(dish) + " 먹었다 #" + n;
            default -> place + "의 " + Josa.and(dish) + " 함께한 " + subject + "에 대한 이야기 #" + n;
        };
    }

    /** The first space-separated word of post {@code n}'s title that contains {@code part}, e.g. "춘천에서" for "춘천". */
    public static String titleWordWith(int n, String part) {
        for (String w : title(n).split(" ")) {
            if (w.contains(part)) {
                return w;
            }
        }
        throw new IllegalArgumentException("the title of post " + n + " does not say " + part);
    }

    /** The field the demo's shaping flattens every post's blocks into (paragraph and quote text, image alt, code). */
    public static final String BODY_TEXT = "body_text";

    /**
     * The demo's shaping of {@code table}: its typed blocks flattened into one text field, {@value #BODY_TEXT}, so a
     * word of any paragraph, quote, image caption or code block finds the post — the definition the worker uses, and
     * what {@code ddbsync reconcile --shaping} and {@code reindex --shaping} take as JSON ({@link Shaping#toJson()}).
     */
    public static Shaping shaping(String table) {
        return Shaping.parse("{\"" + table + "\":[{\"flatten_blocks\":{\"from\":\"blocks\",\"to\":\"" + BODY_TEXT + "\"}}]}");
    }

    /** Post {@code n} at edit {@code revision} (0 = as first written). */
    public static Map<String, AttributeValue> post(int n, int revision, Instant now) {
        Random random = new Random(n * 1_000_003L + revision);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS(id(n)));
        item.put("title", AttributeValue.fromS(title(n)));
        item.put("author", AttributeValue.fromS("admin" + (n % 7 + 1)));
        item.put("status", AttributeValue.fromS(n % 10 == 0 ? "draft" : "published"));
        item.put("revision", AttributeValue.fromN(Integer.toString(revision)));
        item.put("viewCount", AttributeValue.fromN(Integer.toString(random.nextInt(10_000))));
        item.put("rating", AttributeValue.fromN(String.format("%d.%d", 1 + random.nextInt(4), random.nextInt(10))));
        item.put("updatedAt", AttributeValue.fromS(now.toString()));
        List<String> tags = new ArrayList<>();
        for (String t : TAGS) {
            if (random.nextInt(3) == 0) {
                tags.add(t);
            }
        }
        if (tags.isEmpty()) {
            tags.add(TAGS.get(n % TAGS.size()));
        }
        item.put("tags", AttributeValue.fromSs(tags));
        item.put("blocks", AttributeValue.fromL(blocks(n, random)));
        return item;
    }

    private static List<AttributeValue> blocks(int n, Random random) {
        List<AttributeValue> blocks = new ArrayList<>();
        int count = 3 + random.nextInt(6);
        for (int b = 0; b < count; b++) {
            int kind = b == 0 ? 0 : random.nextInt(10);
            Map<String, AttributeValue> block = new LinkedHashMap<>();
            if (b == 0) {
                block.put("type", AttributeValue.fromS("paragraph"));
                block.put("text", AttributeValue.fromS(placeWord(n) + "에 도착하자마자 " + Josa.object(dish(n)) + " 주문했습니다. "
                        + sentence(random)));
            } else if (kind < 6) {
                block.put("type", AttributeValue.fromS("paragraph"));
                block.put("text", AttributeValue.fromS(sentence(random) + " " + sentence(random)));
            } else if (kind < 8) {
                block.put("type", AttributeValue.fromS("image"));
                Map<String, AttributeValue> image = new LinkedHashMap<>();
                image.put("src", AttributeValue.fromS("https://images.example.com/posts/" + id(n) + "/" + b + ".png"));
                image.put("alt", AttributeValue.fromS(placeWord(n) + "에서 그린 " + SUBJECTS.get(random.nextInt(SUBJECTS.size()))
                        + " 다이어그램"));
                image.put("width", AttributeValue.fromN(Integer.toString(320 + 64 * random.nextInt(20))));
                image.put("height", AttributeValue.fromN(Integer.toString(240 + 48 * random.nextInt(15))));
                block.put("image", AttributeValue.fromM(image));
            } else if (kind < 9) {
                block.put("type", AttributeValue.fromS("quote"));
                block.put("text", AttributeValue.fromS(sentence(random)));
            } else {
                block.put("type", AttributeValue.fromS("code"));
                block.put("language", AttributeValue.fromS("typescript"));
                block.put("code", AttributeValue.fromS("const post = Post.get(\"" + id(n) + "\");\nelasticsearch.index(post);"));
            }
            blocks.add(AttributeValue.fromM(block));
        }
        return blocks;
    }

    private static String sentence(Random random) {
        return SENTENCES.get(random.nextInt(SENTENCES.size()));
    }

    private static List<String> load() {
        try (InputStream in = SamplePosts.class.getResourceAsStream("/sample-sentences.txt")) {
            if (in == null) {
                throw new IllegalStateException("sample-sentences.txt is missing from the class path");
            }
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample-sentences.txt", e);
        }
    }
}
