/**
 * 报修详情 against a real local-cloud: status and hint, technician call, timeline, fee, and the
 * resident's steps (cancel, rate, reopen) with what changed on the server.
 * (One page per test file: simulate's `>>>` selectors mis-resolve when two pages load vant twice.)
 */
import { type LocalCloudProcess } from '../support/local-cloud';
import { installPayment, largestSetData, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, postJson, tap, textOf, textsOf, waitFor, waitForText, waitForTextIn, type Bridge, type PaymentRecorder, type Rendered } from '../support/simulate';
import { api, fire, typeInto, type WxRecorder, usePageHarness } from './resident-helpers';
import { setNow } from '../../miniprogram/utils/clock';
import { formatYuan } from '../../miniprogram/utils/format';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let detailId: string;

usePageHarness('pages/resident/order/index', (h) => {
  ({ cloud, bridge, wxRec } = h);
  detailId = h.pageId;
});

async function report(description: string, categoryId = 'demo-water-leak'): Promise<string> {
  const order = await api<{ id: string }>(cloud.url, 'demo-resident', 'order.create', {
    propertyId: 'demo',
    categoryId,
    description,
    location: { kind: 'unit', text: '厨房' },
  });
  return order.id;
}

/** assign → accept → check in → complete, as the desk and demo-tech-2 */
async function completeWork(orderId: string): Promise<void> {
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId, technicianId: 'demo-tech-2' });
  await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId });
  await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId });
  await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId, summary: '更换接头', workMinutes: 40, materials: [{ materialId: 'demo-mat-tape', qty: 1 }] });
}

interface SavedCategory {
  id: string; propertyId: string; name: string; parentId?: string; kind: string; teamId?: string; sla: unknown;
  visitFeeFen: number; grabbable: boolean; publicArea: boolean; skill?: string; sort: number;
}

/** 空调维修 asks a deposit of `prepayFen` on order, saved as a manager would. */
async function payOnOrder(prepayFen: number): Promise<void> {
  const settings = await api<{ categories: SavedCategory[] }>(cloud.url, 'demo-manager', 'settings.get', { propertyId: 'demo' });
  const c = settings.categories.find((x) => x.id === 'demo-appliance-ac');
  if (!c) throw new Error('demo-appliance-ac missing');
  await api(cloud.url, 'demo-manager', 'settings.categories.save', {
    id: c.id, propertyId: c.propertyId, name: c.name, parentId: c.parentId, kind: c.kind, teamId: c.teamId, sla: c.sla,
    feeMode: 'deposit', prepayFen, visitFeeFen: c.visitFeeFen, grabbable: c.grabbable, publicArea: c.publicArea, skill: c.skill, sort: c.sort,
  });
}

