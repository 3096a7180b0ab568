package io.ddbsync.opensearch.nori;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;

/** {@code nori_readingform}: replaces Hanja by their Hangul reading (no settings). */
final class NoriReadingFormFilterFactory extends AbstractTokenFilterFactory {
    NoriReadingFormFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(indexSettings, name, settings);
    }

    @Override
    public TokenStream create(TokenStream input) {
        return new KoreanReadingFormFilter(input);
    }
}
