package io.ddbsync.testbench.local;

/**
 * Korean particles (조사) attached to a word, in the form its last syllable asks for: after a final consonant
 * (받침) 을, 과; after a vowel 를, 와. A word not ending in a Hangul syllable takes the vowel form.
 */
final class Josa {

    private static final char FIRST_SYLLABLE = '가';
    private static final char LAST_SYLLABLE = '힣';
    /** Hangul syllables come in blocks of 28 final-consonant variants, the first without one. */
    private static final int FINALS = 28;

    private Josa() {
    }

    /** The word with its object particle: 닭갈비를, 검색엔진을. */
    static String object(String word) {
        return word + (hasFinalConsonant(word) ? "을" : "를");
    }

    /** The word with its "and / with" particle: 물회와, 떡갈비와, 찜닭과. */
    static String and(String word) {
        return word + (hasFinalConsonant(word) ? "과" : "와");
    }

    static boolean hasFinalConsonant(String word) {
        if (word.isEmpty()) {
            return false;
        }
        char last = word.charAt(word.length() - 1);
        return last >= FIRST_SYLLABLE && last <= LAST_SYLLABLE && (last - FIRST_SYLLABLE) % FINALS != 0;
    }
}