describe('报修详情', () => {
  async function openDetail(orderId: string): Promise<Rendered> {
    const page = openPage(detailId, { id: orderId });
    await waitForText(page, '处理进度');
    return page;
  }

  it('cancels a pending order with a reason', async () => {
    const id = await report('水管漏水');
    const page = await openDetail(id);
    expect(textsOf(page, '#status-tag')).toEqual(['待派单']);
    expect(textOf(page)).toContain('您的报修已提交，客服正在为您安排师傅');
    expect(textOf(page)).not.toContain('确认并评价');

    tap(page, '#cancel >>> .van-button');
    await waitForText(page, '取消报修');
    tap(page, '#confirm >>> .van-button');
    await waitForTextIn(page, '#sheet', '请说一下取消的原因');

    typeInto(page, '#reason', '已自行修好');
    await waitFor(page, () => page.data.reason === '已自行修好');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '已取消');
    // grey and outlined, as on every page: a tag with no type would be white on white
    expect(page.querySelector('#status-tag >>> .van-tag--default.van-tag--plain')).toBeTruthy();
    expect(wxRec.toasts).toContain('已取消报修');
    expect(textsOf(page, '#timeline')[0]).toContain('已取消：已自行修好');
    expect(textOf(page)).not.toContain('取消报修');

    const order = await api<{ status: string }>(cloud.url, 'demo-resident', 'order.get', { orderId: id });
    expect(order.status).toBe('cancelled');
  });

  it('shows the technician, the work and the timeline; the resident rates it 4 stars and it closes', async () => {
    const id = await report('水管漏水');
    await completeWork(id);
    const page = await openDetail(id);
    expect(textsOf(page, '#status-tag')).toEqual(['待评价']);
    expect(textsOf(page, '#technician')[0]).toContain('赵强');
    expect(textOf(page)).toContain('更换接头');
    expect(textOf(page)).toContain('40 分钟');
    const steps = textsOf(page, '#timeline >>> .van-step');
    expect(steps[0]).toMatch(/^师傅已完工/);
    expect(steps.at(-1)).toMatch(/^提交报修 12月7日 10:00 · 张伟/);
    expect(textOf(page)).not.toContain('取消报修');

    tap(page, '#call >>> .van-button');
    await waitFor(page, () => wxRec.calls.length > 0);
    expect(wxRec.calls[0]).toMatch(/^1\d{10}$/);

    tap(page, '#rate >>> .van-button');
    await waitForText(page, '提交评价');
    fire(page, '#score', 'change', 4);
    await waitForTextIn(page, '#sheet', '满意');
    typeInto(page, '#comment', '师傅很准时');
    await waitFor(page, () => page.data.comment === '师傅很准时');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '已完结');
    expect(textsOf(page, '#rating')[0]).toContain('师傅很准时');

    const order = await api<{ status: string; rating: { score: number; comment: string } }>(cloud.url, 'demo-resident', 'order.get', { orderId: id });
    expect(order).toMatchObject({ status: 'closed', rating: { score: 4, comment: '师傅很准时' } });
  });

  it('reopens a completed order that is not fixed, back to its technician', async () => {
    const id = await report('水管漏水');
    await completeWork(id);
    const page = await openDetail(id);
    tap(page, '#reopen >>> .van-button');
    await waitForText(page, '问题没有解决');
    typeInto(page, '#reason', '又开始漏水了');
    await waitFor(page, () => page.data.reason === '又开始漏水了');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '待接单');
    const order = await api<{ status: string; assignee?: { name: string } }>(cloud.url, 'demo-resident', 'order.get', { orderId: id });
    expect(order).toMatchObject({ status: 'assigned', assignee: { name: '赵强' } });
  });

  it('shows the fee breakdown of a paid repair', async () => {
    const id = await report('空调不制冷', 'demo-appliance-ac');
    await completeWork(id);
    const page = await openDetail(id);
    const fee = textsOf(page, '#fee')[0];
    // materials at catalog price; what the resident owes is said plainly
    expect(fee).toContain('材料费 2 元');
    expect(fee).toMatch(/合计 待支付 \d+(\.\d\d)? 元/);
  });

  it('shows an error with 重试 for an order the resident may not see', async () => {
    const id = await report('水管漏水');
    bridge.openid = 'demo-resident-2';
    const page = openPage(detailId, { id });
    await waitForText(page, '重试');
    expect(textOf(page)).not.toContain('水管漏水');
  });
});

