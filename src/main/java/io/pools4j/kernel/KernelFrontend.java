package io.pools4j.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.pools4j.notebook.Frontend;
import java.util.UUID;

/**
 * The notebook kit's frontend in the pools4j kernel: values shown inline in the running cell,
 * rendered by {@link Display}'s renderers, and handles that redraw a display in place through
 * Jupyter's {@code update_display_data}.
 *
 * <p><b>IPython:</b> {@code display(obj, display_id=True)} and {@code DisplayHandle.update}.
 */
final class KernelFrontend implements Frontend {

    private final JavaKernel kernel;

    KernelFrontend(JavaKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public void show(Object value) {
        Display.display(value);
    }

    @Override
    public Handle showUpdatable(Object value) {
        String id = UUID.randomUUID().toString();
        DisplayData first = data(value);
        first.setDisplayId(id);
        kernel.display(first);
        return next -> kernel.getIO().display.updateDisplay(id, data(next));
    }

    @Override
    public boolean updatesInPlace() {
        return true;
    }

    private static DisplayData data(Object value) {
        return JavaKernel.toDisplayData(Display.render(value, String.valueOf(value)));
    }
}
