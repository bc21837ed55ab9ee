/**
 * Fees and stock through the API (issue 10): order.quote shows what order.complete then records;
 * labor, the 空调维修 visit fee, service items and catalog materials are the server's; completing
 * with materials takes them from stock with a move, and a line stock cannot cover becomes a
 * requisition (领料单) while the completion lands; stock.receive restocks; stock never goes below zero.
 */
import type { Material, OrderWithTimeline } from '../../typings/domain';
import type { FeeBreakdown, Requisition, StockMove } from '../../typings/fees';
import { sdkDatabase, type Db } from '../local-cloud/database-sdk';
import { ASSIGNEE, DISPATCHER, LEADER, MANAGER, NIGHT_TECH, REPORTER, call, driveTo, err, ok, resetDemo, snapshot, stockOf as materialStock, useDemoCloud } from '../support/orders';

let url = '';
let db: Db;
useDemoCloud((u) => {
  url = u;
  db = sdkDatabase(u);
});

const AC = 'demo-appliance-ac';

const stockOf = (id: string): Promise<number> => materialStock(url, id);

const rows = async <T>(collection: string, where: object): Promise<T[]> => (await db.collection(collection).where(where).limit(1000).get()).data as unknown as T[];

/** The air conditioner job of the fee rules' table: breaker × 1, 2.5 米 of wire, 75 minutes, a service item. */
const acWork = {
  summary: '更换空调电源开关及线路',
  workMinutes: 75,
  materials: [{ materialId: 'demo-mat-breaker', qty: 1 }, { materialId: 'demo-mat-wire', qty: 2.5 }],
  serviceItems: [{ name: '高空作业', price: 2000, qty: 1 }],
};

