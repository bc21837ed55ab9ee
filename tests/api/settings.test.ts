/**
 * Settings for managers (issue 10) through local-cloud and the real wx-server-sdk: each settings
 * action by the manager and what the rest of the product then shows (catalog.categories,
 * catalog.materials, slots.list, order fees, a leader's powers); every other role refused; bad
 * input refused before any database request; team cycles refused; a completed order's fee kept.
 * The clock is fixed by resetDemo (Tue 2026-11-24 10:00 Shanghai): no test reads today's date.
 */
import type { ActionName } from '../../typings/api';
import type { CategorySavePayload, TeamSavePayload } from '../../typings/settings';
import { badInputs, type BadCase } from '../support/bad-input';
import { callFunction, initSdk, localGet, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { call, dataOf, driveTo, err, ok, resetDemo } from '../support/orders';
import { sdkDatabase } from '../local-cloud/database-sdk';

let cloud: LocalCloudProcess;
let url: string;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  url = cloud.url;
  await resetDemo(url);
});
afterAll(async () => {
  await cloud.stop();
});

const MANAGER = 'demo-manager';
const SLA = { acceptMinutes: 30, arriveMinutes: 120, completeMinutes: 480 };

/** A new second-level repair under 公区维修, bookable on weekdays 09:00–12:00 (2 places). */
const NEW_CATEGORY: CategorySavePayload = {
  propertyId: 'demo',
  name: '门窗维修',
  parentId: 'demo-public',
  kind: 'repair',
  teamId: 'demo-team-eng',
  sla: SLA,
  feeMode: 'after_service',
  visitFeeFen: 2000,
  grabbable: true,
  publicArea: false,
  skill: '公区',
  sort: 32,
  schedule: { windows: [{ weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '12:00', capacity: 2 }] },
};

/** 空调维修 as seeded, as the settings form would post it back. */
const AC: CategorySavePayload = {
  id: 'demo-appliance-ac',
  propertyId: 'demo',
  name: '空调维修',
  parentId: 'demo-appliance',
  kind: 'repair',
  teamId: 'demo-team-eng',
  sla: SLA,
  feeMode: 'after_service',
  visitFeeFen: 3000,
  grabbable: false,
  publicArea: false,
  skill: '家电',
  sort: 21,
};

const NEW_TEAM: TeamSavePayload = { propertyId: 'demo', name: '保洁组', parentId: 'demo-team-eng', leaderOpenid: 'demo-tech-2', hourlyRateFen: 4000, kind: 'cleaning' };
const ENG: TeamSavePayload = { id: 'demo-team-eng', propertyId: 'demo', name: '工程部', leaderOpenid: 'demo-tech-1', hourlyRateFen: 6000, kind: 'engineering' };

const PROPERTY = {
  propertyId: 'demo',
  businessHours: { start: '22:00', end: '06:00' },
  dispatchMode: 'auto',
  grabLimit: 5,
  autoCloseDays: 10,
  bookingHorizonDays: 3,
  nightTeamId: 'demo-team-night',
};
const SERVICE_ITEM = { propertyId: 'demo', name: '管道疏通', price: 5000, unit: '次', sort: 10 };
const MATERIAL = { propertyId: 'demo', category: '五金', name: '门吸', spec: '不锈钢', unit: '个', price: 1200 };

/** One working payload per write action: the authorization and bad-input tables start from these. */
const VALID: Record<string, Record<string, unknown>> = {
  'settings.get': { propertyId: 'demo' },
  'settings.property.save': PROPERTY,
  'settings.categories.save': { ...NEW_CATEGORY },
  'settings.categories.remove': { propertyId: 'demo', id: 'demo-suggestion' },
  'settings.teams.save': { ...NEW_TEAM },
  'settings.serviceItems.save': SERVICE_ITEM,
  'settings.serviceItems.list': { propertyId: 'demo', includeDisabled: true },
  'settings.materials.save': MATERIAL,
};

const db = () => initSdk(url).database();
type Grants = { roles: { teamId?: string; teamPath?: string[]; leader?: boolean }[] };
const users = async (id: string): Promise<Grants> => {
  const res = (await db().collection('users').where({ _id: id }).get()) as unknown as { data: Grants[] };
  return res.data[0];
};

/** Everything a settings write could change, read as the manager: equal before and after a refused call. */
const everything = async () => ({
  settings: await ok(url, MANAGER, 'settings.get', { propertyId: 'demo' }),
  tech1: await users('demo-tech-1'),
  tech2: await users('demo-tech-2'),
});