describe('the conversation under the timeline', () => {
  interface Messages {
    items: { text: string; by: { openid: string } }[];
  }

  it('shows the technician’s message and sends the resident’s, which lands on the server', async () => {
    const orderId = await report('厨房水管漏水');
    await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId, technicianId: 'demo-tech-2' });
    await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId });
    await api(cloud.url, 'demo-tech-2', 'order.message', { orderId, text: '我半小时后到，请家里留人' });

    const page = openPage(detailId, { id: orderId });
    await waitForTextIn(page, '#chat', '我半小时后到，请家里留人');
    expect(textsOf(page, '#chat >>> .message')[0]).toMatch(/赵强 · 师傅.*我半小时后到/);

    // an empty message is not sent
    tap(page, '#chat >>> #chat-send >>> .van-button');
    await waitForTextIn(page, '#chat', '请先写下要说的话');

    // slow the server down to see the button's progress
    await postJson(`${cloud.url}/_local/faults`, { latencyMs: 400 });
    typeInto(page, '#chat >>> #chat-text', '好的，下午两点后家里有人');
    tap(page, '#chat >>> #chat-send >>> .van-button');
    await waitForTextIn(page, '#chat', '发送中…');
    await waitFor(page, () => textsOf(page, '#chat >>> .message').length === 2);
    await postJson(`${cloud.url}/_local/faults`, {});
    const [mine] = textsOf(page, '#chat >>> .message');
    expect(mine).toContain('我');
    expect(mine).toContain('好的，下午两点后家里有人');
    expect(page.querySelectorAll('#chat >>> .message--mine')).toHaveLength(1);
    expect(wxRec.toasts).toContain('已发送');

    const sends = bridge.calls.filter((c) => c.body.action === 'order.message');
    expect(sends).toHaveLength(1);
    expect(sends[0].body.requestId).toMatch(/.{8,}/);
    const onServer = await api<Messages>(cloud.url, 'demo-tech-2', 'order.messages', { orderId });
    expect(onServer.items[0]).toMatchObject({ text: '好的，下午两点后家里有人', by: { openid: 'demo-resident' } });
    // the technician is told
    const inbox = await api<{ items: { text: string }[] }>(cloud.url, 'demo-tech-2', 'inbox.list', {});
    expect(inbox.items.some((i) => i.text.includes('好的，下午两点后家里有人'))).toBe(true);
  });

  it('says there is nothing yet on a fresh order', async () => {
    const orderId = await report('阳台漏水');
    const page = openPage(detailId, { id: orderId });
    await waitForTextIn(page, '#chat', '还没有留言');
    expect(page.querySelector('#chat >>> #chat-ended')).toBeUndefined();
  });

  it('keeps the history of a closed order readable, without the text field, and says to report again', async () => {
    const orderId = await report('厨房水管漏水');
    await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId, technicianId: 'demo-tech-2' });
    await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId });
    await api(cloud.url, 'demo-tech-2', 'order.message', { orderId, text: '我半小时后到，请家里留人' });
    await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId });
    await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId, summary: '更换接头', workMinutes: 40 });
    await api(cloud.url, 'demo-resident', 'order.rate', { orderId, score: 5 });

    const page = openPage(detailId, { id: orderId });
    await waitForTextIn(page, '#chat', '我半小时后到，请家里留人');
    expect(textsOf(page, '#status-tag')).toEqual(['已完结']);
    expect(textsOf(page, '#chat >>> #chat-ended')).toEqual(['工单已结束，如有新问题请重新报修']);
    expect(page.querySelector('#chat >>> #chat-text')).toBeUndefined();
    expect(page.querySelector('#chat >>> #chat-send')).toBeUndefined();
  });

  it('ends the conversation on a cancelled order too', async () => {
    const orderId = await report('阳台漏水');
    await api(cloud.url, 'demo-resident', 'order.cancel', { orderId, reason: '已自行修好' });
    const page = openPage(detailId, { id: orderId });
    await waitForTextIn(page, '#chat', '没有留言');
    expect(textsOf(page, '#chat >>> #chat-ended')).toEqual(['工单已结束，如有新问题请重新报修']);
    expect(textOf(page)).not.toContain('有事可以在这里说');
    expect(page.querySelector('#chat >>> #chat-send')).toBeUndefined();
  });
});