describe('order.quote and order.complete price a completion the same way', () => {
  beforeAll(async () => {
    await resetDemo(url);
  });

  it('空调维修: the quote shows labor at 工程部’s 60 元/h (75 min), the 30 元 visit fee, the item and the materials; nothing is written', async () => {
    const order = await driveTo(url, 'in_progress', { categoryId: AC, description: '空调不制冷，电源开关烧了' });
    const before = await snapshot(url, order.id);
    const breakerBefore = await stockOf('demo-mat-breaker');

    const quote = await ok(url, ASSIGNEE, 'order.quote', { orderId: order.id, ...acWork });
    expect(quote).toEqual({
      labor: 7500, visit: 3000, items: 2000, materials: 4500 + 875, total: 7500 + 3000 + 2000 + 5375,
      payer: 'resident', paid: false, mode: 'after_service', due: 17875,
      lines: [
        { kind: 'labor', name: '人工费', unit: '小时', price: 6000, qty: 1.25, amount: 7500 },
        { kind: 'visit', name: '上门费', unit: '次', price: 3000, qty: 1, amount: 3000 },
        { kind: 'item', name: '高空作业', price: 2000, qty: 1, amount: 2000 },
        { kind: 'material', name: '空气开关', materialId: 'demo-mat-breaker', spec: 'DZ47 2P 32A', unit: '个', price: 4500, qty: 1, amount: 4500 },
        { kind: 'material', name: '电线', materialId: 'demo-mat-wire', spec: 'BV 2.5mm²', unit: '米', price: 350, qty: 2.5, amount: 875 },
      ],
    } satisfies FeeBreakdown);
    expect(await snapshot(url, order.id)).toEqual(before);
    expect(await stockOf('demo-mat-breaker')).toBe(breakerBefore);

    const done = await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...acWork });
    expect(done.fee).toEqual(quote);
    expect(done.completion?.serviceItems).toEqual([{ name: '高空作业', price: 2000, qty: 1, amount: 2000 }]);
    expect(done.completion?.materials.map((m) => m.amount)).toEqual([4500, 875]);
    // the resident reads the same bill
    expect((await ok(url, REPORTER, 'order.get', { orderId: order.id })).fee).toEqual(quote);
  });

  it('a free water leak: the costs are listed and borne by the company (公司承担); the resident owes nothing', async () => {
    const order = await driveTo(url, 'in_progress');
    const work = { summary: '更换接头', workMinutes: 40, materials: [{ materialId: 'demo-mat-tape', qty: 2 }] };
    const quote = await ok(url, ASSIGNEE, 'order.quote', { orderId: order.id, ...work });
    expect(quote).toMatchObject({ labor: 4500, visit: 0, materials: 400, total: 4900, payer: 'company', due: 0, mode: 'free' });
    expect((await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work })).fee).toEqual(quote);
  });

  it('the leader and the service center may quote for the assignee, as they may complete for them (代报完工)', async () => {
    const order = await driveTo(url, 'in_progress', { categoryId: AC });
    const mine = await ok(url, ASSIGNEE, 'order.quote', { orderId: order.id, summary: '检修', workMinutes: 30 });
    expect(await ok(url, LEADER, 'order.quote', { orderId: order.id, summary: '检修', workMinutes: 30 })).toEqual(mine);
    expect(await ok(url, DISPATCHER, 'order.quote', { orderId: order.id, summary: '检修', workMinutes: 30 })).toEqual(mine);
    expect(mine).toMatchObject({ labor: 3000, visit: 3000, total: 6000 });
  });

  it('whoever may not complete the order may not quote it; nor before the work can be completed', async () => {
    const order = await driveTo(url, 'in_progress', { categoryId: AC });
    const payload = { orderId: order.id, summary: '检修', workMinutes: 30 };
    expect((await err(url, REPORTER, 'order.quote', payload)).code).toBe('FORBIDDEN');
    expect((await err(url, NIGHT_TECH, 'order.quote', payload)).code).toBe('FORBIDDEN');
    expect((await err(url, 'demo2-manager', 'order.quote', payload)).code).toBe('FORBIDDEN');
    expect((await err(url, undefined, 'order.quote', payload)).code).toBe('UNAUTHENTICATED');
    expect((await err(url, ASSIGNEE, 'order.quote', { ...payload, orderId: 'no-such-order' })).code).toBe('NOT_FOUND');
    const pending = await driveTo(url, 'pending');
    expect((await err(url, DISPATCHER, 'order.quote', { ...payload, orderId: pending.id })).code).toBe('CONFLICT');
  });

  it('a client-sent amount is refused, not used; bad quantities and prices name their field', async () => {
    const order = await driveTo(url, 'in_progress');
    const before = await snapshot(url, order.id);
    const base = { orderId: order.id, summary: '疏通', workMinutes: 30 };
    const cases: [object, string][] = [
      [{ serviceItems: [{ name: '疏通费', amount: 5000 }] }, 'payload.serviceItems.0.price'],
      [{ serviceItems: [{ name: '疏通费', price: 5000, qty: 1, amount: 1 }] }, 'payload.serviceItems.0.amount'],
      [{ serviceItems: [{ name: '疏通费', price: 50.5, qty: 1 }] }, 'payload.serviceItems.0.price'],
      [{ serviceItems: [{ name: '疏通费', price: 5000, qty: 0 }] }, 'payload.serviceItems.0.qty'],
      [{ materials: [{ materialId: 'demo-mat-wire', qty: 1.234 }] }, 'payload.materials.0.qty'],
      [{ materials: [{ materialId: 'demo-mat-wire', qty: -1 }] }, 'payload.materials.0.qty'],
      [{ materials: [{ materialId: { $gt: '' }, qty: 1 }] }, 'payload.materials.0.materialId'],
      [{ fee: { total: 0 } }, 'payload.fee'],
    ];
    for (const action of ['order.quote', 'order.complete'] as const) {
      for (const [extra, field] of cases) {
        const e = await err(url, ASSIGNEE, action, { ...base, ...extra });
        expect({ action, field, code: e.code, named: Object.keys(e.fields ?? {}) }).toEqual({ action, field, code: 'INVALID_ARGUMENT', named: expect.arrayContaining([field]) });
      }
    }
    expect(await snapshot(url, order.id)).toEqual(before);
    expect(await stockOf('demo-mat-wire')).toBe(300 - 2.5);
  });

  it('a material of another property is NOT_FOUND, naming its line; nothing is taken from stock', async () => {
    const order = await driveTo(url, 'in_progress');
    const tape = await stockOf('demo-mat-tape');
    const e = await err(url, ASSIGNEE, 'order.complete', { orderId: order.id, summary: '换管', workMinutes: 10, materials: [{ materialId: 'demo-mat-tape', qty: 1 }, { materialId: 'demo2-mat-tape', qty: 1 }] });
    expect(e).toMatchObject({ code: 'NOT_FOUND', fields: { 'payload.materials.1.materialId': expect.any(String) } });
    expect(await stockOf('demo-mat-tape')).toBe(tape);
  });
});

