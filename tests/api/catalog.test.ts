/**
 * catalog.categories, catalog.materials and slots.list through local-cloud and the real
 * wx-server-sdk: what each caller sees, isolation between properties, regex-safe search, past
 * slots, bad input, and two database requests each. Read-only: one seeded process for the file.
 */
import { DEFAULT_TEST_NOW, callFunction, initSdk, localGet, localPost, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { badInputs } from '../support/bad-input';
import type { ApiResponse } from '../../typings/api';
import type { CatalogCategory, CatalogMaterial, SlotView } from '../../typings/people-actions';

let cloud: LocalCloudProcess;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
});
afterAll(async () => {
  await cloud.stop();
});

const api = <T>(openid: string | undefined, action: string, payload: unknown) =>
  callFunction<ApiResponse<T>>(cloud.url, 'api', openid, { action, payload });

const data = <T>(res: { body: ApiResponse<T> }): T => {
  if (!res.body.ok) throw new Error(`expected ok, got ${JSON.stringify(res.body.error)}`);
  return res.body.data;
};

const categories = (openid: string, payload: Record<string, unknown>) => api<CatalogCategory[]>(openid, 'catalog.categories', payload);
const materials = (openid: string, payload: Record<string, unknown>) => api<CatalogMaterial[]>(openid, 'catalog.materials', payload);
const slots = (openid: string, payload: Record<string, unknown>) => api<SlotView[]>(openid, 'slots.list', payload);

/** YYYY-MM-DD in Shanghai, `days` after the local-cloud clock's today */
async function shanghaiDate(days = 0): Promise<string> {
  const { now } = await localGet<{ now: string }>(cloud.url, 'time');
  return new Date(Date.parse(now) + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN' } };

describe('catalog.categories', () => {
  it('shows a resident the two-level categories of 示范小区 in display order, with fees and SLA', async () => {
    const res = await categories('demo-resident', { propertyId: 'demo' });
    const list = data(res);
    expect(list.map((c) => c.name)).toEqual(['水电维修', '水管漏水', '电路跳闸', '家电维修', '空调维修', '公区维修', '楼道照明', '投诉', '建议']);
    expect(list.find((c) => c.name === '空调维修')).toEqual({
      id: 'demo-appliance-ac',
      name: '空调维修',
      parentId: 'demo-appliance',
      kind: 'repair',
      teamId: 'demo-team-eng',
      paid: true,
      grabbable: false,
      publicArea: false,
      feeMode: 'after_service',
      visitFeeFen: 3000,
      sla: { acceptMinutes: 30, arriveMinutes: 120, completeMinutes: 480 },
    });
    expect(list.find((c) => c.name === '水电维修')).not.toHaveProperty('parentId');
    expect(list.find((c) => c.name === '楼道照明')).toMatchObject({ publicArea: true, grabbable: true });
    expect(list.find((c) => c.name === '投诉')).toMatchObject({ kind: 'matter', teamId: 'demo-team-service' });
    expect(res.dbRequests).toBe(2);
  });

  it('shows staff the same list, and demo-2 its own', async () => {
    expect(data(await categories('demo-tech-2', { propertyId: 'demo' }))).toHaveLength(9);
    expect(data(await categories('demo2-resident', { propertyId: 'demo-2' })).every((c) => c.id.startsWith('demo2-'))).toBe(true);
  });

  it.each([
    ['a resident of the other property', 'demo2-resident'],
    ['the manager of the other property', 'demo2-manager'],
    ['an unregistered WeChat user', 'o-stranger'],
  ])('refuses %s with FORBIDDEN', async (_who, openid) => {
    expect((await categories(openid, { propertyId: 'demo' })).body).toMatchObject(FORBIDDEN);
  });

  it.each(badInputs({ propertyId: 'demo' }, { required: ['propertyId'], strings: ['propertyId'] }))(
    'refuses $what with INVALID_ARGUMENT naming $field',
    async ({ payload, field }) => {
      const res = await categories('demo-resident', payload);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { [field]: expect.any(String) } } });
      expect(res.dbRequests).toBe(0);
    },
  );
});