describe('settings.get', () => {
  it('shows the manager the property, teams, categories, materials and service items in one database request', async () => {
    const res = await callFunction<{ ok: true; data: import('../../typings/settings').SettingsView }>(url, 'api', MANAGER, {
      action: 'settings.get',
      payload: { propertyId: 'demo' },
    });
    expect(res.dbRequests).toBe(1);
    const s = res.body.data;
    expect(s.property).toEqual({
      id: 'demo',
      name: '示范小区',
      timezone: 'Asia/Shanghai',
      businessHours: { start: '09:00', end: '17:30' },
      dispatchMode: 'manual',
      grabLimit: 3,
      autoCloseDays: 7,
      bookingHorizonDays: 14,
      nightTeamId: 'demo-team-night',
    });
    expect(s.teams.map((t) => t.id).sort()).toEqual(['demo-team-eng', 'demo-team-eng-hvac', 'demo-team-night', 'demo-team-service']);
    expect(s.categories.map((c) => c.name)).toEqual(['水电维修', '水管漏水', '电路跳闸', '家电维修', '空调维修', '公区维修', '楼道照明', '投诉', '建议']);
    expect(s.categories.find((c) => c.id === 'demo-appliance-ac')).toMatchObject({ feeMode: 'after_service', paid: true, visitFeeFen: 3000, skill: '家电', sort: 21 });
    expect(s.categories.find((c) => c.id === 'demo-water-leak')?.schedule?.windows).toHaveLength(3);
    expect(s.materials).toHaveLength(10);
    expect(s.materials.find((m) => m.id === 'demo-mat-led')).toEqual({ id: 'demo-mat-led', propertyId: 'demo', category: '电料', name: 'LED灯泡', spec: '9W E27', unit: '个', price: 1500, stock: 50 });
    // the manager sees disabled items too, in their order
    expect(s.serviceItems.map((i) => [i.name, i.price, i.disabled])).toEqual([['管道疏通', 5000, false], ['高空作业', 2000, false], ['垃圾清运', 3000, false], ['旧件回收', 1000, true]]);
    // nothing of the other property
    expect(JSON.stringify(s)).not.toContain('demo2-');
  });
});

