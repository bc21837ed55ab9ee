/**
 * order.list's filters for the service desk's 工单池 (ux.md: status, category, urgency, overdue):
 * applied by the server, so a page of 20 is 20 matching orders whatever the property's size.
 */
import { DISPATCHER, createOrder, driveTo, err, ok, resetDemo, setTime, useDemoCloud } from '../support/orders';

let url = '';
useDemoCloud((u) => (url = u));
beforeAll(() => resetDemo(url));

const ids = async (payload: Record<string, unknown>): Promise<string[]> =>
  (await ok(url, DISPATCHER, 'order.list', { propertyId: 'demo', scope: 'all', ...payload })).items.map((o) => o.id).sort();

describe('order.list filters', () => {
  it('by category (a first level with its sub-categories), by urgency and by overdue, alone or together', async () => {
    const leak = await createOrder(url, { urgency: 'urgent' });
    const ac = await createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调不制冷' });
    const late = await driveTo(url, 'accepted');
    const done = await driveTo(url, 'closed');
    // past the accepted order's arrival deadline, before the others' (they have not been accepted: their promise is later)
    await setTime(url, new Date(Date.parse(late.due.arriveBy) + 60_000).toISOString());

    expect(await ids({ categoryIds: ['demo-appliance', 'demo-appliance-ac'] })).toEqual([ac.id]);
    expect(await ids({ categoryIds: ['demo-water-leak'] })).toEqual([leak.id, late.id, done.id].sort());
    expect(await ids({ urgency: 'urgent' })).toEqual([leak.id]);
    expect(await ids({ urgency: 'normal', categoryIds: ['demo-water-leak'] })).toEqual([late.id, done.id].sort());
    const overdue = await ids({ overdue: true });
    expect(overdue).toContain(late.id);
    expect(overdue).not.toContain(done.id);
    expect(await ids({ overdue: true, status: ['accepted'] })).toEqual([late.id]);
  });

  it.each([
    [{ urgency: 'asap' }, 'payload.urgency'],
    [{ categoryIds: [] }, 'payload.categoryIds'],
    [{ categoryIds: [{ $gt: '' }] }, 'payload.categoryIds.0'],
    [{ overdue: false }, 'payload.overdue'],
  ])('refuses %j naming %s', async (bad, field) => {
    const e = await err(url, DISPATCHER, 'order.list', { propertyId: 'demo', scope: 'all', ...bad });
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(Object.keys(e.fields ?? {})).toContain(field);
  });
});
