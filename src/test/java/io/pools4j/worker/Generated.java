package io.pools4j.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Generated inputs for the fuzz tests: {@link #forAll} runs a property N times, each try with its
 * own {@link RandomGenerator} seeded from a fixed base seed, the test's name and the try number, so
 * every run feeds the same inputs and any one try can be replayed alone. Each input a try draws is
 * recorded under a name, and a failing try's message names the seed, the try and those inputs
 * (bytes in hex, truncated).
 *
 * <pre>
 *   -Dpools4j.fuzz.seed=0x...   another base seed (default {@link #BASE_SEED}): other inputs
 *   -Dpools4j.fuzz.tries=10     each property's tries times 10 (0.1 for a quick look; at least 1)
 *   -Dpools4j.fuzz.try=17       only try 17 of each property run: the replay of a failure
 * </pre>
 *
 * <p>Generators lean towards edges, as property-based tools do: lengths are often 0 or the
 * maximum, numbers often -1, 0, 1, a sign bit or a size of memory.
 *
 * <p><b>Python:</b> none in the library; CPython's tests reach for {@code random.Random(seed)} the
 * same way (e.g. {@code test_random}, {@code test_heapq}), and Hypothesis prints the failing example.
 */
final class Generated {

    /** The default base seed: fixed, so a run is repeatable and a failure in CI fails again locally. */
    static final long BASE_SEED = 0x5EED_F022_2026_1203L;
    /** Hex shown of a byte array in a failure message: enough to recognise a header and some payload. */
    private static final int SHOWN_BYTES = 64;
    /** Characters shown of any other input. */
    private static final int SHOWN_CHARS = 300;

    /** Int32 values that codecs get wrong: signs, zero, one, and sizes of memory. */
    static final int[] EDGE_INTS = {-1, 0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, (1 << 30) + 1,
        0x7fff_fff0, 0xffff, 0x1_0000, 1 << 20, 1 << 24};
    private static final long[] EDGE_LONGS = {-1, 0, 1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE,
        Integer.MIN_VALUE, 1L << 32};
    private static final double[] EDGE_DOUBLES = {0.0, -0.0, 1.0, -1.0, Double.MAX_VALUE, Double.MIN_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    /** One try of a property; it draws its inputs from {@code g}. */
    @FunctionalInterface
    interface Try {
        void run(Generated g) throws Exception;
    }

    private final RandomGenerator random;
    private final List<String> drawn = new ArrayList<>();

    private Generated(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Runs {@code property} {@code tries} times (times {@code pools4j.fuzz.tries}), each with fresh
     * inputs; the first failing try ends the test with an AssertionError naming the seed, the try
     * and the inputs, caused by what the try threw.
     */
    static void forAll(int tries, Try property) {
        StackWalker.StackFrame test = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow();
        String name = test.getClassName().substring(test.getClassName().lastIndexOf('.') + 1) + "." + test.getMethodName();
        long base = seed(System.getProperty("pools4j.fuzz.seed", "0x" + Long.toHexString(BASE_SEED)));
        int total = (int) Math.max(1, Math.round(tries * Double.parseDouble(System.getProperty("pools4j.fuzz.tries", "1"))));
        String only = System.getProperty("pools4j.fuzz.try");
        int first = only == null ? 0 : Integer.parseInt(only);
        int end = only == null ? total : first + 1;
        for (int t = first; t < end; t++) {
            // The test's name in the seed: two properties with the same draws do not see the same inputs.
            Generated g = new Generated(new SplittableRandom(mix(base ^ (name.hashCode() * 0x9E37_79B9_7F4A_7C15L + t))));
            try {
                property.run(g);
            } catch (Throwable e) {
                throw new AssertionError(name + " failed on try " + t + " of " + total + " (replay: -Dpools4j.fuzz.seed=0x"
                        + Long.toHexString(base) + " -Dpools4j.fuzz.try=" + t + ")\n  inputs: "
                        + String.join("\n          ", g.drawn) + "\n  failure: " + e, e);
            }
        }
    }

    /** The random source itself, for a generator written in the test; what it draws is not recorded. */
    RandomGenerator random() {
        return random;
    }

    /** Draws one input with {@code generator} and records it under {@code name} for a failure message. */
    <T> T draw(String name, Function<RandomGenerator, T> generator) {
        T value = generator.apply(random);
        drawn.add(name + " = " + show(value));
        return value;
    }

    int intBetween(String name, int min, int max) {
        return draw(name, r -> intBetween(r, min, max));
    }

    long anyLong(String name) {
        return draw(name, Generated::anyLong);
    }

    byte[] bytes(String name, int minLength, int maxLength) {
        return draw(name, r -> bytes(r, minLength, maxLength));
    }

    Mutation mutation(String name) {
        return draw(name, Mutation::any);
    }

    List<Mutation> mutations(String name, int min, int max) {
        return draw(name, r -> listOf(r, min, max, Mutation::any));
    }

    // ---- generators ----

    /** In [min, max], the two ends one time in eight each. */
    static int intBetween(RandomGenerator r, int min, int max) {
        return switch (r.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            default -> (int) r.nextLong(min, (long) max + 1);
        };
    }

    /** Any int, an {@link #EDGE_INTS} value one time in four. */
    static int anyInt(RandomGenerator r) {
        return r.nextInt(4) == 0 ? EDGE_INTS[r.nextInt(EDGE_INTS.length)] : r.nextInt();
    }

    /** Any long, an edge value one time in four. */
    static long anyLong(RandomGenerator r) {
        return r.nextInt(4) == 0 ? EDGE_LONGS[r.nextInt(EDGE_LONGS.length)] : r.nextLong();
    }

    /** Any double, NaN, infinities and signed zeros included. */
    static double anyDouble(RandomGenerator r) {
        return switch (r.nextInt(4)) {
            case 0 -> EDGE_DOUBLES[r.nextInt(EDGE_DOUBLES.length)];
            case 1 -> Double.longBitsToDouble(r.nextLong());
            default -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-10, 11));
        };
    }

    static byte[] bytes(RandomGenerator r, int minLength, int maxLength) {
        byte[] out = new byte[intBetween(r, minLength, maxLength)];
        r.nextBytes(out);
        return out;
    }

    /**
     * A string of up to {@code maxLength} chars: ASCII, Latin-1, the rest of the BMP and pairs
     * for code points beyond it; no lone surrogate, which no String a task makes should hold.
     */
    static String string(RandomGenerator r, int maxLength) {
        int length = intBetween(r, 0, maxLength);
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(0x20, 0x7f);
                case 1 -> r.nextInt(0, 0x100);
                case 2 -> r.nextInt(0xe000, 0x1_0000);
                default -> length - out.length() >= 2 ? r.nextInt(0x1_0000, 0x11_0000) : r.nextInt(0x100, 0xd800);
            };
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    static <T> List<T> listOf(RandomGenerator r, int min, int max, Function<RandomGenerator, T> element) {
        int n = intBetween(r, min, max);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(r));
        }
        return out;
    }

    @SafeVarargs
    static <T> T oneOf(RandomGenerator r, Function<RandomGenerator, ? extends T>... generators) {
        return generators[r.nextInt(generators.length)].apply(r);
    }

    /** A seed as a failure message prints it (0x and 16 hex digits, any bit set), or in decimal. */
    private static long seed(String text) {
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
    }

    /** SplitMix64's finaliser: neighbouring seeds (try 1, try 2) give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    // ---- showing an input ----

    static String show(Object value) {
        String shown = switch (value) {
            case null -> "null";
            case byte[] b -> hex(b);
            case Frame f -> f + " " + hex(f.payload());
            case int[] a -> Arrays.toString(a);
            case long[] a -> Arrays.toString(a);
            case Object[] a -> Arrays.stream(a).map(Generated::show).toList() + " (" + a.getClass().getSimpleName() + ")";
            case List<?> l -> l.stream().map(Generated::show).toList().toString();
            case String s -> '"' + s + '"';
            default -> value.toString().startsWith(value.getClass().getSimpleName()) ? value.toString()
                    : value + " (" + value.getClass().getSimpleName() + ")";
        };
        return shown.length() <= SHOWN_CHARS ? shown : shown.substring(0, SHOWN_CHARS) + "… (" + shown.length() + " chars)";
    }

    private static String hex(byte[] b) {
        String shown = HexFormat.of().formatHex(b, 0, Math.min(b.length, SHOWN_BYTES));
        return "0x" + shown + (b.length > SHOWN_BYTES ? "…" : "") + " (" + b.length + " bytes)";
    }
}
