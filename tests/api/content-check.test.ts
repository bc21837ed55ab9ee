/**
 * WeChat's content security check on what people write for others to read (a mini-program with
 * user content must check it): risky text is refused naming its field and nothing is written; a
 * checker that fails lets the text through. local-cloud's msgSecCheck calls 违禁词/赌博/代开发票 risky.
 */
import { localPost } from '../support/local-cloud';
import { ASSIGNEE, REPORTER, call, createOrder, driveTo, err, ok, resetDemo, snapshot, useDemoCloud } from '../support/orders';

let url = '';
useDemoCloud((u) => (url = u));
beforeEach(() => resetDemo(url));
afterEach(() => localPost(url, 'faults', {}));

const REFUSED = { code: 'INVALID_ARGUMENT', message: '内容含有不适宜的信息，请修改后再提交' };

describe('content security check', () => {
  it('a report whose description is risky is refused naming it; no order is made', async () => {
    const before = (await ok(url, REPORTER, 'order.list', { scope: 'mine' })).items.length;
    const e = await err(url, REPORTER, 'order.create', {
      propertyId: 'demo', categoryId: 'demo-water-leak', description: '楼下有人赌博，水管也漏了', location: { kind: 'unit', text: '厨房' },
    });
    expect(e).toMatchObject({ ...REFUSED, fields: { 'payload.description': 'rejected by the content check' } });
    expect((await ok(url, REPORTER, 'order.list', { scope: 'mine' })).items).toHaveLength(before);
    // the same report in plain words goes through
    expect((await createOrder(url, { description: '厨房水管漏水' })).status).toBe('pending');
  });

  it('a risky message, progress note, completion summary, rating comment or reopen reason is refused; the order stays as it was', async () => {
    const o = await driveTo(url, 'in_progress');
    const before = await snapshot(url, o.id);
    expect(await err(url, REPORTER, 'order.message', { orderId: o.id, text: '帮我代开发票' })).toMatchObject({ fields: { 'payload.text': expect.any(String) } });
    expect((await ok(url, REPORTER, 'order.messages', { orderId: o.id })).items).toEqual([]);
    expect(await err(url, ASSIGNEE, 'order.progress', { orderId: o.id, note: '违禁词' })).toMatchObject({ ...REFUSED, fields: { 'payload.note': expect.any(String) } });
    expect(await err(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '已修好', measures: '违禁词', workMinutes: 20 })).toMatchObject({ fields: { 'payload.measures': expect.any(String) } });
    expect(await snapshot(url, o.id)).toEqual(before);

    await ok(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '已修好', workMinutes: 20 });
    expect(await err(url, REPORTER, 'order.rate', { orderId: o.id, score: 1, comment: '赌博' })).toMatchObject({ fields: { 'payload.comment': expect.any(String) } });
    expect(await err(url, REPORTER, 'order.reopen', { orderId: o.id, reason: '违禁词' })).toMatchObject({ fields: { 'payload.reason': expect.any(String) } });
    expect((await ok(url, REPORTER, 'order.rate', { orderId: o.id, score: 5, comment: '师傅很专业' })).status).toBe('closed');
  });

  it('when the checker itself fails, the text goes through unchecked: a leak report never waits on it', async () => {
    const report = { propertyId: 'demo', categoryId: 'demo-water-leak', description: '违禁词 厨房水管漏水', location: { kind: 'unit', text: '厨房' } };
    expect((await call(url, REPORTER, 'order.create', report)).ok).toBe(false);
    await localPost(url, 'faults', { openapi: { 'security.msgSecCheck': -1 } });
    const res = await call(url, REPORTER, 'order.create', report);
    expect(res.ok && res.data.description).toBe('违禁词 厨房水管漏水');
  });
});
