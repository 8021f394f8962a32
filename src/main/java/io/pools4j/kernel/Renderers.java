package io.pools4j.kernel;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Turns objects into MIME bundles (MIME type to content; images as base64) for the notebook.
 * Renderers are looked up by class, the most recently registered matching one first, so that
 * a registration made in a notebook overrides a built-in one; an object with a public
 * no-argument {@code toHtml()} returning String also gets {@code text/html}.
 *
 * <p><b>IPython:</b> {@code IPython.core.formatters} ({@code _repr_html_}, {@code _repr_png_}
 * and {@code for_type}). <b>IJava:</b> {@code Renderer}.
 */
public final class Renderers {

    private record Entry<T>(Class<T> type, Function<? super T, Map<String, String>> renderer) {
        Map<String, String> render(Object value) {
            return renderer.apply(type.cast(value));
        }
    }

    /** Newest first; copy-on-write because cells may register while another thread displays. */
    private final List<Entry<?>> entries = new CopyOnWriteArrayList<>();

    /**
     * Registers {@code renderer} for {@code type} and its subtypes; it returns MIME type to
     * content, e.g. {@code Map.of("text/html", html)}; {@code image/png} content is base64.
     *
     * @throws NullPointerException if an argument is null
     */
    public <T> void register(Class<T> type, Function<? super T, Map<String, String>> renderer) {
        if (type == null || renderer == null) {
            throw new NullPointerException("type and renderer must not be null, type=" + type);
        }
        entries.addFirst(new Entry<>(type, renderer));
    }

    /**
     * The bundle for {@code value}: its renderer's output, or {@code text/html} from
     * {@code toHtml()}; {@code text/plain} is always present ({@code plainText} unless the
     * renderer gave one).
     */
    public Map<String, String> render(Object value, String plainText) {
        Map<String, String> bundle = new LinkedHashMap<>();
        if (value != null) {
            Entry<?> entry = find(value.getClass());
            if (entry != null) {
                bundle.putAll(entry.render(value));
            } else {
                String html = toHtml(value);
                if (html != null) {
                    bundle.put("text/html", html);
                }
            }
        }
        bundle.putIfAbsent("text/plain", plainText);
        return bundle;
    }

    private Entry<?> find(Class<?> type) {
        for (Entry<?> entry : entries) {
            if (entry.type().isAssignableFrom(type)) {
                return entry;
            }
        }
        return null;
    }

    /** Calls a public {@code String toHtml()} if the value's class has one (duck typing, like _repr_html_). */
    private static String toHtml(Object value) {
        try {
            Method method = value.getClass().getMethod("toHtml");
            if (method.getReturnType() != String.class || Modifier.isStatic(method.getModifiers())) {
                return null;
            }
            // Snippet classes are public but live in JShell's loader; the method is public.
            method.setAccessible(true);
            return (String) method.invoke(value);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "<pre>toHtml() of " + value.getClass().getName() + " failed: "
                    + Html.escape(String.valueOf(cause)) + "</pre>";
        }
    }
}
