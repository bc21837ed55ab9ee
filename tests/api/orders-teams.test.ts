/**
 * Hierarchical teams (product.md: "a parent team dispatches to its sub-teams or to technicians, and
 * sees its sub-teams' orders"): 工程部 (led by demo-tech-1) has a sub-team 空调班组.
 */
import { ASSIGNEE, DISPATCHER, LEADER, NIGHT_TECH, createOrder, err, ok, useDemoCloud } from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));
const HVAC_TECH = 'o-hvac-tech';

beforeAll(async () => {
  // The team leader brings a technician into the sub-team, as they would in the app.
  const invite = await ok(url, LEADER, 'admin.createInvite', { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng-hvac', skills: ['家电'] });
  await ok(url, HVAC_TECH, 'staff.join', { inviteCode: invite.code, name: '钱空调', phone: '13911112222' });
});

describe('a parent team and its sub-team', () => {
  it('the leader of 工程部 dispatches an order to a technician of its sub-team 空调班组', async () => {
    const order = await createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调不制冷' });
    expect(order.teamId).toBe('demo-team-eng');
    const assigned = await ok(url, LEADER, 'order.assign', { orderId: order.id, technicianId: HVAC_TECH });
    expect(assigned).toMatchObject({
      status: 'assigned',
      assignee: { openid: HVAC_TECH, teamId: 'demo-team-eng-hvac' },
      teamId: 'demo-team-eng-hvac',
      teamPath: ['demo-team-eng', 'demo-team-eng-hvac'],
    });
  });

  it('the leader still sees and manages the order in the sub-team; a plain 工程部 technician does not see it', async () => {
    const order = await createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调漏水' });
    await ok(url, LEADER, 'order.assign', { orderId: order.id, technicianId: HVAC_TECH });
    const all = await ok(url, LEADER, 'order.list', { propertyId: 'demo', scope: 'all' });
    expect(all.items.map((o) => o.id)).toContain(order.id);
    expect((await ok(url, LEADER, 'order.get', { orderId: order.id })).assignee?.openid).toBe(HVAC_TECH);
    expect((await err(url, ASSIGNEE, 'order.get', { orderId: order.id })).code).toBe('FORBIDDEN');
    // and the leader may hand it back to a technician of their own team
    expect((await ok(url, LEADER, 'order.assign', { orderId: order.id, technicianId: ASSIGNEE })).teamPath).toEqual(['demo-team-eng']);
  });

  it("the leader's pool holds the sub-team's pending orders; the sub-team's own pool does not hold the parent's", async () => {
    const parentOrder = await createOrder(url, { description: '工程部的单' });
    const subOrder = await createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调班组的单' });
    // the leader hands the order down: it waits in 空调班组's pool
    await ok(url, LEADER, 'order.assignTeam', { orderId: subOrder.id, teamId: 'demo-team-eng-hvac' });
    const leaderPool = (await ok(url, LEADER, 'order.list', { propertyId: 'demo', scope: 'pool' })).items.map((o) => o.id);
    expect(leaderPool).toEqual(expect.arrayContaining([parentOrder.id, subOrder.id]));
    const subPool = (await ok(url, HVAC_TECH, 'order.list', { propertyId: 'demo', scope: 'pool' })).items.map((o) => o.id);
    expect(subPool).toContain(subOrder.id);
    expect(subPool).not.toContain(parentOrder.id);
  });

  it('the leader hands a pending order down to the sub-team pool, where its technician grabs it', async () => {
    const order = await createOrder(url, { description: '水管漏水，空调班组顺路' });
    const handed = await ok(url, LEADER, 'order.assignTeam', { orderId: order.id, teamId: 'demo-team-eng-hvac', note: '空调班组在3栋' });
    expect(handed).toMatchObject({ status: 'pending', teamId: 'demo-team-eng-hvac', teamPath: ['demo-team-eng', 'demo-team-eng-hvac'] });
    expect(handed.timeline[handed.timeline.length - 1]).toMatchObject({
      step: 'assignTeam', by: { openid: LEADER }, from: 'pending', to: 'pending', staffNote: '空调班组在3栋',
      holder: { before: { kind: 'team', id: 'demo-team-eng' }, after: { kind: 'team', id: 'demo-team-eng-hvac', name: '空调班组' } },
    });
    const subPool = (await ok(url, HVAC_TECH, 'order.list', { propertyId: 'demo', scope: 'pool' })).items.map((o) => o.id);
    expect(subPool).toContain(order.id);
    expect((await ok(url, HVAC_TECH, 'order.grab', { orderId: order.id })).assignee?.openid).toBe(HVAC_TECH);
  });

  it('a leader cannot hand an order to a team they do not lead; an unknown team is NOT_FOUND', async () => {
    const order = await createOrder(url);
    expect(await err(url, LEADER, 'order.assignTeam', { orderId: order.id, teamId: 'demo-team-night' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await err(url, DISPATCHER, 'order.assignTeam', { orderId: order.id, teamId: 'demo2-team-eng' })).toMatchObject({ code: 'NOT_FOUND', fields: { 'payload.teamId': expect.any(String) } });
    expect((await ok(url, DISPATCHER, 'order.assignTeam', { orderId: order.id, teamId: 'demo-team-night' })).teamId).toBe('demo-team-night');
  });

  it('the leader cannot dispatch outside the teams they lead', async () => {
    const order = await createOrder(url);
    expect((await err(url, LEADER, 'order.assign', { orderId: order.id, technicianId: NIGHT_TECH })).code).toBe('FORBIDDEN');
    // the service center can
    expect((await ok(url, DISPATCHER, 'order.assign', { orderId: order.id, technicianId: NIGHT_TECH })).assignee?.openid).toBe(NIGHT_TECH);
  });

  it('the sub-team technician works the order through to completion', async () => {
    const order = await createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调异响' });
    await ok(url, LEADER, 'order.assign', { orderId: order.id, technicianId: HVAC_TECH });
    await ok(url, HVAC_TECH, 'order.accept', { orderId: order.id });
    await ok(url, HVAC_TECH, 'order.checkIn', { orderId: order.id });
    const done = await ok(url, HVAC_TECH, 'order.complete', { orderId: order.id, summary: '清洗风轮', workMinutes: 50 });
    expect(done).toMatchObject({ status: 'completed', completion: { by: HVAC_TECH, onBehalf: false } });
    const assigned = await ok(url, HVAC_TECH, 'order.list', { propertyId: 'demo', scope: 'assigned' });
    expect(assigned.items.map((o) => o.id)).toContain(order.id);
  });

  it('a sub-team technician who refuses an order sends it back where routing sends it now: 工程部’s pool', async () => {
    const order = await createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调噪音大' });
    await ok(url, LEADER, 'order.assign', { orderId: order.id, technicianId: HVAC_TECH });
    const back = await ok(url, HVAC_TECH, 'order.reject', { orderId: order.id, reason: '需要配件' });
    expect(back).toMatchObject({ status: 'pending', teamId: 'demo-team-eng', teamPath: ['demo-team-eng'] });
    expect((await ok(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'pool' })).items.map((o) => o.id)).toContain(order.id);
  });
});
