package io.ddbsync.opensearch.nori;

import java.io.IOException;
import java.io.StringReader;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer.DecompoundMode;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.analysis.Analysis;

/**
 * The settings of the nori components, with the keys and defaults of OpenSearch's analysis-nori plugin:
 * <ul>
 *   <li>{@value #DECOMPOUND_MODE}: {@code none}, {@code discard} (default) or {@code mixed};</li>
 *   <li>{@value #DISCARD_PUNCTUATION} (tokenizer only): default {@code true};</li>
 *   <li>{@value #USER_DICTIONARY_RULES} (a list of entries) or {@value #USER_DICTIONARY} (a file relative to
 *       the node's config directory), not both; none by default;</li>
 *   <li>{@value #STOPTAGS} (or {@code stoptags_path}): part-of-speech tags to remove, default Lucene's
 *       {@link KoreanPartOfSpeechStopFilter#DEFAULT_STOP_TAGS} (endings, particles such as 를/에서, …).</li>
 * </ul>
 * A bad value is an {@link IllegalArgumentException} naming the setting: OpenSearch refuses the index with 400.
 */
final class NoriSettings {
    static final String DECOMPOUND_MODE = "decompound_mode";
    static final String DISCARD_PUNCTUATION = "discard_punctuation";
    static final String USER_DICTIONARY = "user_dictionary";
    static final String USER_DICTIONARY_RULES = "user_dictionary_rules";
    static final String STOPTAGS = "stoptags";

    private NoriSettings() {
    }

    static DecompoundMode decompoundMode(Settings settings) {
        String value = settings.get(DECOMPOUND_MODE);
        if (value == null) {
            return DecompoundMode.DISCARD;
        }
        for (DecompoundMode mode : DecompoundMode.values()) {
            if (mode.name().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("[" + DECOMPOUND_MODE + "] must be one of [none, discard, mixed], got [" + value + "]");
    }

    static boolean discardPunctuation(Settings settings) {
        return settings.getAsBoolean(DISCARD_PUNCTUATION, true);
    }

    /** The user dictionary, or null when neither setting is given. */
    static UserDictionary userDictionary(Environment env, Settings settings) {
        if (settings.get(USER_DICTIONARY) != null && settings.get(USER_DICTIONARY_RULES) != null) {
            throw new IllegalArgumentException("[" + USER_DICTIONARY + "] and [" + USER_DICTIONARY_RULES
                    + "] cannot be used together");
        }
        List<String> rules = Analysis.parseWordList(env, settings, USER_DICTIONARY, USER_DICTIONARY_RULES, line -> line);
        if (rules == null || rules.isEmpty()) {
            return null;
        }
        try {
            return UserDictionary.open(new StringReader(String.join("\n", rules)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the nori user dictionary from ["
                    + (settings.get(USER_DICTIONARY) != null ? USER_DICTIONARY : USER_DICTIONARY_RULES) + "]", e);
        }
    }

    static Set<POS.Tag> stopTags(Environment env, Settings settings) {
        List<String> names = Analysis.parseWordList(env, settings, STOPTAGS, name -> name);
        if (names == null) {
            return KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS;
        }
        Set<POS.Tag> tags = EnumSet.noneOf(POS.Tag.class);
        for (String name : names) {
            try {
                tags.add(POS.resolveTag(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[" + STOPTAGS + "] has an unknown part-of-speech tag [" + name
                        + "]; known: " + EnumSet.allOf(POS.Tag.class), e);
            }
        }
        return tags;
    }
}
