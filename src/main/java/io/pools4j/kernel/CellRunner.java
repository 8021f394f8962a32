package io.pools4j.kernel;

/**
 * Runs one cell: its Java code through the {@link ReplEngine} and its magics through
 * {@link Magics}, in the order they appear; the cell's value is the last part's value.
 *
 * <p><b>IPython:</b> {@code InteractiveShell.run_cell} after input transformation.
 */
final class CellRunner {

    private final ReplEngine engine;
    private final Magics magics;

    CellRunner(ReplEngine engine, KernelSettings settings) {
        this.engine = engine;
        this.magics = new Magics(engine, settings);
    }

    ReplEngine.Value run(String code, String cellLabel) throws Exception {
        engine.beginCell();
        CellParser.Cell cell = CellParser.parse(code);
        if (cell.cellMagic() != null) {
            CellParser.CellMagic magic = cell.cellMagic();
            return magics.runCell(magic.name(), magic.args(), magic.body(), cellLabel);
        }
        ReplEngine.Value last = null;
        for (CellParser.Part part : cell.parts()) {
            last = switch (part) {
                case CellParser.Code c -> engine.eval(c.source(), cellLabel);
                case CellParser.LineMagic m -> magics.runLine(m.name(), m.args(), cellLabel);
            };
        }
        return last;
    }
}
