/**
 * Properties of the fee rules over random completions (fast-check): the total is the sum of its
 * parts and of its lines, every amount is a whole, non-negative number of fen, and more work or
 * more material never makes a bill smaller.
 */
import fc from 'fast-check';
import { computeFee } from '../../cloudfunctions/core/fees';
import type { FeeInput } from '../../typings/fees';

const fen = fc.integer({ min: 0, max: 1_000_000 });
/** quantities with up to 2 decimals, as the API accepts them */
const qty = fc.integer({ min: 1, max: 999_900 }).map((h) => h / 100);
const material = fc.record({ id: fc.constant('m'), name: fc.constant('材料'), spec: fc.constant('规格'), unit: fc.constant('个'), price: fen, qty });
const item = fc.record({ name: fc.constant('服务'), price: fen, qty });

const input: fc.Arbitrary<FeeInput> = fc.record({
  mode: fc.constantFrom('free', 'after_service', 'deposit', 'prepaid'),
  visitFeeFen: fen,
  hourlyRateFen: fc.integer({ min: 0, max: 100_000 }),
  workMinutes: fc.integer({ min: 0, max: 24 * 60 }),
  serviceItems: fc.array(item, { maxLength: 20 }),
  materials: fc.array(material, { maxLength: 30 }),
  payer: fc.option(fc.constantFrom('resident' as const, 'company' as const), { nil: undefined }),
  paidInAdvance: fc.option(fen, { nil: undefined }),
});

const wholeFen = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

describe('fee properties', () => {
  it('total = labor + visit + items + materials = the sum of the lines', () => {
    fc.assert(
      fc.property(input, (i) => {
        const f = computeFee(i);
        expect(f.total).toBe(f.labor + f.visit + f.items + f.materials);
        expect(f.lines.reduce((s, l) => s + l.amount, 0)).toBe(f.total);
      }),
    );
  });

  it('every amount is whole fen and never negative; what is due is at most the total', () => {
    fc.assert(
      fc.property(input, (i) => {
        const f = computeFee(i);
        for (const n of [f.labor, f.visit, f.items, f.materials, f.total, f.due, ...f.lines.map((l) => l.amount)]) expect(wholeFen(n)).toBe(true);
        expect(f.due).toBeLessThanOrEqual(f.total);
      }),
    );
  });

  it('the advance settles the bill: what is due and what goes back add up, and never both', () => {
    fc.assert(
      fc.property(input, (i) => {
        const f = computeFee(i);
        const advance = i.paidInAdvance ?? 0;
        const owed = f.payer === 'company' ? 0 : f.total;
        // paid in advance + paid now − given back = what the resident owes
        expect(advance + f.due - (f.refund ?? 0)).toBe(owed);
        expect(f.due > 0 && (f.refund ?? 0) > 0).toBe(false);
        if (f.refund !== undefined) expect(wholeFen(f.refund) && f.refund > 0).toBe(true);
      }),
    );
  });

  it('the company pays every free category: nothing is due from the resident', () => {
    fc.assert(
      fc.property(input, (i) => {
        const f = computeFee({ ...i, mode: 'free' });
        expect(f).toMatchObject({ payer: 'company', due: 0 });
      }),
    );
  });

  it('is monotone in work minutes', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 0, max: 600 }), (i, more) => {
        const a = computeFee(i);
        const b = computeFee({ ...i, workMinutes: i.workMinutes + more });
        expect(b.labor).toBeGreaterThanOrEqual(a.labor);
        expect(b.total).toBeGreaterThanOrEqual(a.total);
      }),
    );
  });

  it('is monotone in material and service item quantities', () => {
    fc.assert(
      fc.property(input, fc.nat(), fc.integer({ min: 1, max: 10_000 }), (i, pick, extra) => {
        const a = computeFee(i);
        const bump = <T extends { qty: number }>(list: readonly T[]): T[] =>
          list.map((x, k) => (k === pick % Math.max(list.length, 1) ? { ...x, qty: x.qty + extra / 100 } : x));
        const b = computeFee({ ...i, materials: bump(i.materials), serviceItems: bump(i.serviceItems) });
        expect(b.materials).toBeGreaterThanOrEqual(a.materials);
        expect(b.items).toBeGreaterThanOrEqual(a.items);
        expect(b.total).toBeGreaterThanOrEqual(a.total);
      }),
    );
  });
});
