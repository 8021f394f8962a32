package io.pools4j.multiprocessing;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The element types of {@link Value} and {@link Array}, by Python's type codes (those of the
 * {@code array} module and {@code multiprocessing.sharedctypes}), with the sizes C has on
 * 64-bit Linux. Reads and writes are volatile, so every process sees a write at once.
 * Unsigned codes read as the next wider Java type ('B', 'H' as int, 'I' as long); 'L' and 'Q' read
 * as long, so values above Long.MAX_VALUE come out negative.
 */
enum CType {
    CHAR('c', 1), BYTE('b', 1), UBYTE('B', 1), SHORT('h', 2), USHORT('H', 2), INT('i', 4), UINT('I', 4),
    LONG('l', 8), ULONG('L', 8), LONGLONG('q', 8), ULONGLONG('Q', 8), FLOAT('f', 4), DOUBLE('d', 8);

    final char code;
    final int size;

    CType(char code, int size) {
        this.code = code;
        this.size = size;
    }

    static CType of(String typecode) {
        if (typecode != null && typecode.length() == 1) {
            for (CType t : values()) {
                if (t.code == typecode.charAt(0)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown type code " + (typecode == null ? "null" : "'" + typecode + "'")
                + "; use one of c b B h H i I l L q Q f d, as in Python's array module");
    }

    static CType of(char code) {
        return of(String.valueOf(code));
    }

    Number get(UnsafeBuffer b, int offset) {
        return switch (this) {
            case CHAR, BYTE -> b.getByteVolatile(offset);
            case UBYTE -> b.getByteVolatile(offset) & 0xff;
            case SHORT -> b.getShortVolatile(offset);
            case USHORT -> b.getShortVolatile(offset) & 0xffff;
            case INT -> b.getIntVolatile(offset);
            case UINT -> b.getIntVolatile(offset) & 0xffff_ffffL;
            case LONG, ULONG, LONGLONG, ULONGLONG -> b.getLongVolatile(offset);
            case FLOAT -> Float.intBitsToFloat(b.getIntVolatile(offset));
            case DOUBLE -> Double.longBitsToDouble(b.getLongVolatile(offset));
        };
    }

    void put(UnsafeBuffer b, int offset, Number value) {
        if (value == null) {
            throw new IllegalArgumentException("a shared '" + code + "' cannot hold null");
        }
        switch (this) {
            case CHAR, BYTE, UBYTE -> b.putByteVolatile(offset, value.byteValue());
            case SHORT, USHORT -> b.putShortVolatile(offset, value.shortValue());
            case INT, UINT -> b.putIntVolatile(offset, value.intValue());
            case LONG, ULONG, LONGLONG, ULONGLONG -> b.putLongVolatile(offset, value.longValue());
            case FLOAT -> b.putIntVolatile(offset, Float.floatToRawIntBits(value.floatValue()));
            case DOUBLE -> b.putLongVolatile(offset, Double.doubleToRawLongBits(value.doubleValue()));
        }
    }
}
