package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SamplePostsTest {

    @Test
    void title_eachShape_sentenceWithParticlesAttached() {
        assertThat(SamplePosts.title(1)).isEqualTo("동기화를 고민하다가 춘천에서 닭갈비를 먹었다 #1");
        assertThat(SamplePosts.title(2)).isEqualTo("경주의 떡갈비와 함께한 메시징큐에 대한 이야기 #2");
        assertThat(SamplePosts.title(3)).isEqualTo("통영에서 돼지국밥을 먹으며 장애전파를 정리했다 #3");
    }

    @Test
    void dish_twoPostsInThree_thePlacesOwnDish() {
        long own = java.util.stream.IntStream.rangeClosed(1, 600)
                .filter(n -> SamplePosts.dish(n).equals(SamplePosts.DISHES.get(SamplePosts.PLACES.indexOf(SamplePosts.placeWord(n)) % 10)))
                .count();

        // posts 1-600: rounds 2, 5, 8, 11, 14, 17 of the 30 places (180 posts) and post 600 (round 20) eat another dish
        assertThat(own).isEqualTo(419L);
    }

    @Test
    void post_firstParagraph_saysPlaceAndDishWithParticles() {
        Map<String, AttributeValue> post = SamplePosts.post(1, 0, Instant.EPOCH);

        String first = post.get("blocks").l().get(0).m().get("text").s();

        assertThat(first).startsWith("춘천에 도착하자마자 닭갈비를 주문했습니다. ");
        assertThat(post.get("title").s()).contains("춘천에서").contains("닭갈비를");
    }

    @Test
    void josa_followsTheLastSyllable() {
        assertThat(Josa.object("검색엔진")).isEqualTo("검색엔진을");
        assertThat(Josa.object("닭갈비")).isEqualTo("닭갈비를");
        assertThat(Josa.and("찜닭")).isEqualTo("찜닭과");
        assertThat(Josa.and("물회")).isEqualTo("물회와");
        assertThat(Josa.object("SQS")).isEqualTo("SQS를");
    }
}
