package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ShareableList: a fixed-length list in a SharedMemory block (CPython's _TestSharedMemory ShareableList tests). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShareableListTest extends WorkerPoolTest {

    /** Runs {@code body} on a new list of {@code items}, then unlinks its block. */
    private static void withList(List<?> items, java.util.function.Consumer<ShareableList> body) {
        ShareableList sl = ShareableList.create(items);
        try {
            body.accept(sl);
        } finally {
            sl.shm().close();
            sl.shm().unlink();
        }
    }

    @Test
    void aListReadsBackLongsDoublesBooleansStringsBytesAndNulls() {
        withList(Arrays.asList(7, 2.5, true, "howdy", new byte[] {1, 2}, null, -3L), sl -> {
            assertEquals(7, sl.size());
            assertEquals(7L, sl.get(0), "an int is stored as a long");
            assertEquals(2.5, sl.get(1));
            assertEquals(true, sl.get(2));
            assertEquals("howdy", sl.get(3));
            assertArrayEquals(new byte[] {1, 2}, (byte[]) sl.get(4));
            assertNull(sl.get(5));
            assertEquals(-3L, sl.get(-1), "a negative index counts from the end");
        });
    }

    @Test
    void formatNamesEverySlotAsPythonsStructFormatDoes() {
        withList(Arrays.asList(1, 2.5, true, "howdy", null, "eight by", new byte[3]), sl ->
                assertEquals("qdxxxxxxx?8sxxxxxx?x16s8s", sl.format()));
    }

    @Test
    void cpythonsBasicsExampleHasCpythonsFormatCountAndIndex() {
        // test_shared_memory_ShareableList_basics: ['howdy', b'HoWdY', -273.154, 100, None, True, 42]
        withList(Arrays.asList("howdy", "HoWdY".getBytes(), -273.154, 100, null, true, 42), sl -> {
            assertEquals("8s8sdqxxxxxx?xxxxxxxx?q", sl.format());
            assertEquals(1, sl.count("howdy"));
            assertEquals(6, sl.index(42));
            assertNull(sl.get(4));
            assertThrows(IllegalArgumentException.class, () -> sl.set(0, "encyclopedia"), "12 bytes into 8");
            sl.set(4, "some"); // None's 8 bytes take a short string
            assertEquals("8s8sdq8sxxxxxxx?q", sl.format());
            assertEquals("some", sl.get(4));
        });
    }

    @Test
    void setReplacesAnItemAndMayChangeItsType() {
        withList(Arrays.asList(1, "howdy"), sl -> {
            sl.set(0, 2.0);
            assertEquals(2.0, sl.get(0));
            sl.set(0, null);
            assertNull(sl.get(0));
            sl.set(0, "8 bytes!"); // a number's slot has 8 bytes
            assertEquals("8 bytes!", sl.get(0));
            sl.set(1, "hi");
            assertEquals("hi", sl.get(1));
            assertEquals("8s8s", sl.format(), "a number's slot holding a string reads as 8s");
        });
    }

    @Test
    void aStringOrBytesLongerThanItsSlotIsRefusedAndTheItemKeepsItsValue() {
        withList(List.of("howdy"), sl -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sl.set(0, "far too long a string"));
            assertTrue(e.getMessage().startsWith("bytes/str item exceeds available storage: 21 bytes for slot 0 of 8 bytes"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> sl.set(0, new byte[9]));
            assertEquals("howdy", sl.get(0));
        });
    }

    @Test
    void getAndSetOutsideTheListFailWithIndexOutOfBounds() {
        withList(List.of(1, 2, 3), sl -> {
            for (int bad : new int[] {3, -4}) {
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> sl.get(bad));
                assertEquals("index " + bad + " out of range for a ShareableList of 3 items", e.getMessage());
                assertThrows(IndexOutOfBoundsException.class, () -> sl.set(bad, 0));
            }
        });
    }

    @Test
    void countAndIndexFindItemsByValueAndBytesByContent() {
        withList(Arrays.asList(1, "a", 1, new byte[] {5}, null, 1.0), sl -> {
            assertEquals(2, sl.count(1), "1 and 1L are the same item; 1.0 is not");
            assertEquals(1, sl.count(new byte[] {5}));
            assertEquals(0, sl.count("b"));
            assertEquals(1, sl.index("a"));
            assertEquals(3, sl.index(new byte[] {5}));
            assertEquals(4, sl.index(null));
            assertEquals(5, sl.index(1.0));
        });
    }

    @Test
    void indexOfAMissingItemFailsNamingIt() {
        withList(List.of(1, 2), sl -> {
            NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> sl.index("x"));
            assertTrue(e.getMessage().startsWith("'x' not in this container ShareableList([1, 2], name='psm_"),
                    e.getMessage());
        });
    }

    @Test
    void anItemOfATypeTheListCannotHoldIsRefusedWithItsPositionAndType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShareableList.create(List.of(1, new Object())));
        assertEquals("item 1 is a java.lang.Object; a ShareableList holds long, double, boolean, String, byte[] and null only",
                e.getMessage());
    }

    @Test
    void aListAttachedByNameSeesTheSameItems() {
        withList(List.of(1, "howdy"), sl -> {
            ShareableList same = new ShareableList(sl.shm().name());
            same.set(0, 42);
            assertEquals(42L, sl.get(0));
            assertEquals(sl.toList(), same.toList());
            same.shm().close();
        });
    }

    @Test
    void aTaskHandedTheListAndOneAttachingByNameChangeTheItemsTheParentSees() {
        withList(List.of(0L, "-----"), sl -> {
            String name = sl.shm().name();
            assertEquals("-----", pool.submit(() -> {
                Object before = sl.get(1);
                sl.set(0, 1);
                return before;
            }).result());
            assertEquals(1L, sl.get(0));
            pool.submit(() -> {
                ShareableList attached = new ShareableList(name);
                attached.set(1, "child");
                attached.shm().close();
                return null;
            }).result();
            assertEquals("child", sl.get(1));
        });
    }

    @Test
    void aProcessHandedTheListChangesTheItemsTheParentSees() {
        withList(List.of(0L), sl -> {
            Process p = new Process((ShareableList l) -> l.set(0, 99), sl);
            p.start();
            p.join();
            assertEquals(0, p.exitcode());
            assertEquals(99L, sl.get(0));
        });
    }

    @Test
    void attachingABlockThatIsNotAListIsRefused() {
        SharedMemory shm = SharedMemory.create(8);
        shm.buf().set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1000);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ShareableList(shm.name()));
            assertTrue(e.getMessage().endsWith("does not hold a ShareableList: it says n=1000 in 8 bytes"), e.getMessage());
        } finally {
            shm.close();
            shm.unlink();
        }
    }
}
