package io.ddbsync.model.pack;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip member built record by record whose exact final size is known before a record is kept,
 * without compressing anything twice (except the one record per message that does not fit).
 *
 * <p>Records are fed to one raw {@link Deflater}. While an upper bound of the size (the exact
 * compressed size at the last flush point plus the worst-case deflate expansion of what was fed
 * since) stays within the room, a record is fed without flushing. Otherwise the deflater is
 * synchronously flushed, which makes the compressed size exact and the output so far a complete,
 * byte-aligned deflate prefix; the record is then fed and flushed, and kept if the exact size
 * fits. If it does not, the output is cut back to the last flush point, which ends a valid
 * stream: {@link #finish} appends a final stored block holding the closing {@code ]}, the CRC-32
 * and length of the kept bytes only (the CRC is updated only with kept records). Flushes happen
 * only when the bound reaches the room, a few per message, so compression stays close to one
 * deflate pass over the message.
 */
final class GzipRecords {

    /** ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255 (unknown). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** A final stored block (BFINAL=1, BTYPE=00) of one byte, LEN=1, NLEN=~1, then ']'. */
    private static final byte[] FINAL_BLOCK = {1, 1, 0, (byte) 0xfe, (byte) 0xff, ']'};
    private static final int TRAILER = 8;
    /** Bytes of the gzip member besides the deflate blocks of the records. */
    static final int FIXED_BYTES = HEADER.length + FINAL_BLOCK.length + TRAILER;

    private final int level;
    private Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] chunk = new byte[16 * 1024];
    private byte[] out = new byte[16 * 1024];
    private int outLength;
    /** Output length at the last synchronous flush: every kept byte is in {@code out[0, cut)}. */
    private int cut;
    /** Kept input bytes fed since the last flush. */
    private long pending;
    private long inputBytes;
    private int records;
    private boolean closed;

    GzipRecords(int level) {
        this.level = level;
        reset();
    }

    /** Starts a new member (ending any previous deflater). */
    void reset() {
        if (deflater != null) {
            deflater.end();
        }
        deflater = new Deflater(level, true);
        crc.reset();
        outLength = 0;
        cut = 0;
        pending = 0;
        inputBytes = 0;
        records = 0;
        closed = false;
        byte[] open = {'['};
        feed(open, Deflater.NO_FLUSH);
        keep(open);
    }

    int records() {
        return records;
    }

    /**
     * Adds a record (its UTF-8 JSON) if the whole member, finished after it, takes at most
     * {@code room} bytes. After a refusal only {@link #finish} may be called.
     */
    boolean tryAdd(byte[] record, int room) {
        if (closed) {
            throw new IllegalStateException("a record was refused; finish this member first");
        }
        byte[] piece = records == 0 ? record : withComma(record);
        if (outLength + bound(pending + piece.length) + FIXED_BYTES <= room) {
            feed(piece, Deflater.NO_FLUSH);
            pending += piece.length;
            keep(piece);
            return true;
        }
        if (pending > 0) {
            flush();
            if (outLength + bound(piece.length) + FIXED_BYTES <= room) {
                feed(piece, Deflater.NO_FLUSH);
                pending = piece.length;
                keep(piece);
                return true;
            }
        }
        feed(piece, Deflater.SYNC_FLUSH);
        if (outLength + FIXED_BYTES <= room) {
            cut = outLength;
            keep(piece);
            return true;
        }
        outLength = cut;
        closed = true;
        return false;
    }

    /** The finished gzip member: everything kept, then {@code ]}. Ends the deflater. */
    byte[] finish() {
        if (!closed && pending > 0) {
            flush();
        }
        int length = cut;
        crc.update(']');
        inputBytes += 1;
        byte[] gzip = new byte[HEADER.length + length + FINAL_BLOCK.length + TRAILER];
        System.arraycopy(HEADER, 0, gzip, 0, HEADER.length);
        System.arraycopy(out, 0, gzip, HEADER.length, length);
        System.arraycopy(FINAL_BLOCK, 0, gzip, HEADER.length + length, FINAL_BLOCK.length);
        int t = HEADER.length + length + FINAL_BLOCK.length;
        writeIntLe(gzip, t, crc.getValue());
        writeIntLe(gzip, t + 4, inputBytes);
        deflater.end();
        deflater = null;
        return gzip;
    }

    /** Frees the deflater without producing anything. */
    void discard() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }

    /**
     * An upper bound of the deflate output for {@code n} input bytes plus a synchronous flush:
     * stored or fixed-Huffman blocks never take more than 9/8 of the input, plus block headers,
     * the bits the deflater holds back and the empty stored block of the flush.
     */
    static long bound(long n) {
        return n + (n >> 3) + (n >> 6) + 64;
    }

    private void flush() {
        feed(new byte[0], Deflater.SYNC_FLUSH);
        cut = outLength;
        pending = 0;
    }

    private void keep(byte[] piece) {
        crc.update(piece);
        inputBytes += piece.length;
        if (piece[0] != '[') {
            records++;
        }
    }

    private void feed(byte[] input, int flush) {
        deflater.setInput(input);
        if (flush == Deflater.NO_FLUSH) {
            while (!deflater.needsInput()) {
                append(deflater.deflate(chunk, 0, chunk.length, Deflater.NO_FLUSH));
            }
            return;
        }
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, flush);
            append(n);
        } while (n == chunk.length || !deflater.needsInput());
    }

    private void append(int n) {
        if (outLength + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + n));
        }
        System.arraycopy(chunk, 0, out, outLength, n);
        outLength += n;
    }

    private static byte[] withComma(byte[] record) {
        byte[] piece = new byte[record.length + 1];
        piece[0] = ',';
        System.arraycopy(record, 0, piece, 1, record.length);
        return piece;
    }

    private static void writeIntLe(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
