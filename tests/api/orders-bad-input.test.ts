/**
 * Bad input for every order action: wrong types, missing fields, 100 KB strings, NoSQL operators
 * where a string belongs, unknown fields, a past next visit, a forged cursor, photos that are not
 * cloud files. Each answers INVALID_ARGUMENT naming the field (`payload.<path>`), and nothing is
 * written: the order the call aimed at is unchanged (for order.create: the caller's orders are).
 * Each order is in a state where the same call with good input would succeed, so only the
 * validation stands between the input and a write.
 */
import type { ActionName, ApiError } from '../../typings/api';
import type { OrderStatus } from '../../typings/domain';
import { ASSIGNEE, DISPATCHER, LEADER, OTHER_RESIDENT, REPORTER, call, driveTo, fileOf, getOrder, ok, useDemoCloud } from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));

/** besides the statuses: a reassignment waiting, a completion a team leader reported on behalf (the desk verifies it) */
type State = OrderStatus | 'reassign_requested' | 'completed_on_behalf';
type Payload = Record<string, unknown>;

const HUGE = 'x'.repeat(100 * 1024);
const GT = { $gt: '' };
const PAST = '2026-11-20T10:00:00+08:00';
const FUTURE = '2026-11-26T10:00:00+08:00';

const without = (p: Payload, key: string): Payload => Object.fromEntries(Object.entries(p).filter(([k]) => k !== key));
const withField = (p: Payload, key: string, value: unknown): Payload => ({ ...p, [key]: value });
/** batchAssign's good input: the first of its orderIds */
const firstId = (p: Payload): unknown => (Array.isArray(p.orderIds) ? p.orderIds[0] : undefined);

/** [what is wrong, the bad payload, the field the error must name (and optionally its message)] */
type Mutation = [name: string, payload: (base: Payload) => Payload, field: string, message?: string];

/** What every action that takes an orderId must refuse. */
const ORDER_ID_MUTATIONS: Mutation[] = [
  ['orderId missing', (b) => without(b, 'orderId'), 'payload.orderId'],
  ['orderId a number', (b) => withField(b, 'orderId', 42), 'payload.orderId'],
  ['orderId {"$gt": ""}', (b) => withField(b, 'orderId', GT), 'payload.orderId'],
  ['orderId an array', (b) => withField(b, 'orderId', ['a', 'b']), 'payload.orderId'],
  ['orderId empty', (b) => withField(b, 'orderId', ''), 'payload.orderId'],
  ['orderId of 100 KB', (b) => withField(b, 'orderId', HUGE), 'payload.orderId'],
  ['orderId with a script', (b) => withField(b, 'orderId', '<script>alert(1)</script>'), 'payload.orderId'],
  ['an unknown field', (b) => withField(b, 'status', 'closed'), 'payload.status', 'unknown field'],
  ['a NoSQL operator as a field', (b) => withField(b, '$where', 'this.status'), 'payload.$where', 'unknown field'],
];

/** For the steps that take a reason. */
const REASON_MUTATIONS: Mutation[] = [
  ['reason missing', (b) => without(b, 'reason'), 'payload.reason'],
  ['reason a number', (b) => withField(b, 'reason', 1), 'payload.reason'],
  ['reason {"$gt": ""}', (b) => withField(b, 'reason', GT), 'payload.reason'],
  ['reason blank', (b) => withField(b, 'reason', '   '), 'payload.reason'],
  ['reason of 100 KB', (b) => withField(b, 'reason', HUGE), 'payload.reason'],
];

interface ActionCase {
  action: ActionName;
  as: string;
  /** the state of the order the call aims at; none for order.create */
  state?: State;
  /** good input (without orderId, which is added) */
  base: Payload;
  mutations: Mutation[];
}

