package io.ddbsync.opensearch.nori;

import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.POS;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;

/** {@code nori_part_of_speech}: removes tokens whose part of speech is in {@code stoptags}. */
final class NoriPartOfSpeechFilterFactory extends AbstractTokenFilterFactory {
    private final Set<POS.Tag> stopTags;

    NoriPartOfSpeechFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(indexSettings, name, settings);
        this.stopTags = NoriSettings.stopTags(env, settings);
    }

    @Override
    public TokenStream create(TokenStream input) {
        return new KoreanPartOfSpeechStopFilter(input, stopTags);
    }
}
