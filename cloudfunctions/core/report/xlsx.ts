/**
 * A ledger as an XLSX workbook (write-excel-file: a small, maintained writer whose only dependency is
 * fflate). One sheet, a bold header row that stays in view, column widths, money as numbers shown
 * with 2 decimals (0.00, in 元), times as date cells (yyyy-mm-dd hh:mm) holding the property's local
 * wall time, so a manager can sort, filter and sum them.
 *
 * Texts are written as string cells, which Excel never evaluates: a description starting with `=`
 * stays the resident's words, without the apostrophe the CSV needs (csv.ts).
 */
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/node';
import type { Ledger, LedgerCell, LedgerColumnKind } from '../../../typings/report';

const TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/** "2026-11-24 10:05" → a Date whose UTC fields are that wall time (XLSX dates have no zone). */
export function wallClockDate(local: string): Date | undefined {
  const m = TIME.exec(local);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5])) : undefined;
}

function xlsxCell(value: LedgerCell, kind: LedgerColumnKind): Cell {
  if (value === null || value === '') return null;
  if (typeof value === 'number') return kind === 'fen' ? { value: value / 100, type: Number, format: '0.00' } : { value, type: Number };
  if (kind === 'time') {
    const date = wallClockDate(value);
    if (date) return { value: date, type: Date, format: 'yyyy-mm-dd hh:mm' };
  }
  return { value, type: String };
}

export async function encodeXlsx(ledger: Ledger): Promise<Buffer> {
  const header: Row = ledger.columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold', align: 'center' }));
  const rows: Row[] = ledger.rows.map((row) => row.map((v, i) => xlsxCell(v, ledger.columns[i]?.kind ?? 'text')));
  return writeXlsxFile([header, ...rows], {
    sheet: ledger.title,
    columns: ledger.columns.map((c) => ({ width: c.width })),
    stickyRowsCount: 1,
  }).toBuffer();
}