/** What a completion record refuses: order.complete and order.correct take the same payload. */
const COMPLETION_MUTATIONS: Mutation[] = [
  ...ORDER_ID_MUTATIONS,
  ['summary missing', (b) => without(b, 'summary'), 'payload.summary'],
  ['summary of 100 KB', (b) => withField(b, 'summary', HUGE), 'payload.summary'],
  ['workMinutes missing', (b) => without(b, 'workMinutes'), 'payload.workMinutes'],
  ['workMinutes a string', (b) => withField(b, 'workMinutes', '40'), 'payload.workMinutes'],
  ['workMinutes negative', (b) => withField(b, 'workMinutes', -5), 'payload.workMinutes'],
  ['workMinutes 1.5', (b) => withField(b, 'workMinutes', 1.5), 'payload.workMinutes'],
  ['materials a string', (b) => withField(b, 'materials', 'demo-mat-tape'), 'payload.materials'],
  ['material qty negative', (b) => withField(b, 'materials', [{ materialId: 'demo-mat-tape', qty: -1 }]), 'payload.materials.0.qty'],
  ['material qty a string', (b) => withField(b, 'materials', [{ materialId: 'demo-mat-tape', qty: 'two' }]), 'payload.materials.0.qty'],
  ['material id {"$gt": ""}', (b) => withField(b, 'materials', [{ materialId: GT, qty: 1 }]), 'payload.materials.0.materialId'],
  ['a price from the client', (b) => withField(b, 'materials', [{ materialId: 'demo-mat-tape', qty: 2, price: 1 }]), 'payload.materials.0.price', 'unknown field'],
  ['a fee from the client', (b) => withField(b, 'fee', { total: 0 }), 'payload.fee', 'unknown field'],
  ['a service item with a negative price', (b) => withField(b, 'serviceItems', [{ name: '疏通', price: -100, qty: 1 }]), 'payload.serviceItems.0.price'],
  ['a service item without a name', (b) => withField(b, 'serviceItems', [{ price: 100, qty: 1 }]), 'payload.serviceItems.0.name'],
  ['a picked service item with a price', (b) => withField(b, 'serviceItems', [{ serviceItemId: 'demo-svc-unclog', price: 1, qty: 1 }]), 'payload.serviceItems.0.price', 'not with serviceItemId'],
  ['a custom service item without a price', (b) => withField(b, 'serviceItems', [{ name: '疏通', qty: 1 }]), 'payload.serviceItems.0.price', 'required without serviceItemId'],
  ['a service item null', (b) => withField(b, 'serviceItems', [null]), 'payload.serviceItems.0'],
  ['a service item id {"$gt": ""}', (b) => withField(b, 'serviceItems', [{ serviceItemId: GT, qty: 1 }]), 'payload.serviceItems.0.serviceItemId'],
  ['a service item amount from the client', (b) => withField(b, 'serviceItems', [{ name: '疏通', price: 100, qty: 1, amount: 1 }]), 'payload.serviceItems.0.amount', 'unknown field'],
  ['photos not cloud:// files', (b) => withField(b, 'photos', ['http://example.com/done.jpg']), 'payload.photos.0'],
  ['a photo someone else uploaded', (b) => withField(b, 'photos', [fileOf(ASSIGNEE, 'a.jpg'), fileOf(REPORTER, 'kitchen.jpg')]), 'payload.photos.1', 'not a file you uploaded'],
  ['a signature someone else uploaded', (b) => withField(b, 'signature', fileOf(REPORTER, 'sign.png')), 'payload.signature', 'not a file you uploaded'],
  ['a photo outside any upload folder', (b) => withField(b, 'photos', ['cloud://env.bucket/order-photos/1.jpg']), 'payload.photos.0', 'not a file you uploaded'],
  ['a signature as a data URL', (b) => withField(b, 'signature', 'data:image/png;base64,iVBORw0KGgo='), 'payload.signature'],
  ['measures of 100 KB', (b) => withField(b, 'measures', HUGE), 'payload.measures'],
  ['invoiceNo a number', (b) => withField(b, 'invoiceNo', 123), 'payload.invoiceNo'],
  ['partBarcodes of 100 KB', (b) => withField(b, 'partBarcodes', [HUGE]), 'payload.partBarcodes.0'],
];

