/** A CSV cell: text from users, or a value the app computed. */
export type CsvValue = string | number | Date | null;

/**
 * One cell of RFC 4180 CSV. Text that a spreadsheet would run as a formula —
 * starting with = + - @, or a tab or carriage return that some spreadsheets
 * skip before one — is prefixed with ', so opening the export never executes
 * what a user wrote (OWASP "CSV injection"). Numbers and dates are ours and left as they are.
 */
export function csvCell(value: CsvValue): string {
  let text: string;
  if (value === null) text = "";
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "number") text = String(value);
  else text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The UTF-8 byte-order mark. Excel reads a CSV without one in the machine's
 * legacy code page, which garbles every name or title outside ASCII; with it,
 * Excel (and every other reader) knows the file is UTF-8.
 */
export const UTF8_BOM = "\uFEFF";

/** Rows of cells as a CSV file: the UTF-8 BOM, then CRLF after every row, as RFC 4180 has it. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return UTF8_BOM + rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}

/** Reads CSV as `toCsv` writes it (a leading BOM, quoted cells, doubled quotes, CRLF or LF): for tests and scripts. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = text.startsWith(UTF8_BOM) ? 1 : 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}