describe('service items: picked from the property’s settings, or priced on site', () => {
  beforeAll(async () => {
    await resetDemo(url);
  });

  it('a picked item is billed at its settings’ name, unit and price; a custom line as the technician priced it', async () => {
    const order = await driveTo(url, 'in_progress', { categoryId: AC });
    const work = { summary: '疏通下水并清运', workMinutes: 30, serviceItems: [{ serviceItemId: 'demo-svc-unclog', qty: 1 }, { serviceItemId: 'demo-svc-haul', qty: 2 }, { name: '夜间加急', price: 1500, qty: 1 }] };
    const quote = await ok(url, ASSIGNEE, 'order.quote', { orderId: order.id, ...work });
    expect(quote.lines.filter((l) => l.kind === 'item')).toEqual([
      { kind: 'item', name: '管道疏通', price: 5000, qty: 1, amount: 5000 },
      { kind: 'item', name: '垃圾清运', price: 3000, qty: 2, amount: 6000 },
      { kind: 'item', name: '夜间加急', price: 1500, qty: 1, amount: 1500 },
    ]);
    expect(quote.items).toBe(12500);
    const done = await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...work });
    expect(done.fee).toEqual(quote);
    expect(done.completion?.serviceItems).toEqual([
      { serviceItemId: 'demo-svc-unclog', name: '管道疏通', unit: '次', price: 5000, qty: 1, amount: 5000 },
      { serviceItemId: 'demo-svc-haul', name: '垃圾清运', unit: '次', price: 3000, qty: 2, amount: 6000 },
      { name: '夜间加急', price: 1500, qty: 1, amount: 1500 },
    ]);
    // a later price change does not touch the recorded bill
    await ok(url, MANAGER, 'settings.serviceItems.save', { id: 'demo-svc-unclog', propertyId: 'demo', name: '管道疏通', price: 8000, unit: '次' });
    expect((await ok(url, REPORTER, 'order.get', { orderId: order.id })).fee).toEqual(quote);
  });

  it('a disabled item, an unknown one or another property’s is NOT_FOUND naming its line; nothing is written', async () => {
    const order = await driveTo(url, 'in_progress');
    const before = await snapshot(url, order.id);
    for (const serviceItemId of ['demo-svc-old', 'demo-svc-nothing']) {
      const e = await err(url, ASSIGNEE, 'order.complete', { orderId: order.id, summary: '完工', workMinutes: 20, serviceItems: [{ name: '自定', price: 100, qty: 1 }, { serviceItemId, qty: 1 }] });
      expect(e).toMatchObject({ code: 'NOT_FOUND', fields: { 'payload.serviceItems.1.serviceItemId': expect.any(String) } });
    }
    const item = await ok(url, 'demo2-manager', 'settings.serviceItems.save', { propertyId: 'demo-2', name: '管道疏通', price: 100, unit: '次' });
    expect(await err(url, ASSIGNEE, 'order.quote', { orderId: order.id, summary: '完工', workMinutes: 20, serviceItems: [{ serviceItemId: item.id, qty: 1 }] })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshot(url, order.id)).toEqual(before);
  });
});

