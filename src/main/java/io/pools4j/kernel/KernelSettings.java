package io.pools4j.kernel;

import io.pools4j.worker.Forkserver;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Every setting of the kernel, read from system properties (set by {@code kernel/pools4j-kernel})
 * or environment variables; this class is the one place that documents them.
 *
 * <ul>
 *   <li>{@code pools4j.startup} / {@code POOLS4J_STARTUP}: the start-up script run before the
 *       first cell (the launcher passes {@code kernel/startup.jsh}); unset means none.</li>
 *   <li>{@code pools4j.maven.cache} / {@code POOLS4J_MAVEN_CACHE}: the local repository where
 *       {@code %maven} keeps what it downloads; default {@code ~/.cache/pools4j/maven}.</li>
 *   <li>{@code pools4j.maven.remote} / {@code POOLS4J_MAVEN_REMOTE}: the remote repository
 *       {@code %maven} resolves from; default Maven Central.</li>
 *   <li>{@code pools4j.standbys} / {@code POOLS4J_STANDBYS}: how many FORKSERVER standby worker
 *       JVMs the kernel starts once it has been idle for a moment ({@link IdleStandbys}); default
 *       the number of processors, {@code 0} for none.</li>
 *   <li>{@code pools4j.standby.idle} / {@code POOLS4J_STANDBY_IDLE}: seconds after which the
 *       standbys are retired when no pool has taken one ({@link Forkserver#idleTimeout()}); default
 *       600 (10 minutes), {@code 0} keeps them for the kernel's life. Read by the library itself
 *       too, so that plain {@code jshell -R-Dpools4j.standby.idle=60} honours it; the kernel
 *       checks it at start.</li>
 * </ul>
 *
 * <p>Read by the launcher ({@code kernel/pools4j-kernel}, through {@code kernel/lib/kernel_aot.sh}) before
 * this JVM starts, for the kernel JVM's AOT cache ({@link KernelTraining}; docs/worker-startup.md):
 * <ul>
 *   <li>{@code POOLS4J_KERNEL_AOT}: {@code auto} (default) uses the cache built for this JDK, these jars and
 *       these JVM options, and when there is none yet starts its build in the background (detached, niced,
 *       for the next start); {@code use} uses it if there and never builds; {@code off} uses none.
 *       {@code kernel/install.sh} builds it at once unless this is {@code off}.</li>
 *   <li>{@code POOLS4J_KERNEL_AOT_DIR}: where the caches ({@code kernel-<key>.aot}, ~45 MB each, the newest 3
 *       kept) and the last training's log ({@code kernel-aot.log}) are; default {@code ~/.cache/pools4j}.</li>
 *   <li>{@code POOLS4J_KERNEL_JAVA_OPTS}: more options for the kernel JVM; part of the cache's key, so a new
 *       set of options gets a cache of its own.</li>
 * </ul>
 *
 * <p><b>IJava:</b> {@code IJAVA_STARTUP_SCRIPTS_PATH} and friends, read in {@code IJava.main}.
 */
public record KernelSettings(Path startupScript, Path mavenCache, String mavenRemote, int standbys, Duration standbyIdle) {

    static final String MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2/";

    /** Reads the settings of this JVM. */
    public static KernelSettings fromEnvironment() {
        String startup = setting("pools4j.startup", "POOLS4J_STARTUP", null);
        String cache = setting("pools4j.maven.cache", "POOLS4J_MAVEN_CACHE",
                Path.of(System.getProperty("user.home"), ".cache", "pools4j", "maven").toString());
        String remote = setting("pools4j.maven.remote", "POOLS4J_MAVEN_REMOTE", MAVEN_CENTRAL);
        String standbys = setting("pools4j.standbys", "POOLS4J_STANDBYS",
                Integer.toString(Runtime.getRuntime().availableProcessors()));
        return new KernelSettings(startup == null ? null : Path.of(startup), Path.of(cache), remote,
                standbyCount(standbys), Forkserver.configuredIdleTimeout());
    }

    private static int standbyCount(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("POOLS4J_STANDBYS (or -Dpools4j.standbys) must be a whole number >= 0, "
                + "got '" + value + "'; 0 starts no standby worker JVMs");
    }

    private static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