const CASES: ActionCase[] = [
  {
    action: 'order.create',
    as: REPORTER,
    base: { propertyId: 'demo', categoryId: 'demo-water-leak', description: '厨房水管接头漏水', location: { kind: 'unit', text: '1栋101 厨房' }, photos: [fileOf(REPORTER, 'leak.jpg')] },
    mutations: [
      ['propertyId missing', (b) => without(b, 'propertyId'), 'payload.propertyId'],
      ['propertyId {"$gt": ""}', (b) => withField(b, 'propertyId', GT), 'payload.propertyId'],
      ['categoryId a number', (b) => withField(b, 'categoryId', 7), 'payload.categoryId'],
      ['categoryId {"$gt": ""}', (b) => withField(b, 'categoryId', GT), 'payload.categoryId'],
      ['description missing', (b) => without(b, 'description'), 'payload.description'],
      ['description of 100 KB', (b) => withField(b, 'description', HUGE), 'payload.description'],
      ['description blank', (b) => withField(b, 'description', ' \n '), 'payload.description'],
      ['description an object', (b) => withField(b, 'description', { text: '漏水' }), 'payload.description'],
      ['location missing', (b) => without(b, 'location'), 'payload.location'],
      ['location a string', (b) => withField(b, 'location', '1栋101'), 'payload.location'],
      ['location.kind unknown', (b) => withField(b, 'location', { kind: 'roof', text: '楼顶' }), 'payload.location.kind'],
      ['location.text of 100 KB', (b) => withField(b, 'location', { kind: 'unit', text: HUGE }), 'payload.location.text'],
      ['location with an unknown field', (b) => withField(b, 'location', { kind: 'unit', text: '1栋101', lat: 1 }), 'payload.location.lat', 'unknown field'],
      ['photos not cloud:// files', (b) => withField(b, 'photos', ['https://evil.example.com/a.jpg']), 'payload.photos.0'],
      ['photos a string', (b) => withField(b, 'photos', 'cloud://env/a.jpg'), 'payload.photos'],
      ['a photo another resident uploaded', (b) => withField(b, 'photos', [fileOf(OTHER_RESIDENT, 'leak.jpg')]), 'payload.photos.0', 'not a file you uploaded'],
      ['a photo climbing out of the folder', (b) => withField(b, 'photos', [fileOf(REPORTER, '../../u/other/leak.jpg')]), 'payload.photos.0', 'not a file you uploaded'],
      ['10 photos', (b) => withField(b, 'photos', Array.from({ length: 10 }, (_, i) => `cloud://env/${i}.jpg`)), 'payload.photos'],
      ['urgency unknown', (b) => withField(b, 'urgency', 'asap'), 'payload.urgency'],
      ['slotId {"$gt": ""}', (b) => withField(b, 'slotId', GT), 'payload.slotId'],
      ['onBehalfOf.phone not a phone', (b) => withField(b, 'onBehalfOf', { name: '王先生', phone: '12345' }), 'payload.onBehalfOf.phone'],
      ['source unknown', (b) => withField(b, 'source', 'email'), 'payload.source'],
      ['reporter forged in the payload', (b) => withField(b, 'reporter', { openid: 'demo-resident-2' }), 'payload.reporter', 'unknown field'],
      ['status forged in the payload', (b) => withField(b, 'status', 'closed'), 'payload.status', 'unknown field'],
    ],
  },
  {
    action: 'order.get',
    as: DISPATCHER,
    state: 'pending',
    base: {},
    mutations: ORDER_ID_MUTATIONS,
  },
  {
    action: 'order.list',
    as: DISPATCHER,
    base: { propertyId: 'demo', scope: 'all' },
    mutations: [
      ['scope missing', (b) => without(b, 'scope'), 'payload.scope'],
      ['scope unknown', (b) => withField(b, 'scope', 'everything'), 'payload.scope'],
      ['scope {"$gt": ""}', (b) => withField(b, 'scope', GT), 'payload.scope'],
      ['propertyId {"$gt": ""}', (b) => withField(b, 'propertyId', GT), 'payload.propertyId'],
      ['propertyId of 100 KB', (b) => withField(b, 'propertyId', HUGE), 'payload.propertyId'],
      ['status not a status', (b) => withField(b, 'status', ['done']), 'payload.status.0'],
      ['status a string', (b) => withField(b, 'status', 'pending'), 'payload.status'],
      ['status {"$ne": null}', (b) => withField(b, 'status', { $ne: null }), 'payload.status'],
      ['cursor not from order.list', (b) => withField(b, 'cursor', 'not-a-cursor'), 'payload.cursor'],
      ['cursor of well-formed base64 but the wrong shape', (b) => withField(b, 'cursor', Buffer.from('{"a":1}').toString('base64url')), 'payload.cursor'],
      ['cursor of 100 KB', (b) => withField(b, 'cursor', HUGE), 'payload.cursor'],
      ['cursor an object', (b) => withField(b, 'cursor', GT), 'payload.cursor'],
      ['limit 0', (b) => withField(b, 'limit', 0), 'payload.limit'],
      ['limit 51', (b) => withField(b, 'limit', 51), 'payload.limit'],
      ['limit a string', (b) => withField(b, 'limit', '20'), 'payload.limit'],
      ['limit 2.5', (b) => withField(b, 'limit', 2.5), 'payload.limit'],
      ['an unknown field', (b) => withField(b, 'where', { status: 'closed' }), 'payload.where', 'unknown field'],
    ],
  },
  {
    action: 'order.assign',
    as: DISPATCHER,
    state: 'pending',
    base: { technicianId: ASSIGNEE },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ['technicianId missing', (b) => without(b, 'technicianId'), 'payload.technicianId'],
      ['technicianId {"$gt": ""}', (b) => withField(b, 'technicianId', GT), 'payload.technicianId'],
      ['assistantIds a string', (b) => withField(b, 'assistantIds', LEADER), 'payload.assistantIds'],
      ['assistantIds with an operator', (b) => withField(b, 'assistantIds', [GT]), 'payload.assistantIds.0'],
      ['note of 100 KB', (b) => withField(b, 'note', HUGE), 'payload.note'],
    ],
  },
  {
    action: 'order.assignTeam',
    as: DISPATCHER,
    state: 'pending',
    base: { teamId: 'demo-team-eng-hvac' },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ['teamId missing', (b) => without(b, 'teamId'), 'payload.teamId'],
      ['teamId {"$gt": ""}', (b) => withField(b, 'teamId', GT), 'payload.teamId'],
      ['teamId of 100 KB', (b) => withField(b, 'teamId', HUGE), 'payload.teamId'],
      ['note of 100 KB', (b) => withField(b, 'note', HUGE), 'payload.note'],
      ['an unknown field', (b) => withField(b, 'technicianId', ASSIGNEE), 'payload.technicianId', 'unknown field'],
    ],
  },
  {
    action: 'order.batchAssign',
    as: DISPATCHER,
    state: 'pending',
    base: { technicianId: ASSIGNEE },
    mutations: [
      ['orderIds missing', (b) => without(b, 'orderIds'), 'payload.orderIds'],
      ['orderIds empty', (b) => withField(b, 'orderIds', []), 'payload.orderIds'],
      ['orderIds a string', (b) => withField(b, 'orderIds', firstId(b)), 'payload.orderIds'],
      ['orderIds with {"$gt": ""}', (b) => withField(b, 'orderIds', [firstId(b), GT]), 'payload.orderIds.1'],
      ['orderIds with 100 KB', (b) => withField(b, 'orderIds', [firstId(b), HUGE]), 'payload.orderIds.1'],
      ['51 orderIds', (b) => withField(b, 'orderIds', Array.from({ length: 51 }, () => firstId(b))), 'payload.orderIds'],
      ['technicianId a number', (b) => withField(b, 'technicianId', 2), 'payload.technicianId'],
      ['technicianId missing', (b) => without(b, 'technicianId'), 'payload.technicianId'],
      ['an unknown field', (b) => withField(b, 'assistantIds', [LEADER]), 'payload.assistantIds', 'unknown field'],
    ],
  },
  { action: 'order.grab', as: LEADER, state: 'pending', base: {}, mutations: ORDER_ID_MUTATIONS },
  { action: 'order.accept', as: ASSIGNEE, state: 'assigned', base: {}, mutations: ORDER_ID_MUTATIONS },
  { action: 'order.reject', as: ASSIGNEE, state: 'assigned', base: { reason: '不在片区' }, mutations: [...ORDER_ID_MUTATIONS, ...REASON_MUTATIONS] },
  {
    action: 'order.transfer',
    as: ASSIGNEE,
    state: 'assigned',
    base: { technicianId: LEADER, reason: '需要班组长' },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ...REASON_MUTATIONS,
      ['technicianId missing', (b) => without(b, 'technicianId'), 'payload.technicianId'],
      ['technicianId {"$gt": ""}', (b) => withField(b, 'technicianId', GT), 'payload.technicianId'],
    ],
  },
  { action: 'order.requestReassign', as: ASSIGNEE, state: 'accepted', base: { reason: '需要两人配合' }, mutations: [...ORDER_ID_MUTATIONS, ...REASON_MUTATIONS] },
  {
    action: 'order.decideReassign',
    as: DISPATCHER,
    state: 'reassign_requested',
    base: { approve: true, technicianId: LEADER },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ['approve missing', (b) => without(b, 'approve'), 'payload.approve'],
      ['approve a string', (b) => withField(b, 'approve', 'yes'), 'payload.approve'],
      ['approve 1', (b) => withField(b, 'approve', 1), 'payload.approve'],
      ['technicianId {"$gt": ""}', (b) => withField(b, 'technicianId', GT), 'payload.technicianId'],
      ['reason of 100 KB', (b) => withField(b, 'reason', HUGE), 'payload.reason'],
    ],
  },
  {
    action: 'order.checkIn',
    as: ASSIGNEE,
    state: 'accepted',
    base: { location: { lat: 31.2304, lng: 121.4737 } },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ['location.lat a string', (b) => withField(b, 'location', { lat: '31.2', lng: 121.4 }), 'payload.location.lat'],
      ['location.lat out of range', (b) => withField(b, 'location', { lat: 200, lng: 121.4 }), 'payload.location.lat'],
      ['location.lng missing', (b) => withField(b, 'location', { lat: 31.2 }), 'payload.location.lng'],
      ['location with an unknown field', (b) => withField(b, 'location', { lat: 31.2, lng: 121.4, at: 'now' }), 'payload.location.at', 'unknown field'],
      ['arrivedAt forged', (b) => withField(b, 'arrivedAt', '2026-11-24T08:00:00+08:00'), 'payload.arrivedAt', 'unknown field'],
    ],
  },
  {
    action: 'order.progress',
    as: ASSIGNEE,
    state: 'in_progress',
    base: { note: '已关闭总阀', photos: [fileOf(ASSIGNEE, 'valve.jpg')] },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ['a photo the reporter uploaded', (b) => withField(b, 'photos', [fileOf(REPORTER, 'kitchen.jpg')]), 'payload.photos.0', 'not a file you uploaded'],
      ['note missing', (b) => without(b, 'note'), 'payload.note'],
      ['note of 100 KB', (b) => withField(b, 'note', HUGE), 'payload.note'],
      ['note {"$gt": ""}', (b) => withField(b, 'note', GT), 'payload.note'],
      ['photos not cloud:// files', (b) => withField(b, 'photos', ['file:///etc/passwd']), 'payload.photos.0'],
      ['photos of 100 KB', (b) => withField(b, 'photos', [`cloud://${HUGE}`]), 'payload.photos.0'],
    ],
  },
  {
    action: 'order.hold',
    as: ASSIGNEE,
    state: 'in_progress',
    base: { reason: '等配件到货', nextVisitAt: FUTURE },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ...REASON_MUTATIONS,
      ['nextVisitAt in the past', (b) => withField(b, 'nextVisitAt', PAST), 'payload.nextVisitAt'],
      ['nextVisitAt missing', (b) => without(b, 'nextVisitAt'), 'payload.nextVisitAt'],
      ['nextVisitAt not a time', (b) => withField(b, 'nextVisitAt', 'tomorrow'), 'payload.nextVisitAt'],
      ['nextVisitAt a number', (b) => withField(b, 'nextVisitAt', Date.parse(FUTURE)), 'payload.nextVisitAt'],
      ['nextVisitAt {"$gt": ""}', (b) => withField(b, 'nextVisitAt', GT), 'payload.nextVisitAt'],
    ],
  },
  {
    action: 'order.complete',
    as: ASSIGNEE,
    state: 'in_progress',
    base: { summary: '更换水管接头并试压', workMinutes: 40, materials: [{ materialId: 'demo-mat-tape', qty: 2 }] },
    mutations: COMPLETION_MUTATIONS,
  },
  // a correction takes the whole record again: the same refusals, before the reporter confirms
  {
    action: 'order.correct',
    as: ASSIGNEE,
    state: 'completed',
    base: { summary: '更换水管接头，加装止水阀', workMinutes: 50, materials: [{ materialId: 'demo-mat-tape', qty: 1 }] },
    mutations: COMPLETION_MUTATIONS,
  },
  {
    action: 'order.rate',
    as: REPORTER,
    state: 'completed',
    base: { score: 5, comment: '师傅很专业' },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ['score missing', (b) => without(b, 'score'), 'payload.score'],
      ['score 0', (b) => withField(b, 'score', 0), 'payload.score'],
      ['score 6', (b) => withField(b, 'score', 6), 'payload.score'],
      ['score 4.5', (b) => withField(b, 'score', 4.5), 'payload.score'],
      ['score a string', (b) => withField(b, 'score', '5'), 'payload.score'],
      ['score {"$gt": 0}', (b) => withField(b, 'score', { $gt: 0 }), 'payload.score'],
      ['comment of 100 KB', (b) => withField(b, 'comment', HUGE), 'payload.comment'],
    ],
  },
  { action: 'order.reopen', as: REPORTER, state: 'completed', base: { reason: '又开始漏水了' }, mutations: [...ORDER_ID_MUTATIONS, ...REASON_MUTATIONS] },
  { action: 'order.cancel', as: REPORTER, state: 'pending', base: { reason: '已自行修好' }, mutations: [...ORDER_ID_MUTATIONS, ...REASON_MUTATIONS] },
  { action: 'order.revoke', as: DISPATCHER, state: 'accepted', base: { reason: '重复报修' }, mutations: [...ORDER_ID_MUTATIONS, ...REASON_MUTATIONS] },
  {
    action: 'order.revisit',
    as: DISPATCHER,
    state: 'completed',
    base: { result: 'satisfied', note: '业主满意' },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ['result missing', (b) => without(b, 'result'), 'payload.result'],
      ['result unknown', (b) => withField(b, 'result', 'happy'), 'payload.result'],
      ['result {"$gt": ""}', (b) => withField(b, 'result', GT), 'payload.result'],
      ['note of 100 KB', (b) => withField(b, 'note', HUGE), 'payload.note'],
    ],
  },
  { action: 'order.close', as: DISPATCHER, state: 'completed_on_behalf', base: {}, mutations: ORDER_ID_MUTATIONS },
  {
    action: 'order.handle',
    as: DISPATCHER,
    state: 'pending',
    base: { handling: 'verbal', note: '已通知门岗放行' },
    mutations: [
      ...ORDER_ID_MUTATIONS,
      ['handling missing', (b) => without(b, 'handling'), 'payload.handling'],
      ['handling unknown', (b) => withField(b, 'handling', 'later'), 'payload.handling'],
      ['handling {"$gt": ""}', (b) => withField(b, 'handling', GT), 'payload.handling'],
      ['note missing', (b) => without(b, 'note'), 'payload.note'],
      ['note of 100 KB', (b) => withField(b, 'note', HUGE), 'payload.note'],
    ],
  },
];

