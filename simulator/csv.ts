/**
 * Rows as CSV the way Python's csv module writes them (DRF's CSV renderer uses it): CRLF
 * line ends, quotes only where needed, booleans as True/False and null as an empty cell.
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Readonly<Record<string, unknown>>>): string {
  const lines = [columns.map(cell), ...rows.map((row) => columns.map((column) => cell(row[column])))];
  return lines.map((line) => `${line.join(",")}\r\n`).join("");
}

function cell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ""
      : typeof value === "boolean"
        ? value
          ? "True"
          : "False"
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
