/**
 * The fee rules on seed-like cases (seed 000 竣工录入: 人工费 + 材料费 + 上门费; seed 001 费用设置:
 * free / after service / deposit / full, 租客承担 or 企业承担). Amounts are fen.
 */
import { billedMinutes, computeFee, feeModeOf, lineAmount } from '../../cloudfunctions/core/fees';
import type { FeeInput } from '../../typings/fees';

const breaker = { id: 'demo-mat-breaker', name: '空气开关', spec: 'DZ47 2P 32A', unit: '个', price: 4500 };
const wire = { id: 'demo-mat-wire', name: '电线', spec: 'BV 2.5mm²', unit: '米', price: 350 };
const tape = { id: 'demo-mat-tape', name: '生料带', spec: '20m', unit: '卷', price: 200 };

const base: FeeInput = { mode: 'after_service', visitFeeFen: 0, hourlyRateFen: 6000, workMinutes: 0, serviceItems: [], materials: [] };

describe('computeFee on seed-like completions', () => {
  const cases: [string, Partial<FeeInput>, Record<string, unknown>][] = [
    [
      '空调维修: 30 元 visit fee, 2 materials (one of 2.5 米), 75 minutes at 80 元/h, billed to the resident',
      { mode: 'after_service', visitFeeFen: 3000, hourlyRateFen: 8000, workMinutes: 75, materials: [{ ...breaker, qty: 1 }, { ...wire, qty: 2.5 }] },
      { labor: 10000, visit: 3000, items: 0, materials: 4500 + 875, total: 18375, payer: 'resident', due: 18375, paid: false, mode: 'after_service' },
    ],
    [
      '水管漏水 (free): the costs are listed and the company bears them; the resident owes nothing',
      { mode: 'free', hourlyRateFen: 6000, workMinutes: 40, materials: [{ ...tape, qty: 2 }] },
      { labor: 4500, visit: 0, materials: 400, total: 4900, payer: 'company', due: 0, mode: 'free' },
    ],
    [
      'service items with quantities: 疏通费 × 1, 搬运 × 3, 清洗 333 fen × 1.5 = 499.5 → 500',
      { workMinutes: 30, serviceItems: [{ name: '疏通费', price: 5000, qty: 1 }, { name: '搬运', price: 1250, qty: 3 }, { name: '清洗', price: 333, qty: 1.5 }] },
      { labor: 3000, items: 5000 + 3750 + 500, total: 3000 + 9250, due: 12250 },
    ],
    [
      'a paid category the company takes on for this order (公司承担): listed, nothing due',
      { payer: 'company', visitFeeFen: 3000, workMinutes: 15 },
      { labor: 1500, visit: 3000, total: 4500, payer: 'company', due: 0 },
    ],
    [
      'deposit: what the resident paid when ordering comes off what is due',
      { mode: 'deposit', visitFeeFen: 3000, workMinutes: 60, paidInAdvance: 5000 },
      { labor: 6000, visit: 3000, total: 9000, payer: 'resident', due: 4000, mode: 'deposit' },
    ],
    [
      'prepaid more than the bill: nothing due, never negative; the unused part is to be refunded',
      { mode: 'prepaid', workMinutes: 15, paidInAdvance: 20000 },
      { total: 1500, due: 0, refund: 18500 },
    ],
    [
      'a deposit and the company takes the costs (公司承担): all of the deposit goes back',
      { mode: 'deposit', payer: 'company', visitFeeFen: 3000, workMinutes: 30, paidInAdvance: 5000 },
      { total: 6000, payer: 'company', due: 0, refund: 5000 },
    ],
    [
      'a deposit exactly the bill: nothing due, nothing back',
      { mode: 'deposit', visitFeeFen: 3000, workMinutes: 60, paidInAdvance: 9000 },
      { total: 9000, due: 0 },
    ],
    [
      'a free category stays the company’s even if the order says the resident pays',
      { mode: 'free', payer: 'resident', visitFeeFen: 3000, workMinutes: 10 },
      { payer: 'company', due: 0, total: 1500 + 3000 },
    ],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(computeFee({ ...base, ...input })).toMatchObject(expected);
  });

  it('lists every line the resident sees, in bill order: labor, visit, service items, materials', () => {
    const fee = computeFee({ ...base, mode: 'after_service', visitFeeFen: 3000, hourlyRateFen: 8000, workMinutes: 75, serviceItems: [{ name: '高空作业', price: 2000, qty: 1 }], materials: [{ ...wire, qty: 2.5 }] });
    expect(fee.lines).toEqual([
      { kind: 'labor', name: '人工费', unit: '小时', price: 8000, qty: 1.25, amount: 10000 },
      { kind: 'visit', name: '上门费', unit: '次', price: 3000, qty: 1, amount: 3000 },
      { kind: 'item', name: '高空作业', price: 2000, qty: 1, amount: 2000 },
      { kind: 'material', name: '电线', materialId: 'demo-mat-wire', spec: 'BV 2.5mm²', unit: '米', price: 350, qty: 2.5, amount: 875 },
    ]);
    expect(fee.lines.reduce((s, l) => s + l.amount, 0)).toBe(fee.total);
  });

  it('lists no labor line for no work time and no visit line without a visit fee', () => {
    expect(computeFee({ ...base, materials: [{ ...tape, qty: 1 }] }).lines.map((l) => l.kind)).toEqual(['material']);
  });
});

describe('rounding rules', () => {
  it.each([
    [1, 15], [14, 15], [15, 15], [16, 30], [40, 45], [45, 45], [60, 60], [61, 75], [75, 75], [76, 90], [24 * 60, 24 * 60],
  ])('%i work minutes bill as %i (started quarter-hours)', (minutes, billed) => {
    expect(billedMinutes(minutes)).toBe(billed);
  });

  it.each([
    [350, 2.5, 875],
    [333, 1.5, 500], // 499.5 → 500: half-up
    [333, 0.5, 167], // 166.5 → 167
    [1, 0.5, 1],
    [1, 0.49, 0],
    [199, 0.07, 14], // 13.93; 0.07 × 100 is 7.000000000000001 in floating point, counted as 7 hundredths
    [6800, 3, 20400],
  ])('%i fen × %d = %i fen (half-up to a fen)', (price, qty, amount) => {
    expect(lineAmount(price, qty, 'x')).toBe(amount);
  });

  it('labor at a rate that does not divide into quarters rounds half-up once: 10 min at 50 fen/h = 12.5 → 13 fen', () => {
    expect(computeFee({ ...base, hourlyRateFen: 50, workMinutes: 10 }).labor).toBe(13);
  });

  it('refuses a price or rate that is not whole fen (the settings are data, not floats)', () => {
    expect(() => computeFee({ ...base, hourlyRateFen: 60.5, workMinutes: 10 })).toThrow(RangeError);
    expect(() => computeFee({ ...base, materials: [{ ...tape, price: -1, qty: 1 }] })).toThrow(RangeError);
    expect(() => computeFee({ ...base, visitFeeFen: Number.NaN })).toThrow(RangeError);
  });
});

describe('feeModeOf: which mode a completion is billed under', () => {
  it.each([
    ['an order reported free stays free, whatever the category says now', false, { feeMode: 'after_service' as const }, 'free'],
    ['a paid order follows its category', true, { feeMode: 'deposit' as const }, 'deposit'],
    ['a paid order whose category was made free since is billed after service', true, { feeMode: 'free' as const }, 'after_service'],
    ['a paid order whose category is gone is billed after service', true, undefined, 'after_service'],
  ])('%s', (_name, paid, category, mode) => {
    expect(feeModeOf(paid, category)).toBe(mode);
  });
});