describe('催单', () => {
  interface Nudged {
    nudges?: { count: number };
  }

  it('is not offered before the deadline', async () => {
    const orderId = await report('卫生间漏水');
    const page = openPage(detailId, { id: orderId });
    await waitForText(page, '处理进度');
    expect(page.querySelector('#nudge')).toBeFalsy();
  });

  it('is offered once the order is overdue; a second one within the hour is refused politely', async () => {
    const orderId = await report('卫生间漏水');
    const order = await api<{ due: { acceptBy: string } }>(cloud.url, 'demo-resident', 'order.get', { orderId });
    // both clocks a minute past the accept deadline
    const late = new Date(Date.parse(order.due.acceptBy) + 60_000).toISOString();
    await postJson(`${cloud.url}/_local/time`, { now: late });
    setNow(late);

    const page = openPage(detailId, { id: orderId });
    await waitForText(page, '处理进度');
    expect(textsOf(page, '#nudge')[0]).toContain('催单');
    tap(page, '#nudge >>> .van-button');
    await waitFor(page, () => wxRec.toasts.length > 0);
    expect(wxRec.toasts).toEqual(['已提醒客服尽快安排']);
    expect((await api<Nudged>(cloud.url, 'demo-resident', 'order.get', { orderId })).nudges?.count).toBe(1);
    await waitForText(page, '业主催单');

    tap(page, '#nudge >>> .van-button');
    await waitFor(page, () => wxRec.toasts.length > 1);
    expect(wxRec.toasts[1]).toBe('已经催过了，一小时后可再催');
    expect((await api<Nudged>(cloud.url, 'demo-resident', 'order.get', { orderId })).nudges?.count).toBe(1);
  });

  it('hurries the technician once an accepted order is past its arrival time', async () => {
    const orderId = await report('客厅跳闸');
    await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId, technicianId: 'demo-tech-2' });
    const accepted = await api<{ due: { arriveBy: string } }>(cloud.url, 'demo-tech-2', 'order.accept', { orderId });
    const late = new Date(Date.parse(accepted.due.arriveBy) + 60_000).toISOString();
    await postJson(`${cloud.url}/_local/time`, { now: late });
    setNow(late);

    const page = openPage(detailId, { id: orderId });
    await waitForText(page, '处理进度');
    tap(page, '#nudge >>> .van-button');
    await waitFor(page, () => wxRec.toasts.length > 0);
    expect(wxRec.toasts).toEqual(['已催促师傅，请稍候']);
    const inbox = await api<{ items: { event: string }[] }>(cloud.url, 'demo-tech-2', 'inbox.list', {});
    expect(inbox.items[0].event).toBe('order.nudged');
  });
});

