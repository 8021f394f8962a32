package io.pools4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a cell splits into code and magics ({@link CellParser}). */
class CellParserTest {

    @Test
    void aCellWithoutMagicsIsOneCodePart() {
        CellParser.Cell cell = CellParser.parse("int a = 1;\na + 1");
        assertNull(cell.cellMagic());
        assertEquals(List.of(new CellParser.Code("int a = 1;\na + 1")), cell.parts());
    }

    @Test
    void lineMagicsAndCodeKeepTheirOrderAndCodeKeepsItsLineNumbers() {
        CellParser.Cell cell = CellParser.parse("%jars a.jar b.jar\nFoo.bar()\n%time x()\ny()");
        assertEquals(List.of(
                new CellParser.LineMagic("jars", "a.jar b.jar"),
                new CellParser.Code("\nFoo.bar()"),
                new CellParser.LineMagic("time", "x()"),
                new CellParser.Code("\n\n\ny()")), cell.parts());
    }

    @Test
    void aFirstLineWithTwoPercentSignsMakesACellMagicWhoseBodyKeepsItsLines() {
        CellParser.Cell cell = CellParser.parse("\n%%timeit -n 3 int x = 0;\nx++;\n%not a line magic here");
        assertEquals(new CellParser.CellMagic("timeit", "-n 3 int x = 0;", "\n\nx++;\n%not a line magic here"),
                cell.cellMagic());
        assertEquals(List.of(), cell.parts());
    }

    @Test
    void aMagicWithoutArgumentsHasEmptyArgs() {
        assertEquals(List.of(new CellParser.LineMagic("help", "")), CellParser.parse("  %help  ").parts());
    }

    @Test
    void blankCodeBetweenMagicsIsDropped() {
        assertEquals(List.of(new CellParser.LineMagic("help", ""), new CellParser.LineMagic("help", "")),
                CellParser.parse("%help\n\n   \n%help\n").parts());
    }
}
