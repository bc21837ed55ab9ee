/**
 * resident.register, admin.createInvite, staff.join and staff.list through local-cloud and the
 * real wx-server-sdk: what each caller sees, who is refused, bad input writing nothing, the
 * invite race and expiry, and how many database requests each action costs.
 */
import { DEFAULT_TEST_NOW, callFunction, localGet, localPost, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { sdkDatabase, type Db, type Row } from '../local-cloud/database-sdk';
import { badInputs } from '../support/bad-input';
import type { ApiResponse, Me } from '../../typings/api';
import type { InviteView, StaffMember } from '../../typings/people-actions';
import { uploadDirOf } from '../../cloudfunctions/core/files/ownership';

let cloud: LocalCloudProcess;
let db: Db;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  db = sdkDatabase(cloud.url);
});
afterAll(async () => {
  await cloud.stop();
});
// Every test starts from the demo seed, on a fixed business-hours morning.
beforeEach(async () => {
  await localPost(cloud.url, 'reset', { seed: 'demo', now: DEFAULT_TEST_NOW });
});

const api = <T>(openid: string | undefined, action: string, payload: unknown) =>
  callFunction<ApiResponse<T>>(cloud.url, 'api', openid, { action, payload });

const data = <T>(res: { body: ApiResponse<T> }): T => {
  if (!res.body.ok) throw new Error(`expected ok, got ${JSON.stringify(res.body.error)}`);
  return res.body.data;
};

const userDoc = async (openid: string): Promise<Row | undefined> => (await db.collection('users').where({ _id: openid }).get()).data[0];
const allInvites = async (): Promise<Row[]> => (await db.collection('invites').where({}).limit(1000).get()).data;

const register = (openid: string, payload: Record<string, unknown>) => api<Me>(openid, 'resident.register', payload);
const invite = (openid: string, payload: Record<string, unknown>) => api<InviteView>(openid, 'admin.createInvite', payload);
const join = (openid: string, payload: Record<string, unknown>) => api<Me>(openid, 'staff.join', payload);
const staff = (openid: string, payload: Record<string, unknown>) => api<StaffMember[]>(openid, 'staff.list', payload);

const NEW_RESIDENT = { propertyId: 'demo', name: '王芳', phone: '13812345678', building: '3栋', room: '1202' };
const JOINER = { name: '钱进', phone: '13912345678' };

describe('resident.register', () => {
  it('registers a new WeChat user for a unit; user.me then shows them as a resident of 示范小区', async () => {
    const res = await register('o-new', { ...NEW_RESIDENT, name: '  王芳 ' });
    expect(res.body).toEqual({
      ok: true,
      data: { openid: 'o-new', name: '王芳', phone: '13812345678', roles: [{ propertyId: 'demo', propertyName: '示范小区', role: 'resident' }], uploadDir: uploadDirOf('o-new') },
    });
    expect(res.dbRequests).toBe(3);
    expect((await api<Me>('o-new', 'user.me', {})).body).toEqual(res.body);
    expect(await userDoc('o-new')).toMatchObject({ _id: 'o-new', openid: 'o-new', roles: [{ propertyId: 'demo', role: 'resident', building: '3栋', room: '1202' }] });
  });

  it('moves a resident to another unit instead of adding a second one in the same property', async () => {
    const res = await register('demo-resident', { ...NEW_RESIDENT, name: '张伟', phone: '13800000001' });
    expect(data(res).roles).toEqual([{ propertyId: 'demo', propertyName: '示范小区', role: 'resident' }]);
    expect(res.dbRequests).toBe(3);
    expect((await userDoc('demo-resident'))?.roles).toEqual([{ propertyId: 'demo', role: 'resident', building: '3栋', room: '1202' }]);
  });

  it('keeps the roles a person holds elsewhere, with their names, in the same 3 requests', async () => {
    const res = await register('demo-tech-1', { propertyId: 'demo-2', name: '王建国', phone: '13900000001', building: '5栋', room: '502' });
    expect(data(res).roles).toEqual([
      { propertyId: 'demo', propertyName: '示范小区', role: 'technician', teamId: 'demo-team-eng', teamName: '工程部' },
      { propertyId: 'demo-2', propertyName: '示范二区', role: 'resident' },
    ]);
    expect(res.dbRequests).toBe(3);
  });

  it('answers NOT_FOUND for a property that does not exist, and writes nothing', async () => {
    const res = await register('o-new', { ...NEW_RESIDENT, propertyId: 'nowhere' });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', fields: { 'payload.propertyId': expect.any(String) } } });
    expect(await userDoc('o-new')).toBeUndefined();
  });

  const cases = [
    ...badInputs(NEW_RESIDENT, { required: Object.keys(NEW_RESIDENT), strings: Object.keys(NEW_RESIDENT) }),
    { what: 'a landline', payload: { ...NEW_RESIDENT, phone: '02112345678' }, field: 'payload.phone' },
    { what: 'a 12-digit phone', payload: { ...NEW_RESIDENT, phone: '138123456789' }, field: 'payload.phone' },
    { what: 'a blank name', payload: { ...NEW_RESIDENT, name: '   ' }, field: 'payload.name' },
    { what: 'a 21-character name', payload: { ...NEW_RESIDENT, name: '王'.repeat(21) }, field: 'payload.name' },
    { what: 'a 21-character room', payload: { ...NEW_RESIDENT, room: '1'.repeat(21) }, field: 'payload.room' },
  ];
  it.each(cases)('refuses $what with INVALID_ARGUMENT naming $field, writing nothing', async ({ payload, field }) => {
    const res = await register('o-new', payload);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { [field]: expect.any(String) } } });
    expect(res.dbRequests).toBe(0);
    expect(await userDoc('o-new')).toBeUndefined();
  });
});

