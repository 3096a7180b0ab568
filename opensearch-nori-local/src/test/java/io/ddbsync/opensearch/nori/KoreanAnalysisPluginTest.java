package io.ddbsync.opensearch.nori;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.Version;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.TokenFilterFactory;
import org.opensearch.index.analysis.TokenizerFactory;

/**
 * The components as OpenSearch builds them from an index's analysis settings (names, settings keys, defaults).
 * The real node loading the plugin is shown by local-stack's {@code KoreanAnalysisIT}.
 */
class KoreanAnalysisPluginTest {
    private static final String SENTENCE = "춘천에서 닭갈비를 먹었다";

    @TempDir
    Path home;

    private final KoreanAnalysisPlugin plugin = new KoreanAnalysisPlugin();

    @Test
    void registers_theServiceNames() {
        assertThat(plugin.getTokenizers()).containsOnlyKeys("nori_tokenizer");
        assertThat(plugin.getTokenFilters()).containsOnlyKeys("nori_part_of_speech", "nori_readingform", "nori_number");
        assertThat(plugin.getAnalyzers()).containsOnlyKeys("nori");
    }

    @Test
    void tokenizerThenPartOfSpeech_defaults_dropParticlesAndEndingsAndSplitCompounds() throws IOException {
        List<String> tokens = analyze(tokenizer(Settings.EMPTY), filter("nori_part_of_speech", Settings.EMPTY), SENTENCE);

        // 닭갈비 is a compound in the dictionary (닭 + 갈비); decompound_mode discard keeps the parts only
        assertThat(tokens).containsExactly("춘천", "닭", "갈비", "먹");
    }

    @Test
    void tokenizerThenPartOfSpeech_mixed_keepsCompoundBesideItsParts() throws IOException {
        List<String> tokens = analyze(tokenizer(Settings.builder().put("decompound_mode", "mixed").build()),
                filter("nori_part_of_speech", Settings.EMPTY), SENTENCE);

        assertThat(tokens).containsExactly("춘천", "닭갈비", "닭", "갈비", "먹");
    }

    @Test
    void tokenizerAlone_defaults_keepsParticlesAsTokens() throws IOException {
        assertThat(analyze(tokenizer(Settings.EMPTY), null, SENTENCE)).containsExactly("춘천", "에서", "닭", "갈비", "를", "먹", "었", "다");
    }

    @Test
    void decompoundMode_mixedVersusNone_keepsCompoundOnlyWhenAsked() throws IOException {
        List<String> mixed = analyze(tokenizer(Settings.builder().put("decompound_mode", "mixed").build()), null, "가곡역");
        List<String> none = analyze(tokenizer(Settings.builder().put("decompound_mode", "none").build()), null, "가곡역");
        List<String> discard = analyze(tokenizer(Settings.EMPTY), null, "가곡역");

        assertThat(mixed).containsExactly("가곡역", "가곡", "역");
        assertThat(none).containsExactly("가곡역");
        assertThat(discard).containsExactly("가곡", "역");
    }

    @Test
    void decompoundMode_unknownValue_failsNamingSettingAndChoices() {
        assertThatThrownBy(() -> tokenizer(Settings.builder().put("decompound_mode", "split").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[decompound_mode]").hasMessageContaining("none, discard, mixed").hasMessageContaining("split");
    }

    @Test
    void discardPunctuation_false_keepsPunctuation() throws IOException {
        Settings keep = Settings.builder().put("discard_punctuation", false).build();

        assertThat(analyze(tokenizer(keep), null, "닭갈비!")).contains("!");
        assertThat(analyze(tokenizer(Settings.EMPTY), null, "닭갈비!")).doesNotContain("!");
    }

    @Test
    void userDictionaryRules_givenCompound_splitsAsTheRuleSays() throws IOException {
        Settings rules = Settings.builder().putList("user_dictionary_rules", "세종시 세종 시").build();

        assertThat(analyze(tokenizer(rules), null, "세종시")).containsExactly("세종", "시");
    }

    @Test
    void userDictionary_bothFileAndRules_refusedNamingBoth() {
        Settings both = Settings.builder().put("user_dictionary", "user_dict.txt").putList("user_dictionary_rules", "세종시").build();

        assertThatThrownBy(() -> tokenizer(both)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[user_dictionary]").hasMessageContaining("[user_dictionary_rules]");
    }

    @Test
    void stoptags_given_removeOnlyThoseTags() throws IOException {
        Settings nounsOut = Settings.builder().putList("stoptags", "NNP", "NNG").build();

        List<String> tokens = analyze(tokenizer(Settings.EMPTY), filter("nori_part_of_speech", nounsOut), SENTENCE);

        assertThat(tokens).doesNotContain("춘천", "닭갈비").contains("에서", "를");
    }

    @Test
    void stoptags_unknownTag_failsNamingTag() {
        Settings bad = Settings.builder().putList("stoptags", "NOPE").build();

        assertThatThrownBy(() -> filter("nori_part_of_speech", bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[stoptags]").hasMessageContaining("NOPE");
    }

    @Test
    void readingForm_hanja_becomesHangul() throws IOException {
        assertThat(analyze(tokenizer(Settings.EMPTY), filter("nori_readingform", Settings.EMPTY), "鄕歌")).containsExactly("향가");
    }

    @Test
    void number_koreanNumerals_becomeDigits() throws IOException {
        assertThat(analyze(tokenizer(Settings.builder().put("discard_punctuation", false).build()),
                filter("nori_number", Settings.EMPTY), "삼십이")).containsExactly("32");
    }

    @Test
    void noriAnalyzer_defaults_nounsOnlyAndLowercased() throws IOException {
        Analyzer analyzer = plugin.getAnalyzers().get("nori").get(indexSettings(), environment(), "nori", Settings.EMPTY).get();

        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("f", SENTENCE + " OpenSearch")) {
            collect(stream, tokens);
        }

        assertThat(tokens).containsExactly("춘천", "닭", "갈비", "먹", "opensearch");
    }

    private TokenizerFactory tokenizer(Settings settings) throws IOException {
        return plugin.getTokenizers().get("nori_tokenizer").get(indexSettings(), environment(), "t", settings);
    }

    private TokenFilterFactory filter(String name, Settings settings) throws IOException {
        return plugin.getTokenFilters().get(name).get(indexSettings(), environment(), "f", settings);
    }

    private static List<String> analyze(TokenizerFactory tokenizerFactory, TokenFilterFactory filter, String text) throws IOException {
        Tokenizer tokenizer = tokenizerFactory.create();
        tokenizer.setReader(new StringReader(text));
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = filter == null ? tokenizer : filter.create(tokenizer)) {
            collect(stream, tokens);
        }
        return tokens;
    }

    private static void collect(TokenStream stream, List<String> into) throws IOException {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
            into.add(term.toString());
        }
        stream.end();
    }

    private Environment environment() {
        return new Environment(Settings.builder().put("path.home", home.toString()).build(), home.resolve("config"));
    }

    private static IndexSettings indexSettings() {
        Settings settings = Settings.builder()
                .put(IndexMetadata.SETTING_VERSION_CREATED, Version.CURRENT)
                .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, 1)
                .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 0)
                .build();
        return new IndexSettings(IndexMetadata.builder("korean").settings(settings).build(), Settings.EMPTY);
    }
}
