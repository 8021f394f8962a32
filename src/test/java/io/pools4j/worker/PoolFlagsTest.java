package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pool's JVM options beside the workers' defaults. Which options keep the start-up cache was
 * checked by hand on JDK 25 (java -XX:AOTCache=... with each: silent, or errors on stderr).
 */
class PoolFlagsTest {

    @Test
    void propertiesHeapAndStackSizesAssertionsAndThreeCollectorsKeepTheStartupCache() {
        for (String flag : List.of("-Dk=v", "-Djdk.foo=bar", "-Xmx64m", "-Xms16m", "-Xmx31g", "-Xmx512M", "-Xss1m",
                "-ea", "-da", "-XX:+UseSerialGC", "-XX:+UseParallelGC", "-XX:+UseG1GC")) {
            assertTrue(PoolFlags.keepStartupCache(List.of(flag)), flag);
        }
    }

    @Test
    void optionsTheJvmRefusesTheCacheWithStartWithoutIt() {
        for (String flag : List.of("-Xmx32g", "-Xms40g", "-Xmx40000000000", "-javaagent:agent.jar",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-XX:+UseZGC", "-XX:-UseCompressedOops",
                "-Djava.system.class.loader=Foo", "-Djdk.module.addmods=java.instrument", "-XX:MaxMetaspaceSize=64m")) {
            assertFalse(PoolFlags.keepStartupCache(List.of(flag)), flag);
        }
        assertFalse(PoolFlags.keepStartupCache(List.of("-Dk=v", "-javaagent:agent.jar")), "one such option is enough");
    }

    @Test
    void thePoolsOptionsComeAfterTheDefaultsAndItsCollectorReplacesTheSerialOne() {
        List<String> base = List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xmx64m"),
                PoolFlags.command(base, List.of("-Xmx64m")));
        assertEquals(List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC"), PoolFlags.command(base, List.of("-XX:+UseG1GC")));
    }
}
