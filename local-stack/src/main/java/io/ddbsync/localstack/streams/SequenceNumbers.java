package io.ddbsync.localstack.streams;

/**
 * Stream sequence numbers: a positive counter {@code n} written as "1" followed by {@code n} in 20 digits, so every
 * sequence number has 21 digits and string order, numeric order and write order agree.
 */
final class SequenceNumbers {
    private static final int DIGITS = 20;

    private SequenceNumbers() {
    }

    static String format(long n) {
        return "1" + String.format("%0" + DIGITS + "d", n);
    }

    /** The counter of a sequence number this emulator issued; anything else is a {@code ValidationException}. */
    static long parse(String sequenceNumber) {
        if (sequenceNumber == null || sequenceNumber.length() != DIGITS + 1 || sequenceNumber.charAt(0) != '1'
                || !sequenceNumber.chars().allMatch(Character::isDigit)) {
            throw ApiErrorException.validation("Invalid SequenceNumber: " + sequenceNumber);
        }
        return Long.parseLong(sequenceNumber.substring(1));
    }
}