interface Row {
  action: ActionName;
  name: string;
  as: string;
  state?: State;
  base: Payload;
  bad: Mutation[1];
  field: string;
  message?: string;
}

const ROWS: Row[] = CASES.flatMap((c) =>
  c.mutations.map(([name, bad, field, message]) => ({
    action: c.action,
    name,
    as: c.as,
    ...(c.state ? { state: c.state } : {}),
    base: c.base,
    bad,
    field,
    ...(message ? { message } : {}),
  })),
);

/** One order per state, shared by every row: bad input writes nothing, so it stays as it is. */
const shared = new Map<State, string>();
async function orderIn(state: State): Promise<string> {
  const known = shared.get(state);
  if (known) return known;
  const id = await freshOrderIn(state);
  shared.set(state, id);
  return id;
}

async function freshOrderIn(state: State): Promise<string> {
  if (state === 'reassign_requested') {
    const id = (await driveTo(url, 'accepted')).id;
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: id, reason: '需要两人配合' });
    return id;
  }
  if (state === 'completed_on_behalf') {
    const id = (await driveTo(url, 'in_progress')).id;
    await ok(url, LEADER, 'order.complete', { orderId: id, summary: '班组代报完工', workMinutes: 20 });
    return id;
  }
  return (await driveTo(url, state)).id;
}

