package io.pools4j.notebook;

/**
 * Where the notebook kit shows things: the pools4j kernel installs one that shows charts and
 * tables inline and updates a progress bar in place; without a kernel (plain {@code jshell}, a
 * program, another Java kernel) {@link Notebook}'s default prints text and saves charts as PNG
 * files.
 *
 * <p><b>Python:</b> IPython's display machinery ({@code IPython.display.display(obj,
 * display_id=True)} and the handle's {@code update(obj)}), which matplotlib and tqdm's notebook
 * bar draw through.
 */
public interface Frontend {

    /** Shows {@code value} in the output of the running cell (or on standard output). */
    void show(Object value);

    /** Shows {@code value} and returns a handle that replaces it with another value later. */
    Handle showUpdatable(Object value);

    /**
     * Whether {@link Handle#update} redraws in place (a notebook) rather than printing again
     * (a terminal): a progress bar updates often in the first case, at every tenth in the second.
     */
    boolean updatesInPlace();

    /**
     * A shown value that can be replaced.
     *
     * <p><b>Python:</b> {@code IPython.display.DisplayHandle}.
     */
    interface Handle {
        /** Replaces the shown value with {@code value}. */
        void update(Object value);
    }
}