describe('catalog.materials', () => {
  it('shows a technician the whole catalog by category, with price in fen and stock', async () => {
    const res = await materials('demo-tech-1', { propertyId: 'demo' });
    const list = data(res);
    expect(list).toHaveLength(10);
    expect(list.map((m) => m.category)).toEqual([...list.map((m) => m.category)].sort());
    expect(list.find((m) => m.id === 'demo-mat-faucet')).toEqual({ id: 'demo-mat-faucet', category: '水料', name: '水龙头', spec: '铜 4分', unit: '个', price: 6800, stock: 15 });
    expect(list.find((m) => m.id === 'demo-mat-lock')?.stock).toBe(0);
    expect(res.dbRequests).toBe(2);
  });

  it('narrows to one catalog category', async () => {
    expect(data(await materials('demo-dispatcher', { propertyId: 'demo', category: '水料' })).map((m) => m.name).sort()).toEqual(['PPR水管', '水龙头', '生料带'].sort());
  });

  it('searches name and spec as plain, case-insensitive text', async () => {
    expect(data(await materials('demo-tech-1', { propertyId: 'demo', q: '水管' })).map((m) => m.id)).toEqual(['demo-mat-pipe']);
    expect(data(await materials('demo-tech-1', { propertyId: 'demo', q: 'dn20' })).map((m) => m.id)).toEqual(['demo-mat-pipe']);
    // a dot is a dot: only the wire's spec has one
    expect(data(await materials('demo-tech-1', { propertyId: 'demo', q: '.' })).map((m) => m.id)).toEqual(['demo-mat-wire']);
    const electric = await materials('demo-tech-1', { propertyId: 'demo', category: '电料', q: 'E27' });
    expect(data(electric).map((m) => m.id)).toEqual(['demo-mat-led']);
    expect(electric.dbRequests).toBe(2);
  });

  it.each(['.*', '.+', '(', '[a-z]', '(a+)+$', '\\', '^', '$'])('treats %j as text, not a pattern: no match, no error', async (q) => {
    expect((await materials('demo-tech-1', { propertyId: 'demo', q })).body).toEqual({ ok: true, data: [] });
  });

  it('never shows another property’s materials', async () => {
    const list = data(await materials('demo2-tech', { propertyId: 'demo-2', q: 'LED' }));
    expect(list.map((m) => m.id)).toEqual(['demo2-mat-led']);
  });

  it.each([
    ['a resident', 'demo-resident'],
    ['the technician of the other property', 'demo2-tech'],
    ['the manager of the other property', 'demo2-manager'],
    ['an unregistered WeChat user', 'o-stranger'],
  ])('refuses %s with FORBIDDEN', async (_who, openid) => {
    expect((await materials(openid, { propertyId: 'demo' })).body).toMatchObject(FORBIDDEN);
  });

  it.each([
    ...badInputs({ propertyId: 'demo', category: '水料', q: '水' }, { required: ['propertyId'], strings: ['propertyId', 'category', 'q'] }),
    { what: 'a 51-character q', payload: { propertyId: 'demo', q: '水'.repeat(51) }, field: 'payload.q' },
    { what: 'a blank q', payload: { propertyId: 'demo', q: '  ' }, field: 'payload.q' },
  ])('refuses $what with INVALID_ARGUMENT naming $field', async ({ payload, field }) => {
    const res = await materials('demo-tech-1', payload);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { [field]: expect.any(String) } } });
  });
});