/** What a call may change: the aimed-at order, or for create and list, the caller's own orders. */
async function observe(row: Row, orderId: string | undefined): Promise<unknown> {
  if (orderId) return getOrder(url, orderId);
  return ok(url, row.as, 'order.list', { scope: 'mine' });
}

function expectInvalid(res: { ok: true } | { ok: false; error: ApiError }, field: string, message?: string): void {
  if (res.ok) throw new Error(`expected INVALID_ARGUMENT naming ${field}, but the call succeeded`);
  expect(res.error.code).toBe('INVALID_ARGUMENT');
  expect(res.error.message).toEqual(expect.any(String));
  expect(Object.keys(res.error.fields ?? {})).toContain(field);
  if (message) expect(res.error.fields?.[field]).toBe(message);
}

describe('bad input for every order action', () => {
  it.each(CASES)('$action with good input works (the control for the rows below)', async (c) => {
    // Proves the good payload is good, on a fresh order so the shared ones stay put.
    let payload: Payload = c.base;
    if (c.state) {
      const fresh = await freshOrderIn(c.state);
      payload = c.action === 'order.batchAssign' ? { orderIds: [fresh], ...c.base } : { orderId: fresh, ...c.base };
    }
    const res = await call(url, c.as, c.action, payload);
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    if (c.action === 'order.batchAssign') expect(res.data).toMatchObject({ failed: [] });
  });

  it.each(ROWS)('$action: $name → INVALID_ARGUMENT naming $field, nothing written', async (row) => {
    const orderId = row.state ? await orderIn(row.state) : undefined;
    const good: Payload = !orderId ? row.base : row.action === 'order.batchAssign' ? { orderIds: [orderId], ...row.base } : { orderId, ...row.base };
    const payload = row.bad(good);
    const before = await observe(row, orderId);
    const res = await call(url, row.as, row.action, payload);
    expectInvalid(res, row.field, row.message);
    expect(await observe(row, orderId)).toEqual(before);
  });
});

