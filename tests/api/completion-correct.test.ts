/**
 * Correcting a completion before the reporter confirms it (issue 10): order.correct prices the
 * record again, gives the replaced record's stock back and takes the new lines, exactly once, also
 * under races and retries; a reopen of an unconfirmed completion gives its stock back; a confirmed,
 * verified or paid record is locked.
 */
import type { Requisition, StockMove } from '../../typings/fees';
import { sdkDatabase, type Db } from '../local-cloud/database-sdk';
import { ASSIGNEE, DISPATCHER, REPORTER, call, driveTo, err, ok, fileOf, resetDemo, snapshot, stockOf as materialStock, useDemoCloud } from '../support/orders';

let url = '';
let db: Db;
useDemoCloud((u) => {
  url = u;
  db = sdkDatabase(u);
});

const TAPE = 'demo-mat-tape';
const BREAKER = 'demo-mat-breaker';

const stockOf = (id: string): Promise<number> => materialStock(url, id);

async function setStock(id: string, stock: number): Promise<void> {
  await db.collection('materials').doc(id).update({ data: { stock } });
}

const rows = async <T>(collection: string, where: object): Promise<T[]> => (await db.collection(collection).where(where).limit(1000).get()).data as unknown as T[];

/** net quantity of a material out for an order, by its moves */
async function outFor(orderId: string, materialId: string): Promise<number> {
  const moves = await rows<StockMove>('stock_moves', { orderId });
  let n = 0;
  for (const m of moves) for (const l of m.lines) if (l.materialId === materialId) n += m.kind === 'use' ? l.qty : m.kind === 'return' ? -l.qty : 0;
  return Math.round(n * 100) / 100;
}

const work = (tape: number, more: object = {}) => ({ summary: '更换水管接头', workMinutes: 40, materials: [{ materialId: TAPE, qty: tape }], ...more });