describe('slots.list', () => {
  // The file's local-cloud started at Tue 2026-11-24 10:00 Shanghai (DEFAULT_TEST_NOW); nothing here reads the real date.
  const reset = () => localPost(cloud.url, 'reset', { seed: 'demo', now: DEFAULT_TEST_NOW });
  const categoriesDb = () => initSdk(cloud.url).database().collection('categories');
  const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();
  afterEach(reset);

  it('lists tomorrow’s three 空调维修 slots from the schedule, in time order, all open, in one database request', async () => {
    const date = await shanghaiDate(1);
    const res = await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-appliance-ac', date });
    expect(data(res)).toEqual([
      { id: `demo-appliance-ac-${date}-0900`, start: at(date, '09:00'), end: at(date, '11:00'), capacity: 3, booked: 0, available: 3, status: 'open' },
      { id: `demo-appliance-ac-${date}-1400`, start: at(date, '14:00'), end: at(date, '16:00'), capacity: 3, booked: 0, available: 3, status: 'open' },
      { id: `demo-appliance-ac-${date}-1600`, start: at(date, '16:00'), end: at(date, '17:30'), capacity: 3, booked: 0, available: 3, status: 'open' },
    ]);
    expect(res.dbRequests).toBe(1);
  });

  it('shows a slot that has started as past and not available, by the local-cloud clock', async () => {
    const date = await shanghaiDate(2);
    await localPost(cloud.url, 'time', { now: `${date}T15:00:00+08:00` });
    const list = data(await slots('demo-tech-1', { propertyId: 'demo', categoryId: 'demo-water-leak', date }));
    expect(list.map((s) => [s.status, s.available])).toEqual([['past', 0], ['past', 0], ['open', 3]]);
    expect(list.map((s) => s.capacity - s.booked)).toEqual([3, 3, 3]);
  });

  it('shows a window whose places are all booked as full', async () => {
    const date = await shanghaiDate(1);
    const slotId = `demo-appliance-ac-${date}-1400`;
    for (let i = 0; i < 3; i++) {
      const res = await api('demo-resident', 'order.create', { propertyId: 'demo', categoryId: 'demo-appliance-ac', description: '空调不制冷', location: { kind: 'unit', text: '客厅' }, slotId });
      expect(res.body).toMatchObject({ ok: true, data: { slot: { id: slotId, start: at(date, '14:00') } } });
    }
    const list = data(await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-appliance-ac', date }));
    expect(list.map((s) => [s.status, s.booked, s.available])).toEqual([['open', 0, 3], ['full', 3, 0], ['open', 0, 3]]);
  });

  it('works for a date 10 days after the clock, listing and booking', async () => {
    const date = await shanghaiDate(10);
    const [first] = data(await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-water-leak', date }));
    expect(first).toMatchObject({ id: `demo-water-leak-${date}-0900`, status: 'open', available: 3 });
    const res = await api('demo-resident', 'order.create', { propertyId: 'demo', categoryId: 'demo-water-leak', description: '水管漏水', location: { kind: 'unit', text: '厨房' }, slotId: first.id });
    expect(res.body).toMatchObject({ ok: true, data: { slot: { id: first.id } } });
    expect(data(await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-water-leak', date }))[0]).toMatchObject({ booked: 1, available: 2 });
  });

  it('refuses a date beyond the booking horizon (14 days by default, per property), naming payload.date', async () => {
    expect(data(await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-water-leak', date: await shanghaiDate(14) }))).toHaveLength(3);
    const far = await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-water-leak', date: await shanghaiDate(15) });
    expect(far.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { 'payload.date': expect.stringContaining('horizon') } } });
    await initSdk(cloud.url).database().collection('properties').doc('demo').update({ data: { bookingHorizonDays: 3 } });
    expect((await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-water-leak', date: await shanghaiDate(4) })).body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const booking = await api('demo-resident', 'order.create', {
      propertyId: 'demo', categoryId: 'demo-water-leak', description: '水管漏水', location: { kind: 'unit', text: '厨房' }, slotId: `demo-water-leak-${await shanghaiDate(4)}-0900`,
    });
    expect(booking.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { 'payload.slotId': expect.any(String) } } });
  });

  it('follows the schedule’s weekdays and a date’s exception (closed, or another capacity)', async () => {
    // 2026-11-30 is a Monday, 12-01 a Tuesday
    await categoriesDb().doc('demo-water-leak').update({
      data: {
        schedule: {
          windows: [{ weekdays: [1], start: '10:00', end: '12:00', capacity: 2 }, { weekdays: [2], start: '13:00', end: '15:00', capacity: 4 }],
          exceptions: [{ date: '2026-12-07', closed: true }, { date: '2026-12-08', capacity: 1 }],
        },
      },
    });
    const on = async (date: string) => data(await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-water-leak', date })).map((s) => [s.id, s.capacity]);
    expect(await on('2026-11-30')).toEqual([['demo-water-leak-2026-11-30-1000', 2]]);
    expect(await on('2026-12-01')).toEqual([['demo-water-leak-2026-12-01-1300', 4]]);
    expect(await on('2026-12-02')).toEqual([]);
    expect(await on('2026-12-07')).toEqual([]); // a closed Monday
    expect(await on('2026-12-08')).toEqual([['demo-water-leak-2026-12-08-1300', 1]]);
    // a window the schedule does not open cannot be booked
    const res = await api('demo-resident', 'order.create', { propertyId: 'demo', categoryId: 'demo-water-leak', description: '漏水', location: { kind: 'unit', text: '厨房' }, slotId: 'demo-water-leak-2026-12-07-1000' });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', fields: { 'payload.slotId': 'not found' } } });
  });

  it('uses the team’s schedule for a category without one of its own', async () => {
    await categoriesDb().doc('demo-water-leak').update({ data: { schedule: initSdk(cloud.url).database().command.remove() } });
    expect(data(await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-water-leak', date: '2026-11-25' }))).toEqual([]);
    await initSdk(cloud.url).database().collection('teams').doc('demo-team-eng').update({
      data: { schedule: { windows: [{ weekdays: [1, 2, 3, 4, 5], start: '08:30', end: '10:00', capacity: 6 }] } },
    });
    expect(data(await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-water-leak', date: '2026-11-25' }))).toEqual([
      { id: 'demo-water-leak-2026-11-25-0830', start: at('2026-11-25', '08:30'), end: at('2026-11-25', '10:00'), capacity: 6, booked: 0, available: 6, status: 'open' },
    ]);
  });

  it('answers an empty list for a category without a schedule, and NOT_FOUND for a category of another property', async () => {
    expect(data(await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-complaint', date: await shanghaiDate(1) }))).toEqual([]);
    expect((await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo2-water-leak', date: await shanghaiDate(1) })).body).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', fields: { 'payload.categoryId': expect.any(String) } },
    });
  });

  it.each([
    ['a resident of the other property', 'demo2-resident'],
    ['an unregistered WeChat user', 'o-stranger'],
  ])('refuses %s with FORBIDDEN', async (_who, openid) => {
    expect((await slots(openid, { propertyId: 'demo', categoryId: 'demo-appliance-ac', date: await shanghaiDate(1) })).body).toMatchObject(FORBIDDEN);
  });

  const VALID = { propertyId: 'demo', categoryId: 'demo-appliance-ac', date: '2026-11-25' };
  it.each([
    ...badInputs(VALID, { required: Object.keys(VALID), strings: Object.keys(VALID) }),
    { what: 'a day that does not exist', payload: { ...VALID, date: '2026-02-30' }, field: 'payload.date' },
    { what: 'an ISO time for a date', payload: { ...VALID, date: '2026-11-25T00:00:00Z' }, field: 'payload.date' },
    { what: 'a word for a date', payload: { ...VALID, date: 'tomorrow' }, field: 'payload.date' },
  ])('refuses $what with INVALID_ARGUMENT naming $field', async ({ payload, field }) => {
    const res = await slots('demo-resident', payload);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { [field]: expect.any(String) } } });
  });
});

describe('indexes', () => {
  it('serves every catalog query from an index declared in database.json', async () => {
    await localPost(cloud.url, 'reset', { seed: 'demo', now: DEFAULT_TEST_NOW });
    await categories('demo-resident', { propertyId: 'demo' });
    await materials('demo-tech-1', { propertyId: 'demo', category: '水料', q: '水' });
    await materials('demo-tech-1', { propertyId: 'demo', q: '水' });
    await slots('demo-resident', { propertyId: 'demo', categoryId: 'demo-appliance-ac', date: await shanghaiDate(1) });
    const stats = await localGet<{ invocations: unknown[]; unindexedQueries: unknown[] }>(cloud.url, 'stats');
    expect(stats.invocations).toHaveLength(4);
    expect(stats.unindexedQueries).toEqual([]);
  });
});
