package io.ddbsync.opensearch.nori;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.opensearch.index.analysis.AnalyzerProvider;
import org.opensearch.index.analysis.TokenFilterFactory;
import org.opensearch.index.analysis.TokenizerFactory;
import org.opensearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.opensearch.plugins.AnalysisPlugin;
import org.opensearch.plugins.Plugin;

/**
 * Korean analysis for the local OpenSearch 2.19, under the names Amazon OpenSearch Service's nori plugin
 * registers, so an index template written for the service is accepted locally unchanged:
 * tokenizer {@code nori_tokenizer}, token filters {@code nori_part_of_speech}, {@code nori_readingform},
 * {@code nori_number}, and the analyzer {@code nori}. Settings and defaults: {@link NoriSettings}.
 */
public final class KoreanAnalysisPlugin extends Plugin implements AnalysisPlugin {
    static final String TOKENIZER = "nori_tokenizer";
    static final String PART_OF_SPEECH = "nori_part_of_speech";
    static final String READING_FORM = "nori_readingform";
    static final String NUMBER = "nori_number";
    static final String ANALYZER = "nori";

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(TOKENIZER, NoriTokenizerFactory::new);
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
                PART_OF_SPEECH, NoriPartOfSpeechFilterFactory::new,
                READING_FORM, NoriReadingFormFilterFactory::new,
                NUMBER, NoriNumberFilterFactory::new);
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of(ANALYZER, NoriAnalyzerProvider::new);
    }
}