describe('the envelope around the payload', () => {
  it.each([
    ['a string payload', 'x', 'payload'],
    ['a null payload', null, 'payload'],
    ['a number payload', 42, 'payload'],
    ['an array payload', ['orderId'], 'payload'],
  ] as const)('order.cancel with %s → INVALID_ARGUMENT naming payload, nothing written', async (_name, payload, field) => {
    const orderId = await orderIn('pending');
    const before = await getOrder(url, orderId);
    const res = await call(url, REPORTER, 'order.cancel', payload);
    expectInvalid(res, field);
    expect(await getOrder(url, orderId)).toEqual(before);
  });

  it('an order action name that does not exist names the action', async () => {
    const res = await call(url, DISPATCHER, 'order.delete' as ActionName, { orderId: 'x' });
    expectInvalid(res, 'action');
  });

  it('a materialId not in the catalog is named, and the order is not completed', async () => {
    const orderId = await orderIn('in_progress');
    const before = await getOrder(url, orderId);
    const res = await call(url, ASSIGNEE, 'order.complete', { orderId, summary: '完工', workMinutes: 10, materials: [{ materialId: 'demo-mat-tape', qty: 1 }, { materialId: 'demo2-mat-tape', qty: 1 }] });
    if (res.ok) throw new Error('completed with another property’s material');
    expect(Object.keys(res.error.fields ?? {})).toContain('payload.materials.1.materialId');
    expect(await getOrder(url, orderId)).toEqual(before);
  });

  it('a past slot is refused naming slotId and reports no order', async () => {
    const mine = await ok(url, REPORTER, 'order.list', { scope: 'mine' });
    // the clock is 2026-11-24 10:00 (BUSINESS_HOURS): that morning's 09:00 window has started
    const [slot] = await ok(url, REPORTER, 'slots.list', { propertyId: 'demo', categoryId: 'demo-water-leak', date: '2026-11-24' });
    if (!slot) throw new Error('no slot on 2026-11-24');
    expect(slot.status).toBe('past');
    const res = await call(url, REPORTER, 'order.create', {
      propertyId: 'demo', categoryId: 'demo-water-leak', description: '漏水', location: { kind: 'unit', text: '1栋101' }, slotId: slot.id,
    });
    expectInvalid(res, 'payload.slotId');
    expect(await ok(url, REPORTER, 'order.list', { scope: 'mine' })).toEqual(mine);
  });
});
