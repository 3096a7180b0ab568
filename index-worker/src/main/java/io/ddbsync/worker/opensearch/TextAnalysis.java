package io.ddbsync.worker.opensearch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.config.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How an index analyses its text fields: the analysis settings ddbsync adds to the index's template as
 * the index's {@code default} analyzer (OpenSearch uses it, at index and search time, for every
 * {@code text} field that names no analyzer of its own — the default mappings' strings and any custom
 * template's unanalysed text fields). Chosen per index by {@value IndexTemplates#TEXT_ANALYSIS_ENV}.
 *
 * <ul>
 *   <li>{@link #STANDARD} — OpenSearch's {@code standard} analyzer; nothing added. Korean words keep their
 *       particles ("닭갈비를" is one token), so {@code 닭갈비} does not find it.</li>
 *   <li>{@link #CJK} — the built-in {@code cjk} analyzer: overlapping bigrams of Hangul/Han/Kana. Finds
 *       words with particles, and many posts that only share a syllable pair.</li>
 *   <li>{@link #KOREAN} — nori, under the names Amazon OpenSearch Service's Nori Analysis plugin registers
 *       ({@code nori_tokenizer}, {@code nori_part_of_speech}, {@code nori_readingform}); locally the same names
 *       come from the module opensearch-nori-local. The tokenizer runs with {@code decompound_mode: mixed}: a
 *       dictionary compound (닭갈비) is indexed whole and as its parts (닭, 갈비), so the compound, its parts
 *       and the word with particles attached all find it, and an exact compound ranks first. The domain must
 *       have the Nori plugin (an optional plugin on OpenSearch Service: associate it before deploying); without
 *       it index creation fails with 400 naming {@code nori_tokenizer}.</li>
 * </ul>
 */
public enum TextAnalysis {
    STANDARD,
    CJK,
    KOREAN;

    /** The tokenizer name {@link #KOREAN} declares in the index's settings. */
    public static final String KOREAN_TOKENIZER = "ddbsync_korean";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The lower-case name used in configuration ({@code standard}, {@code cjk}, {@code korean}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws ConfigException naming {@code variable} for an unknown name */
    public static TextAnalysis of(String variable, String text) {
        for (TextAnalysis a : values()) {
            if (a.configName().equals(text.trim())) {
                return a;
            }
        }
        throw new ConfigException(variable, "unknown text analysis '" + text + "' (one of "
                + Arrays.stream(values()).map(TextAnalysis::configName).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * The {@code analysis} settings object this analysis adds ({@code {"analyzer":{"default":…}, "tokenizer":…}}),
     * empty for {@link #STANDARD}.
     */
    public Optional<ObjectNode> analysisSettings() {
        ObjectNode analysis = F.objectNode();
        switch (this) {
            case STANDARD -> {
                return Optional.empty();
            }
            case CJK -> analysis.putObject("analyzer").putObject("default").put("type", "cjk");
            case KOREAN -> {
                ObjectNode analyzer = analysis.putObject("analyzer").putObject("default");
                analyzer.put("type", "custom").put("tokenizer", KOREAN_TOKENIZER);
                analyzer.putArray("filter").add("nori_part_of_speech").add("nori_readingform").add("lowercase");
                analysis.putObject("tokenizer").putObject(KOREAN_TOKENIZER)
                        .put("type", "nori_tokenizer").put("decompound_mode", "mixed");
            }
        }
        return Optional.of(analysis);
    }
}