describe('stock: completions take materials, requisitions cover what stock lacks', () => {
  beforeAll(async () => {
    await resetDemo(url);
  });

  it('a completion takes each line from stock and records one move naming the order, materials, quantities, who and when', async () => {
    const order = await driveTo(url, 'in_progress', { categoryId: AC });
    const done = await ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, ...acWork });
    expect(await stockOf('demo-mat-breaker')).toBe(20 - 1);
    expect(await stockOf('demo-mat-wire')).toBe(300 - 2.5);
    const moves = await rows<StockMove>('stock_moves', { orderId: order.id });
    expect(moves).toEqual([
      expect.objectContaining({
        propertyId: 'demo', kind: 'use', orderId: order.id, orderNo: done.orderNo, by: ASSIGNEE, byName: '赵强', at: done.completedAt,
        lines: [
          { materialId: 'demo-mat-breaker', name: '空气开关', spec: 'DZ47 2P 32A', unit: '个', qty: 1 },
          { materialId: 'demo-mat-wire', name: '电线', spec: 'BV 2.5mm²', unit: '米', qty: 2.5 },
        ],
      }),
    ]);
    expect(await rows('requisitions', { orderId: order.id })).toEqual([]);
  });

  it('a line without stock becomes a requisition for the storekeeper; the completion lands and is billed', async () => {
    const order = await driveTo(url, 'in_progress');
    const done = await ok(url, ASSIGNEE, 'order.complete', {
      orderId: order.id, summary: '换锁芯', workMinutes: 20,
      materials: [{ materialId: 'demo-mat-lock', qty: 1 }, { materialId: 'demo-mat-hinge', qty: 2 }],
    });
    expect(done.status).toBe('completed');
    expect(done.fee).toMatchObject({ materials: 12000 + 1200 });
    expect(await stockOf('demo-mat-lock')).toBe(0);
    expect(await stockOf('demo-mat-hinge')).toBe(40 - 2);
    const open = await ok(url, MANAGER, 'stock.requisitions', { propertyId: 'demo', status: 'open' });
    expect(open).toEqual([
      {
        id: expect.any(String), propertyId: 'demo', orderId: order.id, orderNo: done.orderNo, status: 'open',
        lines: [{ materialId: 'demo-mat-lock', name: '门锁锁芯', spec: 'C级', unit: '个', qty: 1 }],
        by: ASSIGNEE, byName: '赵强', at: done.completedAt ?? 'completed',
      } satisfies Requisition,
    ]);
    expect((await rows<StockMove>('stock_moves', { orderId: order.id }))[0]?.lines.map((l) => l.materialId)).toEqual(['demo-mat-hinge']);
    expect(await ok(url, DISPATCHER, 'stock.requisitions', { propertyId: 'demo' })).toEqual(open);
    expect(await ok(url, MANAGER, 'stock.requisitions', { propertyId: 'demo', status: 'issued' })).toEqual([]);
  });

  it('20 concurrent completions using the last 3 units: 3 take one, 17 become requisitions, stock ends at 0, never below', async () => {
    const orders: OrderWithTimeline[] = [];
    for (let i = 0; i < 20; i++) orders.push(await driveTo(url, 'in_progress', { description: `马桶进水阀坏了 ${i + 1}` }));
    await db.collection('materials').doc('demo-mat-fill-valve').update({ data: { stock: 3 } });
    const done = await Promise.all(
      orders.map((o) => call(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '更换进水阀', workMinutes: 30, materials: [{ materialId: 'demo-mat-fill-valve', qty: 1 }] })),
    );
    expect(done.map((r) => r.ok && r.data.status)).toEqual(Array(20).fill('completed'));
    expect(await stockOf('demo-mat-fill-valve')).toBe(0);
    const ids = orders.map((o) => o.id);
    const used = (await rows<StockMove>('stock_moves', { orderId: db.command.in(ids) })).filter((m) => m.kind === 'use');
    const requisitioned = await rows<Requisition>('requisitions', { orderId: db.command.in(ids) });
    expect(used).toHaveLength(3);
    expect(requisitioned).toHaveLength(17);
    expect(new Set([...used, ...requisitioned].map((r) => r.orderId)).size).toBe(20);
    // each completion record says which: taken from stock, or on a requisition
    const records = await Promise.all(ids.map((id) => ok(url, ASSIGNEE, 'order.get', { orderId: id })));
    expect(records.filter((o) => (o.completion?.stock?.taken ?? []).length === 1)).toHaveLength(3);
    expect(records.filter((o) => o.completion?.stock?.requisitionId)).toHaveLength(17);
  });

  it('the same completion sent 5 times at once: one lands, stock is taken once, one move', async () => {
    const order = await driveTo(url, 'in_progress');
    const before = await stockOf('demo-mat-faucet');
    const payload = { orderId: order.id, summary: '换龙头', workMinutes: 20, materials: [{ materialId: 'demo-mat-faucet', qty: 1 }] };
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(url, ASSIGNEE, 'order.complete', payload)));
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(Array(4).fill('CONFLICT'));
    expect(await stockOf('demo-mat-faucet')).toBe(before - 1);
    expect(await rows('stock_moves', { orderId: order.id })).toHaveLength(1);
  });
});