describe('order.correct: the record changes until the reporter confirms it', () => {
  beforeEach(async () => {
    await resetDemo(url);
  });

  it('the technician corrects quantities: the fee follows, the first record’s stock comes back and the new lines are taken', async () => {
    const tape0 = await stockOf(TAPE);
    const breaker0 = await stockOf(BREAKER);
    const order = await driveTo(url, 'in_progress');
    const done = await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work(3) });
    expect(await stockOf(TAPE)).toBe(tape0 - 3);

    const quote = await ok(url, ASSIGNEE, 'order.quote', { orderId: order.id, ...work(1, { materials: [{ materialId: TAPE, qty: 1 }, { materialId: BREAKER, qty: 1 }] }) });
    const corrected = await ok(url, ASSIGNEE, 'order.correct', { orderId: order.id, ...work(1, { materials: [{ materialId: TAPE, qty: 1 }, { materialId: BREAKER, qty: 1 }] }) });
    expect(corrected.status).toBe('completed');
    expect(corrected.fee).toEqual(quote);
    expect(corrected.fee?.materials).toBe(200 + 4500);
    expect(corrected.completion).toMatchObject({ locked: false, correctedAt: expect.any(String), departedAt: done.completion?.departedAt });
    expect(corrected.completion?.materials.map((m) => [m.materialId, m.qty])).toEqual([[TAPE, 1], [BREAKER, 1]]);
    // the rating window runs from the completion, not the correction
    expect(corrected.completedAt).toBe(done.completedAt);
    expect(corrected.timeline.at(-1)).toMatchObject({ step: 'correct', from: 'completed', to: 'completed', by: { openid: ASSIGNEE } });

    expect(await stockOf(TAPE)).toBe(tape0 - 1);
    expect(await stockOf(BREAKER)).toBe(breaker0 - 1);
    expect(await outFor(order.id, TAPE)).toBe(1);
    const moves = await rows<StockMove>('stock_moves', { orderId: order.id, kind: 'return' });
    expect(moves).toEqual([expect.objectContaining({ kind: 'return', orderNo: order.orderNo, by: ASSIGNEE, lines: [expect.objectContaining({ materialId: TAPE, qty: 3 })] })]);
    // the reporter sees the corrected bill, not the store's bookkeeping
    const seen = await ok(url, REPORTER, 'order.get', { orderId: order.id });
    expect(seen.fee).toEqual(quote);
    expect(seen.completion?.stock).toBeUndefined();
    expect(corrected.completion?.stock?.taken.map((l) => [l.materialId, l.qty])).toEqual([[TAPE, 1], [BREAKER, 1]]);
  });

  it('a correction sent again with its requestId changes nothing more: stock given back once', async () => {
    const tape0 = await stockOf(TAPE);
    const order = await driveTo(url, 'in_progress');
    await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work(2) });
    const payload = { orderId: order.id, ...work(1) };
    const first = await call(url, ASSIGNEE, 'order.correct', payload, 'correct-fix-1');
    const again = await call(url, ASSIGNEE, 'order.correct', payload, 'correct-fix-1');
    expect(first.ok && again.ok).toBe(true);
    expect(await stockOf(TAPE)).toBe(tape0 - 1);
    expect(await rows<StockMove>('stock_moves', { orderId: order.id, kind: 'return' })).toHaveLength(1);
    expect((await ok(url, REPORTER, 'order.get', { orderId: order.id })).version).toBe(order.version + 2);
  });

  it('5 corrections sent at once: each that lands gives back what the one before took, so stock ends as the last record says', async () => {
    const tape0 = await stockOf(TAPE);
    const order = await driveTo(url, 'in_progress');
    await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work(4) });
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => call(url, ASSIGNEE, 'order.correct', { orderId: order.id, ...work(n) })));
    const landed = results.filter((r) => r.ok).length;
    expect(landed).toBeGreaterThanOrEqual(1);
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    const qty = (await ok(url, REPORTER, 'order.get', { orderId: order.id })).completion?.materials[0]?.qty ?? -1;
    expect(await stockOf(TAPE)).toBe(tape0 - qty);
    expect(await outFor(order.id, TAPE)).toBe(qty);
    // one return per correction that landed, none for those that lost their race
    expect(await rows<StockMove>('stock_moves', { orderId: order.id, kind: 'return' })).toHaveLength(landed);
    expect(await rows<StockMove>('stock_moves', { orderId: order.id, kind: 'use' })).toHaveLength(landed + 1);
  });

  it('the replaced record’s requisition is cancelled; a line the new record cannot get from stock raises its own', async () => {
    const order = await driveTo(url, 'in_progress');
    await setStock(TAPE, 1);
    await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work(3) });
    const [first] = await rows<Requisition>('requisitions', { orderId: order.id });
    expect(first).toMatchObject({ status: 'open', lines: [expect.objectContaining({ materialId: TAPE, qty: 3 })] });
    expect(await stockOf(TAPE)).toBe(1);

    await ok(url, ASSIGNEE, 'order.correct', { orderId: order.id, ...work(2) });
    const reqs = await rows<Requisition>('requisitions', { orderId: order.id });
    expect(reqs.find((r) => r.id === first?.id)?.status).toBe('cancelled');
    expect(reqs.filter((r) => r.status === 'open')).toEqual([expect.objectContaining({ lines: [expect.objectContaining({ materialId: TAPE, qty: 2 })] })]);
    // nothing was taken, nothing comes back
    expect(await stockOf(TAPE)).toBe(1);
    expect(await rows<StockMove>('stock_moves', { orderId: order.id })).toEqual([]);
  });

  it('locked once the reporter confirms it; nobody else corrects it', async () => {
    const order = await driveTo(url, 'in_progress');
    await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work(1) });
    expect((await err(url, REPORTER, 'order.correct', { orderId: order.id, ...work(2) })).code).toBe('FORBIDDEN');
    expect((await err(url, 'demo-night', 'order.correct', { orderId: order.id, ...work(2) })).code).toBe('FORBIDDEN');
    await ok(url, REPORTER, 'order.rate', { orderId: order.id, score: 5 });
    const before = await snapshot(url, order.id);
    expect(await err(url, ASSIGNEE, 'order.correct', { orderId: order.id, ...work(2) })).toMatchObject({ code: 'CONFLICT', message: '订单当前已完结，不能修改完工记录' });
    expect(await snapshot(url, order.id)).toEqual(before);
  });

  it('a record reported on behalf and confirmed waits for the desk’s verification, locked', async () => {
    const order = await driveTo(url, 'in_progress');
    await ok(url, DISPATCHER, 'order.complete', { orderId: order.id, ...work(1) });
    expect((await ok(url, REPORTER, 'order.rate', { orderId: order.id, score: 4 })).status).toBe('completed');
    const before = await snapshot(url, order.id);
    expect(await err(url, DISPATCHER, 'order.correct', { orderId: order.id, ...work(2) })).toMatchObject({ code: 'CONFLICT', message: '报修人已确认，完工记录已锁定' });
    expect(await err(url, ASSIGNEE, 'order.quote', { orderId: order.id, ...work(2) })).toMatchObject({ code: 'CONFLICT' });
    expect(await snapshot(url, order.id)).toEqual(before);
  });

  it('a correction keeps the record’s own photos, whoever took them; a file nobody on it uploaded is refused', async () => {
    const order = await driveTo(url, 'in_progress');
    const techPhoto = fileOf(ASSIGNEE, 'done/1.jpg');
    const signature = fileOf(ASSIGNEE, 'sign/1.png');
    await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work(1), photos: [techPhoto], signature });
    const deskPhoto = fileOf(DISPATCHER, 'check.jpg');
    const fixed = await ok(url, DISPATCHER, 'order.correct', { orderId: order.id, ...work(1), photos: [techPhoto, deskPhoto], signature });
    expect(fixed.completion).toMatchObject({ photos: [techPhoto, deskPhoto], signature });
    const before = await snapshot(url, order.id);
    const e = await err(url, DISPATCHER, 'order.correct', { orderId: order.id, ...work(1), photos: [techPhoto, fileOf(REPORTER, 'kitchen.jpg')] });
    expect(e).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.photos.1': 'not a file you uploaded' } });
    expect(await snapshot(url, order.id)).toEqual(before);
  });

  it('the desk corrects a record reported on behalf before verifying it', async () => {
    const order = await driveTo(url, 'in_progress');
    await ok(url, DISPATCHER, 'order.complete', { orderId: order.id, ...work(1) });
    const fixed = await ok(url, DISPATCHER, 'order.correct', { orderId: order.id, ...work(1, { summary: '更换接头，已试压' }) });
    expect(fixed.completion).toMatchObject({ summary: '更换接头，已试压', onBehalf: true, by: DISPATCHER });
  });
});

