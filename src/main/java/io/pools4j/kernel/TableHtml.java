package io.pools4j.kernel;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML table (head and tail when long).
 *
 * <p><b>Python:</b> {@code pandas.DataFrame._repr_html_}.
 */
final class TableHtml {

    private TableHtml() {}

    static String render(Table table, int maxRows) {
        StringBuilder html = new StringBuilder("<table class=\"dataframe\">");
        if (table.name() != null && !table.name().isEmpty()) {
            html.append("<caption>").append(Html.escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th>").append(Html.escape(column.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int rows = table.rowCount();
        int head = rows <= maxRows ? rows : maxRows / 2;
        appendRows(html, table, 0, head);
        if (rows > maxRows) {
            html.append("<tr><td colspan=\"").append(table.columnCount()).append("\">… ")
                    .append(rows - maxRows).append(" more rows …</td></tr>");
            appendRows(html, table, rows - maxRows / 2, rows);
        }
        html.append("</tbody></table><p>").append(rows).append(" rows × ")
                .append(table.columnCount()).append(" columns</p>");
        return html.toString();
    }

    private static void appendRows(StringBuilder html, Table table, int from, int to) {
        for (int row = from; row < to; row++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                html.append("<td>").append(Html.escape(column.getString(row))).append("</td>");
            }
            html.append("</tr>");
        }
    }
}
