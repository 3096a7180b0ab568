package io.ddbsync.opensearch.nori;

import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractIndexAnalyzerProvider;

/**
 * The {@code nori} analyzer: {@code nori_tokenizer}, {@code nori_part_of_speech}, {@code nori_readingform} and
 * {@code lowercase} in one ({@link KoreanAnalyzer}); settings {@code decompound_mode}, {@code user_dictionary} /
 * {@code user_dictionary_rules} and {@code stoptags}.
 */
final class NoriAnalyzerProvider extends AbstractIndexAnalyzerProvider<KoreanAnalyzer> {
    private final KoreanAnalyzer analyzer;

    NoriAnalyzerProvider(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(indexSettings, name, settings);
        this.analyzer = new KoreanAnalyzer(NoriSettings.userDictionary(env, settings), NoriSettings.decompoundMode(settings),
                NoriSettings.stopTags(env, settings), false);
    }

    @Override
    public KoreanAnalyzer get() {
        return analyzer;
    }
}