describe('settings.categories.save', () => {
  afterAll(() => resetDemo(url));

  it('creates a sub-category with a schedule: residents see it in catalog.categories and book its slots', async () => {
    const saved = await ok(url, MANAGER, 'settings.categories.save', {
      ...NEW_CATEGORY,
      schedule: {
        ...NEW_CATEGORY.schedule,
        exceptions: [
          { date: '2026-11-26', closed: true },
          { date: '2026-11-27', capacity: 5 },
          // a day already gone is dropped, not refused: the form posts back what it read
          { date: '2026-11-01', closed: true },
        ],
      },
    });
    expect(saved).toMatchObject({ name: '门窗维修', parentId: 'demo-public', paid: true, feeMode: 'after_service', visitFeeFen: 2000 });
    expect(saved.schedule?.exceptions?.map((e) => e.date)).toEqual(['2026-11-26', '2026-11-27']);

    const seen = await ok(url, 'demo-resident', 'catalog.categories', { propertyId: 'demo' });
    expect(seen.map((c) => c.name)).toEqual(['水电维修', '水管漏水', '电路跳闸', '家电维修', '空调维修', '公区维修', '楼道照明', '门窗维修', '投诉', '建议']);
    expect(seen.find((c) => c.id === saved.id)).toMatchObject({ parentId: 'demo-public', teamId: 'demo-team-eng', paid: true, grabbable: true });

    const slots = (date: string) => ok(url, 'demo-resident', 'slots.list', { propertyId: 'demo', categoryId: saved.id, date });
    // Wednesday: the weekly window
    expect(await slots('2026-11-25')).toEqual([
      expect.objectContaining({ start: '2026-11-25T01:00:00.000Z', end: '2026-11-25T04:00:00.000Z', capacity: 2, available: 2, status: 'open' }),
    ]);
    expect(await slots('2026-11-26')).toEqual([]); // closed by the exception
    expect((await slots('2026-11-27')).map((s) => s.capacity)).toEqual([5]);
    expect(await slots('2026-11-28')).toEqual([]); // Saturday

    const order = await ok(url, 'demo-resident', 'order.create', {
      propertyId: 'demo',
      categoryId: saved.id,
      description: '卧室窗户关不严',
      location: { kind: 'unit', text: '1栋101 卧室' },
      slotId: (await slots('2026-11-25'))[0].id,
    });
    expect(order).toMatchObject({ categoryName: '门窗维修', paid: true, teamId: 'demo-team-eng' });
  });

  it('makes one category for one requestId, however often it is sent; another payload with it is a CONFLICT', async () => {
    const payload = { ...NEW_CATEGORY, name: '防水补漏' };
    const answers = await Promise.all([1, 2, 3].map(() => call(url, MANAGER, 'settings.categories.save', payload, 'settings-cat-once')));
    const ids = answers.map((a) => (a.ok ? a.data.id : a.error.code));
    expect(new Set(ids).size).toBe(1);
    expect((await ok(url, MANAGER, 'settings.get', { propertyId: 'demo' })).categories.filter((c) => c.name === '防水补漏')).toHaveLength(1);
    const reused = await call(url, MANAGER, 'settings.categories.save', { ...payload, name: '别的类别' }, 'settings-cat-once');
    expect(reused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('updates a category as posted: free mode makes it unpaid, a schedule left out is cleared', async () => {
    const saved = await ok(url, MANAGER, 'settings.categories.save', { ...AC, feeMode: 'free', visitFeeFen: 0, name: '空调清洗' });
    expect(saved).toMatchObject({ id: 'demo-appliance-ac', name: '空调清洗', paid: false, feeMode: 'free' });
    expect(saved).not.toHaveProperty('schedule');
    const seen = (await ok(url, 'demo-resident', 'catalog.categories', { propertyId: 'demo' })).find((c) => c.id === 'demo-appliance-ac');
    expect(seen).toMatchObject({ name: '空调清洗', paid: false, feeMode: 'free', visitFeeFen: 0 });
    expect(await ok(url, 'demo-resident', 'slots.list', { propertyId: 'demo', categoryId: 'demo-appliance-ac', date: '2026-11-25' })).toEqual([]);
    const stored = (await ok(url, MANAGER, 'settings.get', { propertyId: 'demo' })).categories.find((c) => c.id === 'demo-appliance-ac');
    expect(stored).not.toHaveProperty('schedule');
  });

  it('sets a deposit for a pay-on-order mode and clears it when the mode no longer asks for one', async () => {
    expect(await ok(url, MANAGER, 'settings.categories.save', { ...AC, feeMode: 'deposit', prepayFen: 5000 })).toMatchObject({ paid: true, prepayFen: 5000 });
    expect((await ok(url, MANAGER, 'settings.get', { propertyId: 'demo' })).categories.find((c) => c.id === AC.id)).toMatchObject({ feeMode: 'deposit', prepayFen: 5000 });
    expect(await ok(url, MANAGER, 'settings.categories.save', AC)).not.toHaveProperty('prepayFen');
    expect((await ok(url, MANAGER, 'settings.get', { propertyId: 'demo' })).categories.find((c) => c.id === AC.id)).not.toHaveProperty('prepayFen');
  });

  it('replaces a schedule whole: an exception removed from the form is gone', async () => {
    const base = { ...AC, schedule: { windows: [{ weekdays: [3], start: '10:00', end: '11:00', capacity: 1 }], exceptions: [{ date: '2026-11-25', closed: true }] } };
    await ok(url, MANAGER, 'settings.categories.save', base);
    expect(await ok(url, 'demo-resident', 'slots.list', { propertyId: 'demo', categoryId: 'demo-appliance-ac', date: '2026-11-25' })).toEqual([]);
    await ok(url, MANAGER, 'settings.categories.save', { ...base, schedule: { windows: base.schedule.windows } });
    const slots = await ok(url, 'demo-resident', 'slots.list', { propertyId: 'demo', categoryId: 'demo-appliance-ac', date: '2026-11-25' });
    expect(slots.map((s) => [s.start, s.capacity])).toEqual([['2026-11-25T02:00:00.000Z', 1]]);
  });

  it.each([
    ['a second-level parent', { parentId: 'demo-water-leak' }, 'INVALID_ARGUMENT', 'payload.parentId'],
    ['a parent of the other kind', { parentId: 'demo-complaint' }, 'INVALID_ARGUMENT', 'payload.kind'],
    ['a parent of the other property', { parentId: 'demo2-water' }, 'NOT_FOUND', 'payload.parentId'],
    ['a team of the other property', { teamId: 'demo2-team-eng' }, 'NOT_FOUND', 'payload.teamId'],
    ['an unknown id', { id: 'demo-nope' }, 'NOT_FOUND', 'payload.id'],
    ['an id of the other property', { id: 'demo2-water-leak' }, 'NOT_FOUND', 'payload.id'],
  ])('refuses %s, writing nothing', async (_what, change, code, field) => {
    const before = await everything();
    expect(await err(url, MANAGER, 'settings.categories.save', { ...NEW_CATEGORY, ...change })).toMatchObject({ code, fields: { [field]: expect.any(String) } });
    expect(await everything()).toEqual(before);
  });

  it('refuses to give a parent to a category that has sub-categories, or to make a category its own parent', async () => {
    const water = { ...NEW_CATEGORY, id: 'demo-water', name: '水电维修', parentId: 'demo-appliance', sort: 10 };
    expect(await err(url, MANAGER, 'settings.categories.save', water)).toMatchObject({ code: 'CONFLICT', fields: { 'payload.parentId': expect.any(String) } });
    const own = { ...NEW_CATEGORY, id: 'demo-appliance', name: '家电维修', parentId: 'demo-appliance' };
    expect((await err(url, MANAGER, 'settings.categories.save', own)).fields).toHaveProperty(['payload.parentId']);
  });
});

describe('a completed order keeps its fee', () => {
  afterAll(() => resetDemo(url));

  it('after the visit fee, the fee mode and the team rate change; later completions are billed at the new settings', async () => {
    const done = await driveTo(url, 'completed', { categoryId: 'demo-appliance-ac' });
    expect(done.fee).toMatchObject({ visit: 3000, labor: 4500, total: 7500, payer: 'resident' });

    await ok(url, MANAGER, 'settings.categories.save', { ...AC, visitFeeFen: 5000, feeMode: 'free' });
    await ok(url, MANAGER, 'settings.teams.save', { ...ENG, hourlyRateFen: 9000 });

    const after = await ok(url, 'demo-resident', 'order.get', { orderId: done.id });
    expect(after.fee).toEqual(done.fee);
    expect(after.completion).toEqual(done.completion);

    const next = await driveTo(url, 'in_progress', { categoryId: 'demo-appliance-ac' });
    const quote = await ok(url, 'demo-tech-2', 'order.quote', { orderId: next.id, summary: '清洗滤网', workMinutes: 40 });
    expect(quote).toMatchObject({ visit: 5000, labor: 6750, payer: 'company', due: 0 });
  });
});

describe('settings.categories.remove', () => {
  afterEach(() => resetDemo(url));

  it('removes a category no order is waiting on: it leaves catalog.categories, finished orders keep its name', async () => {
    const closed = await driveTo(url, 'closed', { categoryId: 'demo-water-power' });
    expect(await ok(url, MANAGER, 'settings.categories.remove', { propertyId: 'demo', id: 'demo-water-power' })).toEqual({ id: 'demo-water-power', removed: true });
    const seen = await ok(url, 'demo-resident', 'catalog.categories', { propertyId: 'demo' });
    expect(seen.map((c) => c.id)).not.toContain('demo-water-power');
    expect((await ok(url, 'demo-resident', 'order.get', { orderId: closed.id })).categoryName).toBe('电路跳闸');
    expect(await err(url, MANAGER, 'settings.categories.remove', { propertyId: 'demo', id: 'demo-water-power' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses while an order of it is open (completed included), and once it is closed or cancelled lets it go', async () => {
    const pending = await driveTo(url, 'pending', { categoryId: 'demo-water-power' });
    expect(await err(url, MANAGER, 'settings.categories.remove', { propertyId: 'demo', id: 'demo-water-power' })).toMatchObject({
      code: 'CONFLICT',
      fields: { 'payload.id': 'used by an unfinished order' },
    });
    await ok(url, 'demo-resident', 'order.cancel', { orderId: pending.id, reason: '不用修了' });
    const completed = await driveTo(url, 'completed', { categoryId: 'demo-water-power' });
    expect(await err(url, MANAGER, 'settings.categories.remove', { propertyId: 'demo', id: 'demo-water-power' })).toMatchObject({ code: 'CONFLICT' });
    await ok(url, 'demo-resident', 'order.rate', { orderId: completed.id, score: 5 });
    expect(await ok(url, MANAGER, 'settings.categories.remove', { propertyId: 'demo', id: 'demo-water-power' })).toMatchObject({ removed: true });
  });

  it('refuses a category with sub-categories, and another property’s category', async () => {
    expect(await err(url, MANAGER, 'settings.categories.remove', { propertyId: 'demo', id: 'demo-water' })).toMatchObject({ code: 'CONFLICT' });
    expect(await err(url, MANAGER, 'settings.categories.remove', { propertyId: 'demo', id: 'demo2-suggestion' })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ok(url, 'demo2-resident', 'catalog.categories', { propertyId: 'demo-2' })).map((c) => c.id)).toContain('demo2-suggestion');
  });
});

describe('settings.teams.save', () => {
  afterEach(() => resetDemo(url));

  it('creates a sub-team; settings.get shows it in the tree', async () => {
    const team = dataOf(await call(url, MANAGER, 'settings.teams.save', NEW_TEAM, 'settings-team-1'));
    expect(team).toMatchObject({ name: '保洁组', parentId: 'demo-team-eng', leaderOpenid: 'demo-tech-2', hourlyRateFen: 4000, kind: 'cleaning' });
    expect(dataOf(await call(url, MANAGER, 'settings.teams.save', NEW_TEAM, 'settings-team-1'))).toEqual(team);
    const teams = (await ok(url, MANAGER, 'settings.get', { propertyId: 'demo' })).teams;
    expect(teams.filter((t) => t.name === '保洁组')).toEqual([team]);
  });

  it.each([
    ['the team itself', 'demo-team-eng'],
    ['its sub-team', 'demo-team-eng-hvac'],
  ])('refuses a cycle: 工程部 under %s', async (_what, parentId) => {
    const before = await everything();
    expect(await err(url, MANAGER, 'settings.teams.save', { ...ENG, parentId })).toMatchObject({
      code: 'INVALID_ARGUMENT',
      fields: { 'payload.parentId': expect.stringContaining('cycle') },
    });
    expect(await everything()).toEqual(before);
  });

  it('refuses a cycle two levels down', async () => {
    const below = await ok(url, MANAGER, 'settings.teams.save', { ...NEW_TEAM, parentId: 'demo-team-eng-hvac', leaderOpenid: undefined });
    expect(await err(url, MANAGER, 'settings.teams.save', { ...ENG, parentId: below.id })).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('moves a team: its staff carry the new team path (a leader above sees their work)', async () => {
    const top = await ok(url, MANAGER, 'settings.teams.save', { propertyId: 'demo', name: '物业总部', hourlyRateFen: 0, kind: 'service' });
    await ok(url, MANAGER, 'settings.teams.save', { ...ENG, parentId: top.id });
    expect((await users('demo-tech-2')).roles[0].teamPath).toEqual([top.id, 'demo-team-eng']);
    expect((await users('demo-night')).roles[0].teamPath).toEqual(['demo-team-night']);
    const staff = await ok(url, 'demo-dispatcher', 'staff.list', { propertyId: 'demo', teamId: top.id });
    expect(staff.map((s) => s.openid).sort()).toEqual(['demo-tech-1', 'demo-tech-2']);
  });

  it('hands the lead to another member: the new leader may invite into the team, the old one no longer', async () => {
    const invite = { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' };
    expect(await err(url, 'demo-tech-2', 'admin.createInvite', invite)).toMatchObject({ code: 'FORBIDDEN' });
    await ok(url, MANAGER, 'settings.teams.save', { ...ENG, leaderOpenid: 'demo-tech-2' });
    expect((await users('demo-tech-2')).roles[0].leader).toBe(true);
    expect((await users('demo-tech-1')).roles[0]).not.toHaveProperty('leader');
    await ok(url, 'demo-tech-2', 'admin.createInvite', invite);
    expect(await err(url, 'demo-tech-1', 'admin.createInvite', invite)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('gives a team a schedule: its categories without their own show its slots', async () => {
    const schedule = { windows: [{ weekdays: [3], start: '13:00', end: '15:00', capacity: 4 }] };
    await ok(url, MANAGER, 'settings.teams.save', { ...ENG, schedule });
    const slots = await ok(url, 'demo-resident', 'slots.list', { propertyId: 'demo', categoryId: 'demo-water', date: '2026-11-25' });
    expect(slots.map((s) => [s.start, s.capacity])).toEqual([['2026-11-25T05:00:00.000Z', 4]]);
    // a category with its own schedule keeps it
    expect(await ok(url, 'demo-resident', 'slots.list', { propertyId: 'demo', categoryId: 'demo-water-leak', date: '2026-11-25' })).toHaveLength(3);
  });

  it.each([
    ['a resident', 'demo-resident'],
    ['staff of the other property', 'demo2-tech'],
    ['an unknown person', 'o-stranger'],
  ])('refuses %s as leader', async (_what, leaderOpenid) => {
    expect(await err(url, MANAGER, 'settings.teams.save', { ...NEW_TEAM, leaderOpenid })).toMatchObject({ code: 'NOT_FOUND', fields: { 'payload.leaderOpenid': expect.any(String) } });
  });

  it('refuses a parent of the other property', async () => {
    expect(await err(url, MANAGER, 'settings.teams.save', { ...NEW_TEAM, parentId: 'demo2-team-eng' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('settings.serviceItems', () => {
  // a property without the demo's items: what the manager keeps is all there is
  beforeAll(() => sdkDatabase(url).collection('service_items').where({ propertyId: 'demo' }).remove());
  afterAll(() => resetDemo(url));

  it('lets the manager keep priced items that technicians list; disabled ones only the manager sees', async () => {
    const item = await ok(url, MANAGER, 'settings.serviceItems.save', SERVICE_ITEM);
    expect(item).toEqual({ id: item.id, propertyId: 'demo', name: '管道疏通', price: 5000, unit: '次', sort: 10, disabled: false });
    const other = await ok(url, MANAGER, 'settings.serviceItems.save', { propertyId: 'demo', name: '上门费', price: 2000, unit: '次', sort: 1 });
    expect(await ok(url, 'demo-tech-2', 'settings.serviceItems.list', { propertyId: 'demo' })).toEqual([other, item]);
    const off = await ok(url, MANAGER, 'settings.serviceItems.save', { ...SERVICE_ITEM, id: item.id, price: 6000, disabled: true });
    expect(off).toMatchObject({ price: 6000, disabled: true });
    expect(await ok(url, 'demo-tech-2', 'settings.serviceItems.list', { propertyId: 'demo' })).toEqual([other]);
    expect(await ok(url, MANAGER, 'settings.serviceItems.list', { propertyId: 'demo', includeDisabled: true })).toEqual([other, off]);
    expect((await ok(url, MANAGER, 'settings.get', { propertyId: 'demo' })).serviceItems).toEqual([other, off]);
    expect(await err(url, 'demo-tech-2', 'settings.serviceItems.list', { propertyId: 'demo', includeDisabled: true })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ok(url, 'demo2-tech', 'settings.serviceItems.list', { propertyId: 'demo-2' })).toEqual([]);
  });

  it('refuses the list to residents and to other properties’ staff', async () => {
    for (const openid of ['demo-resident', 'demo2-tech', 'demo2-manager', 'o-stranger']) {
      expect(await err(url, openid, 'settings.serviceItems.list', { propertyId: 'demo' })).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('settings.materials.save', () => {
  afterAll(() => resetDemo(url));

  it('adds a material at stock 0 that the catalog shows; a new price keeps the stock', async () => {
    const added = await ok(url, MANAGER, 'settings.materials.save', MATERIAL);
    expect(added).toEqual({ id: added.id, ...MATERIAL, stock: 0 });
    const catalog = await ok(url, 'demo-tech-1', 'catalog.materials', { propertyId: 'demo', category: '五金' });
    expect(catalog.map((m) => m.name).sort()).toEqual(['不锈钢合页', '门吸', '门锁锁芯'].sort());
    const led = await ok(url, MANAGER, 'settings.materials.save', { id: 'demo-mat-led', propertyId: 'demo', category: '电料', name: 'LED灯泡', spec: '12W E27', unit: '个', price: 1800 });
    expect(led).toMatchObject({ spec: '12W E27', price: 1800, stock: 50 });
    expect((await ok(url, MANAGER, 'stock.receive', { materialId: added.id, qty: 4 })).stock).toBe(4);
  });

  it('never sets stock, and never touches another property’s material', async () => {
    expect(await err(url, MANAGER, 'settings.materials.save', { ...MATERIAL, stock: 999 })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.stock': 'unknown field' } });
    expect(await err(url, MANAGER, 'settings.materials.save', { ...MATERIAL, id: 'demo2-mat-led' })).toMatchObject({ code: 'NOT_FOUND', fields: { 'payload.id': expect.any(String) } });
    expect((await ok(url, 'demo2-tech', 'catalog.materials', { propertyId: 'demo-2', q: 'LED' }))[0]).toMatchObject({ spec: '9W E27', price: 1500 });
  });
});

describe('settings.property.save', () => {
  afterAll(() => resetDemo(url));

  it('saves business hours across midnight, dispatch mode, limits and the booking horizon; slots.list follows the horizon', async () => {
    const saved = await ok(url, MANAGER, 'settings.property.save', PROPERTY);
    const { propertyId: _id, ...rest } = PROPERTY;
    expect(saved).toEqual({ id: 'demo', name: '示范小区', timezone: 'Asia/Shanghai', ...rest });
    expect((await ok(url, MANAGER, 'settings.get', { propertyId: 'demo' })).property).toEqual(saved);
    // 3 days ahead at most now
    expect(await ok(url, 'demo-resident', 'slots.list', { propertyId: 'demo', categoryId: 'demo-water-leak', date: '2026-11-27' })).toHaveLength(3);
    expect(await err(url, 'demo-resident', 'slots.list', { propertyId: 'demo', categoryId: 'demo-water-leak', date: '2026-11-28' })).toMatchObject({ code: 'INVALID_ARGUMENT' });
    // 10:00 is outside 22:00–06:00: a new repair goes to the night team
    const order = await ok(url, 'demo-resident', 'order.create', { propertyId: 'demo', categoryId: 'demo-water-leak', description: '水管漏水', location: { kind: 'unit', text: '厨房' } });
    expect(order.teamId).toBe('demo-team-night');
  });

  it('clears the night team when left out, and refuses another property’s team', async () => {
    const { nightTeamId: _n, ...withoutNight } = PROPERTY;
    expect(await ok(url, MANAGER, 'settings.property.save', withoutNight)).not.toHaveProperty('nightTeamId');
    expect((await ok(url, MANAGER, 'settings.get', { propertyId: 'demo' })).property).not.toHaveProperty('nightTeamId');
    expect(await err(url, MANAGER, 'settings.property.save', { ...PROPERTY, nightTeamId: 'demo2-team-eng' })).toMatchObject({
      code: 'NOT_FOUND',
      fields: { 'payload.nightTeamId': expect.any(String) },
    });
  });
});

describe('authorization: only the property’s managers change settings', () => {
  afterAll(() => resetDemo(url));

  const CALLERS = [
    ['a resident', 'demo-resident'],
    ['a team leader', 'demo-tech-1'],
    ['a technician', 'demo-tech-2'],
    ['the dispatcher', 'demo-dispatcher'],
    ['the other property’s manager', 'demo2-manager'],
    ['an unregistered WeChat user', 'o-stranger'],
  ] as const;
  const WRITES = Object.keys(VALID).filter((a) => a !== 'settings.serviceItems.list') as ActionName[];
  const cases = WRITES.flatMap((action) => CALLERS.map(([who, openid]) => ({ action, who, openid })));

  let before: Awaited<ReturnType<typeof everything>>;
  beforeAll(async () => {
    before = await everything();
  });

  it.each(cases)('refuses $action by $who with FORBIDDEN', async ({ action, openid }) => {
    expect(await err(url, openid, action, VALID[action])).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
  });

  it('wrote nothing for any of them', async () => {
    expect(await everything()).toEqual(before);
  });

  it('asks for an identity first', async () => {
    expect(await err(url, undefined, 'settings.get', VALID['settings.get'])).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('bad input: INVALID_ARGUMENT naming the field, before any database request', () => {
  const schedule = (s: unknown) => ({ ...NEW_CATEGORY, schedule: s });
  const win = (w: Record<string, unknown>) => schedule({ windows: [{ weekdays: [1], start: '09:00', end: '11:00', capacity: 1, ...w }] });
  const CASES: [ActionName, BadCase[]][] = [
    ['settings.get', badInputs(VALID['settings.get'], { required: ['propertyId'], strings: ['propertyId'] })],
    [
      'settings.categories.save',
      [
        ...badInputs(VALID['settings.categories.save'], {
          required: ['propertyId', 'name', 'kind', 'teamId', 'sla', 'feeMode', 'visitFeeFen', 'grabbable', 'publicArea', 'sort'],
          strings: ['propertyId', 'name', 'parentId', 'teamId', 'skill', 'id'],
        }),
        { what: 'feeMode cash', payload: { ...NEW_CATEGORY, feeMode: 'cash' }, field: 'payload.feeMode' },
        { what: 'paid sent by the client', payload: { ...NEW_CATEGORY, paid: false }, field: 'payload.paid' },
        { what: 'a fractional visit fee', payload: { ...NEW_CATEGORY, visitFeeFen: 12.5 }, field: 'payload.visitFeeFen' },
        { what: 'a prepayment with pay after service', payload: { ...NEW_CATEGORY, prepayFen: 1000 }, field: 'payload.prepayFen' },
        { what: 'a fractional prepayment', payload: { ...NEW_CATEGORY, feeMode: 'prepaid', prepayFen: 10.5 }, field: 'payload.prepayFen' },
        { what: 'a negative visit fee', payload: { ...NEW_CATEGORY, visitFeeFen: -1 }, field: 'payload.visitFeeFen' },
        { what: 'a visit fee as text', payload: { ...NEW_CATEGORY, visitFeeFen: '3000' }, field: 'payload.visitFeeFen' },
        { what: 'SLA 0 minutes', payload: { ...NEW_CATEGORY, sla: { ...SLA, acceptMinutes: 0 } }, field: 'payload.sla.acceptMinutes' },
        { what: 'arrive after complete', payload: { ...NEW_CATEGORY, sla: { ...SLA, arriveMinutes: 600 } }, field: 'payload.sla.completeMinutes' },
        { what: 'an SLA operator', payload: { ...NEW_CATEGORY, sla: { $gt: '' } }, field: 'payload.sla.acceptMinutes' },
        { what: 'grabbable as text', payload: { ...NEW_CATEGORY, grabbable: 'true' }, field: 'payload.grabbable' },
        { what: 'a window ending before it starts', payload: win({ start: '12:00', end: '09:00' }), field: 'payload.schedule.windows.0.end' },
        { what: 'a window of no length', payload: win({ end: '09:00' }), field: 'payload.schedule.windows.0.end' },
        { what: 'hour 25', payload: win({ start: '25:00' }), field: 'payload.schedule.windows.0.start' },
        { what: 'a time without minutes', payload: win({ start: '9' }), field: 'payload.schedule.windows.0.start' },
        { what: 'weekday 8', payload: win({ weekdays: [8] }), field: 'payload.schedule.windows.0.weekdays.0' },
        { what: 'weekday 0', payload: win({ weekdays: [1, 0] }), field: 'payload.schedule.windows.0.weekdays.1' },
        { what: 'no weekday', payload: win({ weekdays: [] }), field: 'payload.schedule.windows.0.weekdays' },
        { what: 'a weekday twice', payload: win({ weekdays: [2, 2] }), field: 'payload.schedule.windows.0.weekdays' },
        { what: 'capacity -1', payload: win({ capacity: -1 }), field: 'payload.schedule.windows.0.capacity' },
        { what: 'capacity 1.5', payload: win({ capacity: 1.5 }), field: 'payload.schedule.windows.0.capacity' },
        { what: 'an unknown window field', payload: win({ $where: '1' }), field: 'payload.schedule.windows.0.$where' },
        {
          what: 'overlapping windows on a weekday',
          payload: schedule({ windows: [{ weekdays: [1, 2], start: '09:00', end: '11:00', capacity: 1 }, { weekdays: [2], start: '10:00', end: '12:00', capacity: 1 }] }),
          field: 'payload.schedule.windows.1.start',
        },
        { what: 'an exception on 2026-02-30', payload: schedule({ windows: [], exceptions: [{ date: '2026-02-30', closed: true }] }), field: 'payload.schedule.exceptions.0.date' },
        { what: 'an exception date as a number', payload: schedule({ windows: [], exceptions: [{ date: 20261201, closed: true }] }), field: 'payload.schedule.exceptions.0.date' },
        { what: 'an exception saying nothing', payload: schedule({ windows: [], exceptions: [{ date: '2026-12-01' }] }), field: 'payload.schedule.exceptions.0.date' },
        { what: 'a closed day with windows', payload: schedule({ windows: [], exceptions: [{ date: '2026-12-01', closed: true, capacity: 2 }] }), field: 'payload.schedule.exceptions.0.closed' },
        {
          what: 'two exceptions on one date',
          payload: schedule({ windows: [], exceptions: [{ date: '2026-12-01', closed: true }, { date: '2026-12-01', capacity: 1 }] }),
          field: 'payload.schedule.exceptions.1.date',
        },
        {
          what: 'an exception window ending before it starts',
          payload: schedule({ windows: [], exceptions: [{ date: '2026-12-01', windows: [{ start: '15:00', end: '14:00', capacity: 1 }] }] }),
          field: 'payload.schedule.exceptions.0.windows.0.end',
        },
        { what: 'windows not a list', payload: schedule({ windows: 'daily' }), field: 'payload.schedule.windows' },
      ],
    ],
    ['settings.categories.remove', badInputs(VALID['settings.categories.remove'], { required: ['propertyId', 'id'], strings: ['propertyId', 'id'] })],
    [
      'settings.teams.save',
      [
        ...badInputs(VALID['settings.teams.save'], { required: ['propertyId', 'name', 'hourlyRateFen', 'kind'], strings: ['propertyId', 'name', 'parentId', 'leaderOpenid'] }),
        { what: 'kind boss', payload: { ...NEW_TEAM, kind: 'boss' }, field: 'payload.kind' },
        { what: 'a negative rate', payload: { ...NEW_TEAM, hourlyRateFen: -100 }, field: 'payload.hourlyRateFen' },
        { what: 'a schedule window ending before it starts', payload: { ...NEW_TEAM, schedule: { windows: [{ weekdays: [1], start: '18:00', end: '08:00', capacity: 1 }] } }, field: 'payload.schedule.windows.0.end' },
      ],
    ],
    [
      'settings.serviceItems.save',
      [
        ...badInputs(VALID['settings.serviceItems.save'], { required: ['propertyId', 'name', 'price', 'unit'], strings: ['propertyId', 'name', 'unit'] }),
        { what: 'a price in yuan with decimals', payload: { ...SERVICE_ITEM, price: 50.5 }, field: 'payload.price' },
        { what: 'disabled as text', payload: { ...SERVICE_ITEM, disabled: 'yes' }, field: 'payload.disabled' },
      ],
    ],
    ['settings.serviceItems.list', badInputs(VALID['settings.serviceItems.list'], { required: ['propertyId'], strings: ['propertyId'] })],
    [
      'settings.materials.save',
      [
        ...badInputs(VALID['settings.materials.save'], { required: ['propertyId', 'category', 'name', 'spec', 'unit', 'price'], strings: ['propertyId', 'category', 'name', 'spec', 'unit'] }),
        { what: 'a negative price', payload: { ...MATERIAL, price: -5 }, field: 'payload.price' },
      ],
    ],
    [
      'settings.property.save',
      [
        ...badInputs(VALID['settings.property.save'], {
          required: ['propertyId', 'businessHours', 'dispatchMode', 'grabLimit', 'autoCloseDays', 'bookingHorizonDays'],
          strings: ['propertyId', 'nightTeamId', 'dispatchMode'],
        }),
        { what: 'grabLimit 0', payload: { ...PROPERTY, grabLimit: 0 }, field: 'payload.grabLimit' },
        { what: 'grabLimit 21', payload: { ...PROPERTY, grabLimit: 21 }, field: 'payload.grabLimit' },
        { what: 'autoCloseDays 31', payload: { ...PROPERTY, autoCloseDays: 31 }, field: 'payload.autoCloseDays' },
        { what: 'autoCloseDays 0', payload: { ...PROPERTY, autoCloseDays: 0 }, field: 'payload.autoCloseDays' },
        { what: 'bookingHorizonDays 61', payload: { ...PROPERTY, bookingHorizonDays: 61 }, field: 'payload.bookingHorizonDays' },
        { what: 'bookingHorizonDays 2.5', payload: { ...PROPERTY, bookingHorizonDays: 2.5 }, field: 'payload.bookingHorizonDays' },
        { what: 'business hours 9:00', payload: { ...PROPERTY, businessHours: { start: '9:00', end: '17:30' } }, field: 'payload.businessHours.start' },
        { what: 'business hours 24:00', payload: { ...PROPERTY, businessHours: { start: '09:00', end: '24:00' } }, field: 'payload.businessHours.end' },
        { what: 'business hours of no length', payload: { ...PROPERTY, businessHours: { start: '09:00', end: '09:00' } }, field: 'payload.businessHours.end' },
        { what: 'business hours as an operator', payload: { ...PROPERTY, businessHours: { start: { $gt: '' }, end: '17:30' } }, field: 'payload.businessHours.start' },
        { what: 'dispatchMode robot', payload: { ...PROPERTY, dispatchMode: 'robot' }, field: 'payload.dispatchMode' },
      ],
    ],
  ];
  const flat = CASES.flatMap(([action, cs]) => cs.map((c) => ({ action, ...c })));

  let before: Awaited<ReturnType<typeof everything>>;
  beforeAll(async () => {
    await resetDemo(url);
    before = await everything();
  });

  it.each(flat)('$action: refuses $what naming $field', async ({ action, payload, field }) => {
    const res = await callFunction<{ ok: boolean; error?: { code: string; fields?: Record<string, string> } }>(url, 'api', MANAGER, { action, payload });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { [field]: expect.any(String) } } });
    expect(res.dbRequests).toBe(0);
  });

  it('wrote nothing', async () => {
    expect(await everything()).toEqual(before);
  });
});

describe('indexes', () => {
  it('serves every settings query from an index declared in database.json', async () => {
    await resetDemo(url);
    await ok(url, MANAGER, 'settings.teams.save', { ...ENG, leaderOpenid: 'demo-tech-2' });
    await ok(url, MANAGER, 'settings.categories.remove', { propertyId: 'demo', id: 'demo-suggestion' });
    const stats = await localGet<{ unindexedQueries: { collection: string; fields: string[] }[] }>(url, 'stats');
    expect(stats.unindexedQueries.filter((q) => ['users', 'orders', 'categories', 'teams'].includes(q.collection))).toEqual([]);
    await resetDemo(url);
  });
});
