/**
 * The spreadsheet export of a property's orders (报修台账, report.export): what a manager asks for
 * and the file they get back. The file's columns are described in cloudfunctions/core/report/rows.ts.
 */

export type ReportFormat = 'csv' | 'xlsx';

export interface ReportExportPayload {
  propertyId: string;
  /** first and last local day of the period (YYYY-MM-DD, both included, at most 366 days) */
  from: string;
  to: string;
  format: ReportFormat;
}

export interface ReportExport {
  /** the stored file (cloud://…), for wx.cloud.downloadFile */
  fileID: string;
  /** a temporary download URL (valid for `expiresAt`), for wx.downloadFile + wx.openDocument */
  url: string;
  expiresAt: string;
  /** e.g. 报修台账_示范小区_2026-11-01_2026-11-30.xlsx */
  fileName: string;
  /** orders in the file (one row each, below the header row) */
  rows: number;
}

export interface ReportActions {
  'report.export': [ReportExportPayload, ReportExport];
}

/**
 * How a column's cells are written: `text` as is; `time` a local time "YYYY-MM-DD HH:mm" (a date
 * cell in XLSX); `fen` an amount in fen, shown in 元 with 2 decimals; `number` a plain number.
 */
export type LedgerColumnKind = 'text' | 'time' | 'fen' | 'number';

export interface LedgerColumn {
  /** the Chinese header a property company's ledger uses (单号, 报修时间 …) */
  header: string;
  kind: LedgerColumnKind;
  /** width in characters, for XLSX */
  width: number;
}

/** null: nothing to show (a time that has not come, an order without a fee) */
export type LedgerCell = string | number | null;

/** A sheet before it is encoded: one row per order, each row's cells in `columns` order. */
export interface Ledger {
  /** the sheet's name */
  title: string;
  columns: LedgerColumn[];
  rows: LedgerCell[][];
}