describe('admin.createInvite', () => {
  it('makes one invite for one requestId, however often it is retried', async () => {
    const body = { action: 'admin.createInvite', payload: { propertyId: 'demo', role: 'dispatcher' }, requestId: 'invite-tap-0001' };
    const first = data(await callFunction<ApiResponse<InviteView>>(cloud.url, 'api', 'demo-manager', body));
    const again = await Promise.all([1, 2, 3].map(() => callFunction<ApiResponse<InviteView>>(cloud.url, 'api', 'demo-manager', body)));
    expect(again.map(data)).toEqual([first, first, first]);
    expect(await allInvites()).toHaveLength(1);
    // another manager's identical requestId is their own request
    const other = data(await callFunction<ApiResponse<InviteView>>(cloud.url, 'api', 'demo-tech-1', { ...body, payload: { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' } }));
    expect(other.code).not.toBe(first.code);
  });

  it('gives a manager an 8-character code valid for 7 days, stored unused', async () => {
    const { now } = await localGet<{ now: string }>(cloud.url, 'time');
    const res = await invite('demo-manager', { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', skills: ['水电'] });
    const view = data(res);
    expect(view).toEqual({ code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{8}$/), propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', expiresAt: expect.any(String) });
    const days = (Date.parse(view.expiresAt) - Date.parse(now)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(7);
    expect(days).toBeLessThan(7.01);
    expect(res.dbRequests).toBe(3);
    expect(await allInvites()).toEqual([expect.objectContaining({ code: view.code, usedBy: null, createdBy: 'demo-manager', teamPath: ['demo-team-eng'] })]);
  });

  it('invites a dispatcher without a team, and honours expiresInDays', async () => {
    const { now } = await localGet<{ now: string }>(cloud.url, 'time');
    const view = data(await invite('demo-manager', { propertyId: 'demo', role: 'dispatcher', expiresInDays: 1 }));
    expect(view.teamId).toBeUndefined();
    expect(Math.round((Date.parse(view.expiresAt) - Date.parse(now)) / 3_600_000)).toBe(24);
  });

  it('lets a team leader invite technicians into their team and its sub-teams, nothing else', async () => {
    expect(data(await invite('demo-tech-1', { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng-hvac' })).teamId).toBe('demo-team-eng-hvac');
    expect((await invite('demo-tech-1', { propertyId: 'demo', role: 'dispatcher' })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await invite('demo-tech-1', { propertyId: 'demo', role: 'technician', teamId: 'demo-team-night' })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await invite('demo-night', { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it.each([
    ['a technician who leads no team', 'demo-tech-2'],
    ['a dispatcher', 'demo-dispatcher'],
    ['a resident', 'demo-resident'],
    ['the manager of the other property', 'demo2-manager'],
    ['the leader of the other property', 'demo2-tech'],
    ['a stranger', 'o-stranger'],
  ])('refuses %s with FORBIDDEN and stores no invite', async (_who, openid) => {
    const res = await invite(openid, { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await allInvites()).toEqual([]);
  });

  it('answers NOT_FOUND for a team that is not in the property', async () => {
    for (const teamId of ['demo-team-nope', 'demo2-team-eng']) {
      const res = await invite('demo-manager', { propertyId: 'demo', role: 'technician', teamId });
      expect(res.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', fields: { 'payload.teamId': expect.any(String) } } });
    }
    expect(await allInvites()).toEqual([]);
  });

  const VALID = { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' };
  const cases = [
    ...badInputs(VALID, { required: ['propertyId', 'role'], strings: ['propertyId', 'role', 'teamId'] }),
    { what: 'a technician without a team', payload: { propertyId: 'demo', role: 'technician' }, field: 'payload.teamId' },
    { what: 'role resident', payload: { ...VALID, role: 'resident' }, field: 'payload.role' },
    { what: '0 days', payload: { ...VALID, expiresInDays: 0 }, field: 'payload.expiresInDays' },
    { what: '31 days', payload: { ...VALID, expiresInDays: 31 }, field: 'payload.expiresInDays' },
    { what: '1.5 days', payload: { ...VALID, expiresInDays: 1.5 }, field: 'payload.expiresInDays' },
    { what: 'days as text', payload: { ...VALID, expiresInDays: '7' }, field: 'payload.expiresInDays' },
    { what: 'skills as text', payload: { ...VALID, skills: '水电' }, field: 'payload.skills' },
    { what: 'an operator among skills', payload: { ...VALID, skills: [{ $gt: '' }] }, field: 'payload.skills.0' },
  ];
  it.each(cases)('refuses $what with INVALID_ARGUMENT naming $field, storing no invite', async ({ payload, field }) => {
    const res = await invite('demo-manager', payload);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { [field]: expect.any(String) } } });
    expect(await allInvites()).toEqual([]);
  });
});

describe('staff.join', () => {
  const newInvite = async (payload: Record<string, unknown> = { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng-hvac', skills: ['家电'] }) =>
    data(await invite('demo-manager', payload)).code;

  it('makes a new WeChat user a technician of the invited team; staff.list then shows them in 工程部', async () => {
    const code = await newInvite();
    const res = await join('o-new-tech', { inviteCode: ` ${code.toLowerCase()} `, ...JOINER });
    expect(res.body).toEqual({
      ok: true,
      data: {
        openid: 'o-new-tech', name: '钱进', phone: '13912345678', uploadDir: uploadDirOf('o-new-tech'),
        roles: [{ propertyId: 'demo', propertyName: '示范小区', role: 'technician', teamId: 'demo-team-eng-hvac', teamName: '空调班组' }],
      },
    });
    expect(res.dbRequests).toBe(4);
    expect((await userDoc('o-new-tech'))?.roles).toEqual([
      { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng-hvac', teamPath: ['demo-team-eng', 'demo-team-eng-hvac'], skills: ['家电'] },
    ]);
    expect((await allInvites())[0]).toMatchObject({ code, usedBy: 'o-new-tech' });
    const team = data(await staff('demo-dispatcher', { propertyId: 'demo', teamId: 'demo-team-eng' }));
    expect(team.map((m) => m.openid)).toEqual(expect.arrayContaining(['o-new-tech', 'demo-tech-1', 'demo-tech-2']));
  });

  it('adds the staff grant to an existing user, keeping their resident unit', async () => {
    const code = await newInvite({ propertyId: 'demo', role: 'dispatcher' });
    const me = data(await join('demo-resident', { inviteCode: code, name: '张伟', phone: '13800000001' }));
    expect(me.roles).toEqual([
      { propertyId: 'demo', propertyName: '示范小区', role: 'resident' },
      { propertyId: 'demo', propertyName: '示范小区', role: 'dispatcher' },
    ]);
  });

  it('lets exactly one of 10 people racing for one code join; the others get CONFLICT', async () => {
    const code = await newInvite();
    const racers = Array.from({ length: 10 }, (_, i) => `o-racer-${i}`);
    const results = await Promise.all(racers.map((openid) => join(openid, { inviteCode: code, ...JOINER })));
    const winners = results.filter((r) => r.body.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.body.ok).map((r) => !r.body.ok && r.body.error.code)).toEqual(Array(9).fill('CONFLICT'));
    const winner = racers[results.indexOf(winners[0])];
    expect((await allInvites())[0]).toMatchObject({ usedBy: winner });
    const joined = (await db.collection('users').where({ _id: db.command.in(racers) }).get()).data;
    expect(joined.map((u) => u._id)).toEqual([winner]);
  });

  it('lets the one who used a code retry (a lost answer), but nobody else', async () => {
    const code = await newInvite();
    expect((await join('o-a', { inviteCode: code, ...JOINER })).body.ok).toBe(true);
    expect((await join('o-a', { inviteCode: code, ...JOINER })).body.ok).toBe(true);
    expect((await userDoc('o-a'))?.roles).toHaveLength(1);
    expect((await join('o-b', { inviteCode: code, ...JOINER })).body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '邀请码已被使用' } });
  });

  it('refuses an expired code with CONFLICT after 8 days on the local clock, and an unknown one with NOT_FOUND', async () => {
    const code = await newInvite();
    await localPost(cloud.url, 'time', { advanceMinutes: 8 * 24 * 60 });
    expect((await join('o-late', { inviteCode: code, ...JOINER })).body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('过期') } });
    expect((await join('o-late', { inviteCode: 'ABCDEFGH', ...JOINER })).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await userDoc('o-late')).toBeUndefined();
    expect((await allInvites())[0]).toMatchObject({ usedBy: null });
  });

  describe('joining again with a new invite', () => {
    const TECH_1 = { name: '王建国', phone: '13900000001' };
    const LEADER_GRANT = {
      propertyId: 'demo',
      role: 'technician',
      teamId: 'demo-team-eng',
      teamPath: ['demo-team-eng'],
      leader: true,
      staffNo: 'G001',
      skills: ['水电', '家电', '公区'],
      areas: ['1栋', '2栋'],
    };

    it('keeps a team leader who re-joins his team exactly as he was: 工号, skills, areas and the lead', async () => {
      expect((await userDoc('demo-tech-1'))?.roles).toEqual([LEADER_GRANT]);
      const code = await newInvite({ propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' });
      const me = data(await join('demo-tech-1', { inviteCode: code, ...TECH_1 }));
      expect(me.roles).toEqual([{ propertyId: 'demo', propertyName: '示范小区', role: 'technician', teamId: 'demo-team-eng', teamName: '工程部' }]);
      expect((await userDoc('demo-tech-1'))?.roles).toEqual([LEADER_GRANT]);
      expect(data(await api<Me>('demo-tech-1', 'user.me', {}))).toEqual(me);

      // and he still leads 工程部: sees its orders, hands one down to 空调班组, invites into his team
      const order = data(
        await api<{ id: string }>('demo-resident', 'order.create', { propertyId: 'demo', categoryId: 'demo-water-leak', description: '厨房水管漏水', location: { kind: 'unit', text: '厨房' } }),
      );
      const all = data(await api<{ items: { id: string }[] }>('demo-tech-1', 'order.list', { propertyId: 'demo', scope: 'all' }));
      expect(all.items.map((o) => o.id)).toEqual([order.id]);
      expect((await api('demo-tech-1', 'order.assignTeam', { orderId: order.id, teamId: 'demo-team-eng-hvac' })).body).toMatchObject({ ok: true, data: { teamId: 'demo-team-eng-hvac' } });
      expect((await invite('demo-tech-1', { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' })).body.ok).toBe(true);
    });

    it('changes only the skills an invite names', async () => {
      const code = await newInvite({ propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', skills: ['空调'] });
      data(await join('demo-tech-1', { inviteCode: code, ...TECH_1 }));
      expect((await userDoc('demo-tech-1'))?.roles).toEqual([{ ...LEADER_GRANT, skills: ['空调'] }]);
    });

    it('moves a technician into another team: team and teamPath change, 工号, skills and areas stay', async () => {
      const code = await newInvite({ propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng-hvac' });
      const me = data(await join('demo-tech-2', { inviteCode: code, name: '赵强', phone: '13900000002' }));
      expect(me.roles).toEqual([{ propertyId: 'demo', propertyName: '示范小区', role: 'technician', teamId: 'demo-team-eng-hvac', teamName: '空调班组' }]);
      expect((await userDoc('demo-tech-2'))?.roles).toEqual([
        { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng-hvac', teamPath: ['demo-team-eng', 'demo-team-eng-hvac'], staffNo: 'G002', skills: ['水电', '公区'], areas: ['3栋'] },
      ]);
      expect(data(await staff('demo-dispatcher', { propertyId: 'demo', teamId: 'demo-team-eng-hvac' })).map((m) => m.openid)).toEqual(['demo-tech-2']);
    });

    it('does not make a leader who moves to another team the leader of that team', async () => {
      const code = await newInvite({ propertyId: 'demo', role: 'technician', teamId: 'demo-team-night' });
      data(await join('demo-tech-1', { inviteCode: code, ...TECH_1 }));
      const { leader: _leader, ...rest } = LEADER_GRANT;
      expect((await userDoc('demo-tech-1'))?.roles).toEqual([{ ...rest, teamId: 'demo-team-night', teamPath: ['demo-team-night'] }]);
      expect((await api('demo-tech-1', 'order.list', { propertyId: 'demo', scope: 'all' })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    });

    it('adds a grant for another role next to the one held, leaving it as it was', async () => {
      const code = await newInvite({ propertyId: 'demo', role: 'dispatcher' });
      data(await join('demo-tech-1', { inviteCode: code, ...TECH_1 }));
      expect((await userDoc('demo-tech-1'))?.roles).toEqual([LEADER_GRANT, { propertyId: 'demo', role: 'dispatcher', skills: [] }]);
    });
  });

  const VALID = { inviteCode: 'ABCDEFGH', ...JOINER };
  const cases = [
    ...badInputs(VALID, { required: Object.keys(VALID), strings: Object.keys(VALID) }),
    { what: 'a code with 0 and O', payload: { ...VALID, inviteCode: 'AB0OEFGH' }, field: 'payload.inviteCode' },
    { what: 'a 7-character code', payload: { ...VALID, inviteCode: 'ABCDEFG' }, field: 'payload.inviteCode' },
    { what: 'a bad phone', payload: { ...VALID, phone: '1234' }, field: 'payload.phone' },
  ];
  it.each(cases)('refuses $what with INVALID_ARGUMENT naming $field, using no invite', async ({ payload, field }) => {
    const code = await newInvite();
    const res = await join('o-new-tech', { ...payload, ...(field === 'payload.inviteCode' || !('inviteCode' in payload) ? {} : { inviteCode: code }) });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { [field]: expect.any(String) } } });
    expect(await userDoc('o-new-tech')).toBeUndefined();
    expect((await allInvites())[0]).toMatchObject({ usedBy: null });
  });
});

describe('staff.list', () => {
  it('shows the dispatcher every staff member of 示范小区, technicians first, none of demo-2', async () => {
    const res = await staff('demo-dispatcher', { propertyId: 'demo' });
    expect(data(res).map((m) => [m.openid, m.role, m.teamId])).toEqual([
      ['demo-night', 'technician', 'demo-team-night'],
      ['demo-tech-1', 'technician', 'demo-team-eng'],
      ['demo-tech-2', 'technician', 'demo-team-eng'],
      ['demo-dispatcher', 'dispatcher', 'demo-team-service'],
      ['demo-manager', 'manager', undefined],
    ]);
    expect(data(res)[1]).toEqual({ id: 'demo-tech-1', openid: 'demo-tech-1', name: '王建国', role: 'technician', teamId: 'demo-team-eng', teamName: '工程部', skills: ['水电', '家电', '公区'], openOrders: 0 });
    expect(res.dbRequests).toBe(2);
  });

  it('filters by role, and by team including its sub-teams', async () => {
    expect(data(await staff('demo-manager', { propertyId: 'demo', role: 'manager' })).map((m) => m.openid)).toEqual(['demo-manager']);
    const code = data(await invite('demo-manager', { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng-hvac' })).code;
    await join('o-hvac', { inviteCode: code, ...JOINER });
    expect(data(await staff('demo-tech-2', { propertyId: 'demo', teamId: 'demo-team-eng' })).map((m) => m.openid)).toEqual(['o-hvac', 'demo-tech-1', 'demo-tech-2']);
    expect(data(await staff('demo-tech-2', { propertyId: 'demo', teamId: 'demo-team-eng-hvac' })).map((m) => m.openid)).toEqual(['o-hvac']);
  });

  it('counts open orders per technician with one aggregate, even with more than 20 assignees', async () => {
    const orders = db.collection('orders');
    const order = (i: number, openid: string, status: string) => ({ _id: `o-${i}`, propertyId: 'demo', status, assignee: { id: openid, openid } });
    const docs = [
      order(1, 'demo-tech-2', 'assigned'),
      order(2, 'demo-tech-2', 'accepted'),
      order(3, 'demo-tech-2', 'in_progress'),
      order(4, 'demo-tech-2', 'on_hold'),
      order(5, 'demo-tech-2', 'completed'),
      order(6, 'demo-tech-2', 'closed'),
      order(7, 'demo-tech-1', 'assigned'),
      { _id: 'o-8', propertyId: 'demo-2', status: 'assigned', assignee: { id: 'demo-tech-1', openid: 'demo-tech-1' } },
      // 25 other assignees (former staff): a pipeline without a limit would drop some groups
      ...Array.from({ length: 25 }, (_, i) => order(100 + i, `o-former-${i}`, 'assigned')),
    ];
    for (const doc of docs) await orders.add({ data: doc });
    const list = data(await staff('demo-manager', { propertyId: 'demo', role: 'technician' }));
    expect(Object.fromEntries(list.map((m) => [m.openid, m.openOrders]))).toEqual({ 'demo-night': 0, 'demo-tech-1': 1, 'demo-tech-2': 4 });
  });

  it.each([
    ['a resident', 'demo-resident'],
    ['the manager of the other property', 'demo2-manager'],
    ['the technician of the other property', 'demo2-tech'],
    ['a stranger', 'o-stranger'],
  ])('refuses %s with FORBIDDEN', async (_who, openid) => {
    expect((await staff(openid, { propertyId: 'demo' })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a resident of demo who is staff elsewhere', async () => {
    await register('demo2-tech', { propertyId: 'demo', name: '吴磊', phone: '13900000201', building: '1栋', room: '102' });
    expect((await staff('demo2-tech', { propertyId: 'demo' })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  const VALID = { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' };
  it.each([
    ...badInputs(VALID, { required: ['propertyId'], strings: ['propertyId', 'role', 'teamId'] }),
    { what: 'role resident', payload: { ...VALID, role: 'resident' }, field: 'payload.role' },
  ])('refuses $what with INVALID_ARGUMENT naming $field', async ({ payload, field }) => {
    const res = await staff('demo-manager', payload);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { [field]: expect.any(String) } } });
  });
});

describe('indexes', () => {
  it('serves every people query from an index declared in database.json', async () => {
    await register('o-new', NEW_RESIDENT);
    const code = data(await invite('demo-manager', { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' })).code;
    await join('o-new-tech', { inviteCode: code, ...JOINER });
    await staff('demo-manager', { propertyId: 'demo', teamId: 'demo-team-eng' });
    const stats = await localGet<{ invocations: unknown[]; unindexedQueries: unknown[] }>(cloud.url, 'stats');
    expect(stats.invocations).toHaveLength(4);
    expect(stats.unindexedQueries).toEqual([]);
  });
});
