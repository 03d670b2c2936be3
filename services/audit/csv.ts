/**
 * RFC 4180 CSV with one addition: cells that a spreadsheet would run as a formula (leading
 * = + - @ tab CR) get a leading apostrophe, because user-controlled display names end up in
 * exports that admins open in Excel. Cells that already start with an apostrophe get one too,
 * so `parseCsv` can strip exactly one and the round trip stays exact.
 */

const FORMULA_START = /^[=+\-@\t\r']/;

export function escapeCsvCell(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) || /^\s|\s$/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(escapeCsvCell).join(',')).join('\r\n') + '\r\n';
}

/** Parses RFC 4180 text (CRLF or LF line ends, quoted cells with embedded quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = (): void => {
    row.push(cell.startsWith("'") ? cell.slice(1) : cell);
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      endCell();
      rows.push(row);
      row = [];
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else cell += ch;
    i += 1;
  }
  if (quoted) throw new SyntaxError('CSV ends inside a quoted cell');
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}
