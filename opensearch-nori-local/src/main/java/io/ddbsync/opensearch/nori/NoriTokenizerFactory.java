package io.ddbsync.opensearch.nori;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.KoreanTokenizer.DecompoundMode;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenizerFactory;

/** {@code nori_tokenizer}: Lucene's {@link KoreanTokenizer} (morphological analysis with the mecab-ko-dic dictionary). */
final class NoriTokenizerFactory extends AbstractTokenizerFactory {
    private final UserDictionary userDictionary;
    private final DecompoundMode decompoundMode;
    private final boolean discardPunctuation;

    NoriTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(indexSettings, settings, name);
        this.decompoundMode = NoriSettings.decompoundMode(settings);
        this.discardPunctuation = NoriSettings.discardPunctuation(settings);
        this.userDictionary = NoriSettings.userDictionary(env, settings);
    }

    @Override
    public Tokenizer create() {
        // unknown words are kept whole, as the service's tokenizer does (no unigram output)
        return new KoreanTokenizer(KoreanTokenizer.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, userDictionary, decompoundMode,
                false, discardPunctuation);
    }
}