describe('reopen gives back the stock of a record the reporter never confirmed', () => {
  beforeEach(async () => {
    await resetDemo(url);
  });

  it('reopened before confirming: the materials return once, the visit keeps its record and says so', async () => {
    const tape0 = await stockOf(TAPE);
    const order = await driveTo(url, 'in_progress');
    await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work(2) });
    const reopened = await ok(url, REPORTER, 'order.reopen', { orderId: order.id, reason: '还是漏水' });
    expect(reopened.visits?.[0]).toMatchObject({ stockReturned: true, completion: expect.objectContaining({ materials: [expect.objectContaining({ materialId: TAPE, qty: 2 })] }) });
    expect(await stockOf(TAPE)).toBe(tape0);
    expect(await outFor(order.id, TAPE)).toBe(0);

    // the second visit takes its own materials; its record is confirmed and keeps them
    await ok(url, ASSIGNEE, 'order.accept', { orderId: order.id });
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: order.id });
    await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work(1) });
    await ok(url, REPORTER, 'order.rate', { orderId: order.id, score: 2 });
    const again = await ok(url, REPORTER, 'order.reopen', { orderId: order.id, reason: '又漏了' });
    expect(again.visits?.[1]?.stockReturned).toBeUndefined();
    expect(await stockOf(TAPE)).toBe(tape0 - 1);
    expect(await rows<StockMove>('stock_moves', { orderId: order.id, kind: 'return' })).toHaveLength(1);
  });
});
