package io.ddbsync.opensearch.nori;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanNumberFilter;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;

/** {@code nori_number}: normalizes Korean numbers to Arabic digits (삼십이 → 32; no settings). */
final class NoriNumberFilterFactory extends AbstractTokenFilterFactory {
    NoriNumberFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(indexSettings, name, settings);
    }

    @Override
    public TokenStream create(TokenStream input) {
        return new KoreanNumberFilter(input);
    }
}
