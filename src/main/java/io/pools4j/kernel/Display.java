package io.pools4j.kernel;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code display(obj)} for notebook cells, and the registry of renderers behind it and behind
 * each cell's last value. The start-up script imports {@code display} statically.
 *
 * <p><b>IPython:</b> {@code IPython.display.display} and
 * {@code get_ipython().display_formatter.formatters[mime].for_type}. <b>IJava:</b>
 * {@code display(obj)} and {@code getKernelInstance().getRenderer().register}.
 *
 * <p><b>Differences from Python:</b> outside a notebook (plain jshell, tests) there is no
 * front end to show images, so {@code display} prints the object's {@code text/plain} form.
 */
public final class Display {

    private static final Renderers RENDERERS = new Renderers();
    /** Where bundles go; set by the kernel when it starts, null outside a notebook. */
    private static volatile Consumer<Map<String, String>> sink;

    static {
        DefaultRenderers.registerAll(RENDERERS);
    }

    private Display() {}

    /**
     * Shows {@code value} in the output of the running cell, rendered as rich as its renderer
     * allows (PNG for images and charts, HTML for tables and objects with {@code toHtml()}).
     */
    public static void display(Object value) {
        Map<String, String> bundle = render(value, String.valueOf(value));
        Consumer<Map<String, String>> target = sink;
        if (target == null) {
            System.out.println(bundle.get("text/plain"));
        } else {
            target.accept(bundle);
        }
    }

    /**
     * Registers how instances of {@code type} (and subtypes) are shown: {@code renderer}
     * returns MIME type to content, e.g. {@code Map.of("text/html", "<b>hi</b>")}; PNG content
     * is base64. The newest registration for a class wins.
     *
     * <p><b>Python:</b> {@code formatter.for_type(type, func)}.
     */
    public static <T> void register(Class<T> type, Function<? super T, Map<String, String>> renderer) {
        RENDERERS.register(type, renderer);
    }

    /** The MIME bundle for {@code value}; {@code plainText} is used when no renderer gives text. */
    public static Map<String, String> render(Object value, String plainText) {
        return RENDERERS.render(value, plainText);
    }

    /** Connects {@link #display} to a kernel; null disconnects. */
    static void attach(Consumer<Map<String, String>> kernelSink) {
        sink = kernelSink;
    }
}
