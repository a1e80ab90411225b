package io.memcached4j.transcoder;

/**
 * The flag bits and byte encodings of spymemcached's {@code SerializingTranscoder} (the same in
 * xmemcached), which the built-in transcoders share: bit 0 marks a Java-serialized value, bit 1 a
 * gzip-compressed one, and bits 8 to 15 name a specially encoded type. Numbers are big-endian with
 * their leading zero bytes dropped (0 is empty), booleans are the ASCII digits {@code 1} and
 * {@code 0}, and flags 0 mean a string.
 */
final class SpyFormat {
    static final int SERIALIZED = 1;
    static final int TYPE_MASK = 0xff00;
    static final int BOOLEAN = 1 << 8;
    static final int INT = 2 << 8;
    static final int LONG = 3 << 8;
    static final int DATE = 4 << 8;
    static final int BYTE = 5 << 8;
    static final int FLOAT = 6 << 8;
    static final int DOUBLE = 7 << 8;
    static final int BYTE_ARRAY = 8 << 8;

    private SpyFormat() {
    }

    static byte[] encodeNumber(long number, int width) {
        int length = width;
        while (length > 0 && (number >>> (8 * (length - 1)) & 0xff) == 0) {
            length--;
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[length - 1 - i] = (byte) (number >>> (8 * i));
        }
        return bytes;
    }

    static long decodeNumber(byte[] bytes, int width, int flags) {
        if (bytes.length > width) {
            throw new TranscoderException(bytes.length + " bytes are too many for " + describe(flags));
        }
        long number = 0;
        for (byte b : bytes) {
            number = number << 8 | (b & 0xff);
        }
        return number;
    }

    static byte[] encodeBoolean(boolean value) {
        return new byte[] {(byte) (value ? '1' : '0')};
    }

    static boolean decodeBoolean(byte[] bytes) {
        if (bytes.length != 1) {
            throw new TranscoderException(bytes.length + " bytes are not a boolean, which is one byte");
        }
        return bytes[0] == '1';
    }

    /** Names what the flags say a value holds, for error messages. */
    static String describe(int flags) {
        String what;
        if ((flags & SERIALIZED) != 0) {
            what = "a Java-serialized object";
        } else {
            what = switch (flags & TYPE_MASK) {
                case 0 -> "a string";
                case BOOLEAN -> "a boolean";
                case INT -> "an int";
                case LONG -> "a long";
                case DATE -> "a date";
                case BYTE -> "a byte";
                case FLOAT -> "a float";
                case DOUBLE -> "a double";
                case BYTE_ARRAY -> "a byte array";
                default -> "an unknown type";
            };
        }
        return what + " (flags 0x" + Integer.toHexString(flags) + " in spymemcached's format)";
    }

    static TranscoderException mismatch(String wanted, int flags) {
        return new TranscoderException("the value holds " + describe(flags) + ", not " + wanted);
    }
}