describe('stock.receive and stock.requisitions', () => {
  beforeAll(async () => {
    await resetDemo(url);
  });

  it('a manager restocks: the material answers with its new stock and a receive move records it; a retry adds nothing twice', async () => {
    const first = await call(url, MANAGER, 'stock.receive', { materialId: 'demo-mat-lock', qty: 10, note: '采购入库' }, 'receive-lock-0001');
    expect(first).toEqual({
      ok: true,
      data: { id: 'demo-mat-lock', propertyId: 'demo', category: '五金', name: '门锁锁芯', spec: 'C级', unit: '个', price: 12000, stock: 10 } satisfies Material,
    });
    expect(await call(url, MANAGER, 'stock.receive', { materialId: 'demo-mat-lock', qty: 10, note: '采购入库' }, 'receive-lock-0001')).toEqual(first);
    expect(await stockOf('demo-mat-lock')).toBe(10);
    const moves = await rows<StockMove>('stock_moves', { kind: 'receive' });
    expect(moves).toEqual([
      expect.objectContaining({ propertyId: 'demo', kind: 'receive', note: '采购入库', by: MANAGER, byName: '刘洋', lines: [expect.objectContaining({ materialId: 'demo-mat-lock', qty: 10 })] }),
    ]);
    await ok(url, MANAGER, 'stock.receive', { materialId: 'demo-mat-wire', qty: 50.5 });
    expect(await stockOf('demo-mat-wire')).toBe(350.5);
  });

  it('only managers of the material’s property restock; an unknown material is NOT_FOUND', async () => {
    for (const who of [ASSIGNEE, LEADER, DISPATCHER, REPORTER, 'demo2-manager']) {
      expect({ who, code: (await err(url, who, 'stock.receive', { materialId: 'demo-mat-tape', qty: 5 })).code }).toEqual({ who, code: 'FORBIDDEN' });
    }
    expect((await err(url, MANAGER, 'stock.receive', { materialId: 'no-such-material', qty: 5 })).code).toBe('NOT_FOUND');
    expect(await stockOf('demo-mat-tape')).toBe(200);
  });

  it('bad input names the field and writes nothing', async () => {
    const cases: [string, object, string][] = [
      ['stock.receive', { materialId: 'demo-mat-tape', qty: 0 }, 'payload.qty'],
      ['stock.receive', { materialId: 'demo-mat-tape', qty: -3 }, 'payload.qty'],
      ['stock.receive', { materialId: 'demo-mat-tape', qty: 1.001 }, 'payload.qty'],
      ['stock.receive', { materialId: 'demo-mat-tape', qty: '5' }, 'payload.qty'],
      ['stock.receive', { materialId: { $ne: '' }, qty: 5 }, 'payload.materialId'],
      ['stock.receive', { materialId: 'demo-mat-tape', qty: 5, stock: 9999 }, 'payload.stock'],
      ['stock.requisitions', { propertyId: 'demo', status: 'lost' }, 'payload.status'],
      ['stock.requisitions', {}, 'payload.propertyId'],
    ];
    for (const [action, payload, field] of cases) {
      const e = await err(url, MANAGER, action as 'stock.receive', payload);
      expect({ action, field, code: e.code, named: Object.keys(e.fields ?? {}) }).toEqual({ action, field, code: 'INVALID_ARGUMENT', named: [field] });
    }
    expect(await stockOf('demo-mat-tape')).toBe(200);
  });

  it('requisitions are for the service center and managers of the property', async () => {
    for (const who of [ASSIGNEE, LEADER, REPORTER, 'demo2-manager']) {
      expect({ who, code: (await err(url, who, 'stock.requisitions', { propertyId: 'demo' })).code }).toEqual({ who, code: 'FORBIDDEN' });
    }
    expect(await ok(url, 'demo2-manager', 'stock.requisitions', { propertyId: 'demo-2' })).toEqual([]);
  });
});
