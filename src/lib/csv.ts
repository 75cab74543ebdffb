import { stringify } from "csv-stringify/sync";

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell starting with = + - @, tab, CR or
 * NUL may run as a formula when opened. Such cells get a leading apostrophe.
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r\0]/.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180 rows (CRLF, quotes doubled) with every cell neutralised. */
export function csvRows(rows: string[][]): string {
  return stringify(rows.map((r) => r.map(neutralise)), { record_delimiter: "windows", quoted_match: /[",\r\n]/ });
}
