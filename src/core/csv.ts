/**
 * The one CSV writer of every file the app lets out (people.csv in bundles, the funder report): RFC
 * 4180 with every cell quoted, CRLF line ends, and no cell a spreadsheet would run as a formula,
 * whichever separator the reader picks (docs/security.md, "Spreadsheet cells").
 *
 * A cell that starts with = + - @ (or their full-width forms), whitespace or a control character gets a
 * leading "'" inside its quotes, as OWASP's CSV injection advice says. That alone is not enough: Excel
 * in a Russian or German locale splits on ";", and once a row's first quoted cell has closed, such a
 * reader takes later quotes literally and starts a new cell after any ";", tab or line break inside the
 * text. So the same "'" also goes after every ",", ";", tab or line break inside a cell that is followed
 * by a formula character, a tab, a quote (optionally after spaces) or the cell's end (where the closing
 * quote would open a quoted field for such a reader and shift every cell after it).
 */

const RISKY_START = /^[\s\p{Cc}=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
const RISKY_AFTER_BREAK = /(\r\n|[,;\t\r\n])(?=\t|\s*["=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|\s*$)/gu;

/** One cell: neutralised and quoted. */
export function csvCell(value: string | number): string {
  const text = String(value);
  const neutral = (RISKY_START.test(text) ? `'${text}` : text).replace(RISKY_AFTER_BREAK, "$1'");
  return `"${neutral.replaceAll('"', '""')}"`;
}

/** Rows of cells as CSV text: "," between cells, CRLF after every row. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}
