/**
 * A ledger as CSV (RFC 4180) that Excel and WPS open right in a Chinese locale: UTF-8 with a byte
 * order mark (without one Excel reads the bytes as GBK and shows mojibake), CRLF line ends, a field
 * quoted when it holds a comma, a quote or a line break (quotes doubled). Money in 元 with 2 decimals.
 *
 * Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return, which some read past) as a formula — `=HYPERLINK(…)` in a resident's description would
 * be live in the manager's Excel. Such a text gets a leading apostrophe, which Excel shows as text.
 */
import type { Ledger, LedgerCell, LedgerColumnKind } from '../../../typings/report';

export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** 1250 fen → "12.50" (integer arithmetic: no binary fractions) */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A text as a spreadsheet shows it, never as a formula. */
export function defuse(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvField(value: LedgerCell, kind: LedgerColumnKind): string {
  if (value === null || value === '') return '';
  let text: string;
  if (typeof value === 'number') text = kind === 'fen' ? yuan(value) : String(value);
  else text = defuse(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function encodeCsv(ledger: Ledger): Buffer {
  const lines = [ledger.columns.map((c) => csvField(c.header, 'text')).join(',')];
  for (const row of ledger.rows) lines.push(row.map((v, i) => csvField(v, ledger.columns[i]?.kind ?? 'text')).join(','));
  return Buffer.from(`${UTF8_BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}
