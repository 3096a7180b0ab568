package io.ddbsync.worker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/**
 * Seed-like admin posts as DynamoDB items: a post made of typed blocks (paragraph, image, quote)
 * with Korean text, about 1 KB of JSON each, deterministic for a given seed.
 */
final class SeedPosts {

    private static final ObjectMapper M = new ObjectMapper();
    private static final String[] SENTENCES = {
        "최근 회사에서 어드민들이 작성한 포스트를 검색할 수 있게 만드는 작업을 진행했었습니다.",
        "포스트는 완전관리형 NoSQL 데이터베이스인 DynamoDB를 사용하여 관리하고 있었는데요.",
        "메시징 큐 같은 대기열을 사용하면 트래픽이 몰려도 지정한 단위로 쪼개서 처리할 수 있습니다.",
        "Elasticsearch에 문제가 생겨도 백엔드에 장애가 전파되지 않도록 분리했습니다.",
        "스트림으로 변경 사항을 받아 람다에서 인덱싱하고 실패하면 재시도합니다.",
        "페이로드 크기 제한 때문에 레코드를 바이트 길이로 나누어 보내야 했습니다.",
        "포스트 블록은 변경이 매우 자주 일어나는 데이터기 때문에 스키마가 자주 바뀝니다.",
        "처음 한 번은 Scan으로 전체 데이터를 읽어서 인덱스에 넣었습니다.",
    };
    private static final String[] TAGS = {"백엔드", "AWS", "검색", "DynamoDB", "람다", "큐", "운영", "인덱싱"};

    private SeedPosts() {
    }

    static ObjectNode item(int n) {
        Random r = new Random(n);
        ObjectNode item = M.createObjectNode();
        item.putObject("id").put("S", String.format("post-%07d", n));
        item.putObject("title").put("S", "다이나모DB 스트림 싱크 " + n + "번째 글");
        item.putObject("author").put("S", "admin-" + r.nextInt(50));
        item.putObject("createdAt").put("N", Long.toString(1_645_228_800L + n));
        item.putObject("views").put("N", Integer.toString(r.nextInt(100_000)));
        ArrayNode tags = item.putObject("tags").putArray("SS");
        tags.add(TAGS[r.nextInt(TAGS.length)]);
        tags.add(TAGS[(r.nextInt(TAGS.length - 1) + 1 + indexOf(tags.get(0).asText())) % TAGS.length]);
        ArrayNode blocks = item.putObject("blocks").putArray("L");
        paragraph(blocks, r, 3);
        ObjectNode image = blocks.addObject().putObject("M");
        image.putObject("type").put("S", "image");
        ObjectNode img = image.putObject("image").putObject("M");
        img.putObject("src").put("S", "https://cdn.example.com/posts/" + n + "/cover.png");
        img.putObject("alt").put("S", "포스트 블록 예시 그림");
        img.putObject("width").put("N", "1280");
        img.putObject("height").put("N", "720");
        paragraph(blocks, r, 2);
        ObjectNode quote = blocks.addObject().putObject("M");
        quote.putObject("type").put("S", "quote");
        quote.putObject("text").put("S", SENTENCES[r.nextInt(SENTENCES.length)]);
        return item;
    }

    private static void paragraph(ArrayNode blocks, Random r, int sentences) {
        ObjectNode p = blocks.addObject().putObject("M");
        p.putObject("type").put("S", "paragraph");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            text.append(SENTENCES[r.nextInt(SENTENCES.length)]).append(' ');
        }
        p.putObject("text").put("S", text.toString().trim());
    }

    private static int indexOf(String tag) {
        for (int i = 0; i < TAGS.length; i++) {
            if (TAGS[i].equals(tag)) {
                return i;
            }
        }
        return 0;
    }
}