describe('去支付', () => {
  let payRec: PaymentRecorder;
  beforeAll(() => {
    payRec = installPayment(bridge);
  });
  beforeEach(() => {
    payRec.answer = 'pay';
    payRec.requests.length = 0;
    payRec.paid.length = 0;
  });

  it('pays what a completed repair owes with WeChat Pay, then shows 已支付', async () => {
    const id = await report('空调不制冷', 'demo-appliance-ac');
    await completeWork(id);
    const page = openPage(detailId, { id });
    await waitForTextIn(page, '#pay', '去支付');
    const due = (await api<{ fee: { due: number } }>(cloud.url, 'demo-resident', 'order.get', { orderId: id })).fee.due;
    expect(textsOf(page, '#pay')[0]).toContain(`去支付 ${formatYuan(due)}`);
    expect(textsOf(page, '#hint')[0]).toBe(`师傅已完工，本次费用 ${formatYuan(due)}，请您支付`);
    // paying is the primary action; rating waits beside it
    expect(textsOf(page, '#rate')[0]).toContain('确认并评价');

    tap(page, '#pay >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('支付成功'));
    expect(payRec.requests).toHaveLength(1);
    expect(payRec.requests[0]).toMatchObject({ package: expect.stringMatching(/^prepay_id=/), paySign: expect.any(String) });
    await waitForTextIn(page, '#fee', '已支付');
    expect(textsOf(page, '#pay')).toEqual([]);
    const onServer = await api<{ fee: { paid: boolean; paidAmount: number } }>(cloud.url, 'demo-resident', 'order.get', { orderId: id });
    expect(onServer.fee).toMatchObject({ paid: true, paidAmount: due });
  });

  it('says nothing alarming when the payment sheet is closed, and keeps 去支付', async () => {
    const id = await report('空调不制冷', 'demo-appliance-ac');
    await completeWork(id);
    const page = openPage(detailId, { id });
    await waitForTextIn(page, '#pay', '去支付');
    payRec.answer = 'cancel';
    tap(page, '#pay >>> .van-button');
    await waitFor(page, () => payRec.requests.length === 1 && page.data.paying === false);
    expect(wxRec.toasts).toEqual([]);
    expect(textsOf(page, '#pay')[0]).toContain('去支付');
    expect(textsOf(page, '#fee')[0]).toContain('待支付');
  });

  it('pays a pay-on-order category before dispatch', async () => {
    await payOnOrder(5000);
    const id = await report('空调漏水', 'demo-appliance-ac');
    const page = openPage(detailId, { id });
    await waitForTextIn(page, '#pay', '去支付 50 元');
    expect(textsOf(page, '#hint')[0]).toBe('此类报修需先支付 50 元，支付后为您派单');
    tap(page, '#pay >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('支付成功'));
    await waitFor(page, () => textsOf(page, '#pay').length === 0);
    const onServer = await api<{ prepay: { paid: boolean } }>(cloud.url, 'demo-resident', 'order.get', { orderId: id });
    expect(onServer.prepay.paid).toBe(true);
  });
});

describe('a deposit larger than the bill', () => {
  /** 空调维修 with a 200 元 deposit paid through WeChat Pay, then 30 minutes of work: a 60 元 bill. */
  async function depositThenCompleted(): Promise<string> {
    await payOnOrder(20000);
    const id = await report('空调不制冷', 'demo-appliance-ac');
    const { outTradeNo } = await api<{ outTradeNo: string }>(cloud.url, 'demo-resident', 'order.pay', { orderId: id });
    await postJson(`${cloud.url}/_local/pay/${outTradeNo}`, { result: 'SUCCESS' });
    await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-2' });
    await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: id });
    await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId: id });
    await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId: id, summary: '清洗滤网', workMinutes: 30 });
    return id;
  }

  it('shows the deposit and what comes back, and asks nothing more', async () => {
    const id = await depositThenCompleted();
    const page = openPage(detailId, { id });
    await waitForTextIn(page, '#fee', '合计');
    const fee = textsOf(page, '#fee')[0];
    expect(fee).toContain('合计 已从预付款中扣除 60 元');
    expect(textsOf(page, '#fee-prepay')).toEqual(['预付款 已支付 200 元']);
    expect(textsOf(page, '#fee-refund')).toEqual(['应退 退款将在确认后原路退回 140 元']);
    expect(textsOf(page, '#pay')).toEqual([]);
    expect(textOf(page)).not.toContain('去支付');
    expect(textsOf(page, '#hint')[0]).toBe('师傅已完工，请确认并评价');
  });

  it('says 已退款 once the rating gave the rest back', async () => {
    const id = await depositThenCompleted();
    const rated = await api<{ fee: { refunded?: { amount: number } } }>(cloud.url, 'demo-resident', 'order.rate', { orderId: id, score: 5 });
    expect(rated.fee.refunded?.amount).toBe(14000);
    const page = openPage(detailId, { id });
    await waitForTextIn(page, '#fee', '已退款');
    expect(textsOf(page, '#fee-refunded')).toEqual(['已退款 已原路退回 · 12月7日 10:00 140 元']);
    expect(textsOf(page, '#fee-prepay')).toEqual(['预付款 已支付 200 元']);
    expect(textsOf(page, '#fee')[0]).not.toContain('应退');
    expect(textsOf(page, '#pay')).toEqual([]);
  });
});

describe('setData size', () => {
  it('sends its view at most 32 KB at a time for a completed repair with its timeline and fee', async () => {
    const id = await report('空调不制冷 ' + '厨房水槽下面的水管接头一直在滴水，地面已经湿了一片，麻烦师傅带上工具和接头配件过来看看，谢谢。'.repeat(3), 'demo-appliance-ac');
    await completeWork(id);
    const { page, sizes } = openPageMeasured(detailId, { id });
    await waitForText(page, '处理进度');
    await waitForTextIn(page, '#fee', '合计');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
