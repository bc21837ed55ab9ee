/**
 * CSV and XLSX encoding of the ledger (core/report/csv.ts, xlsx.ts): what Excel in a Chinese
 * locale opens — BOM, quoting, money in 元, and no formula from a resident's text.
 */
import readXlsxFile from 'read-excel-file/node';
import { csvField, defuse, encodeCsv, UTF8_BOM, yuan } from '../../cloudfunctions/core/report/csv';
import { encodeXlsx, wallClockDate } from '../../cloudfunctions/core/report/xlsx';
import type { Ledger } from '../../typings/report';
import { parseCsv } from '../support/csv';

const ledger: Ledger = {
  title: '报修台账',
  columns: [
    { header: '单号', kind: 'text', width: 15 },
    { header: '报修时间', kind: 'time', width: 17 },
    { header: '内容', kind: 'text', width: 30 },
    { header: '费用合计(元)', kind: 'fen', width: 11 },
    { header: '评价(星)', kind: 'number', width: 9 },
  ],
  rows: [
    ['2026112400001', '2026-11-24 10:05', '厨房水管接头漏水, 滴水不止', 12200, 5],
    ['2026112400002', '2026-11-24 23:59', '=HYPERLINK("http://x.example","点我")', 5, null],
    ['2026112400003', null, '第一行\n第二行 "加急"', null, null],
  ],
};

describe('CSV encoding', () => {
  it('money in 元 with 2 decimals, by integer arithmetic', () => {
    expect([yuan(0), yuan(5), yuan(50), yuan(12200), yuan(123456789)]).toEqual(['0.00', '0.05', '0.50', '122.00', '1234567.89']);
  });

  it('texts that a spreadsheet would run get a leading apostrophe', () => {
    for (const t of ['=1+1', '+86 138', '-2', '@SUM(A1)', '\tx', '\rx']) expect(defuse(t)).toBe(`'${t}`);
    for (const t of ['厨房漏水', '1+1=2', 'a@b', '']) expect(defuse(t)).toBe(t);
  });

  it('quotes a field with a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('a,b', 'text')).toBe('"a,b"');
    expect(csvField('说"急"', 'text')).toBe('"说""急"""');
    expect(csvField('一\n二', 'text')).toBe('"一\n二"');
    expect(csvField('plain', 'text')).toBe('plain');
    expect(csvField(null, 'fen')).toBe('');
    expect(csvField(12200, 'fen')).toBe('122.00');
    expect(csvField(40, 'number')).toBe('40');
  });

  it('a file Excel opens in Chinese: BOM, CRLF, every row read back as written', () => {
    const bytes = encodeCsv(ledger);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual([
      ['单号', '报修时间', '内容', '费用合计(元)', '评价(星)'],
      ['2026112400001', '2026-11-24 10:05', '厨房水管接头漏水, 滴水不止', '122.00', '5'],
      ['2026112400002', '2026-11-24 23:59', `'=HYPERLINK("http://x.example","点我")`, '0.05', ''],
      ['2026112400003', '', '第一行\n第二行 "加急"', '', ''],
    ]);
  });
});

describe('XLSX encoding', () => {
  it('reads back with its headers, text cells as written (no formula), money and time cells', async () => {
    const bytes = await encodeXlsx(ledger);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const [sheet] = await readXlsxFile(bytes);
    expect(sheet.sheet).toBe('报修台账');
    const [header, ...rows] = sheet.data;
    expect(header).toEqual(['单号', '报修时间', '内容', '费用合计(元)', '评价(星)']);
    expect(rows[0]).toEqual(['2026112400001', wallClockDate('2026-11-24 10:05'), '厨房水管接头漏水, 滴水不止', 122, 5]);
    // a string cell: Excel shows the text, never runs it
    expect(rows[1][2]).toBe('=HYPERLINK("http://x.example","点我")');
    expect(rows[1][3]).toBe(0.05);
    expect(rows[2]).toEqual(['2026112400003', null, '第一行\n第二行 "加急"', null, null]);
  });

  it('a local time becomes a date cell holding that wall time', () => {
    expect(wallClockDate('2026-11-24 23:59')?.toISOString()).toBe('2026-11-24T23:59:00.000Z');
    expect(wallClockDate('not a time')).toBeUndefined();
  });
});
