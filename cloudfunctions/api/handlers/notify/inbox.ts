import { z } from 'zod';
import type { User } from '../../../../typings/domain';
import type { InboxItem, InboxPage } from '../../../../typings/notify';
import { fail } from '../../../core/errors';
import { deskOf } from '../../../core/notify/recipients';
import type { InboxDoc } from '../../../services/notify/deliver';
import type { Store, Where } from '../../../runtime/db';
import { defineAction } from '../../actions';
import type { HandlerContext } from '../../context';

const PAGE = 20;

/** Whose items the caller reads: their own, and the service center's of each property they work the desk of. */
async function mailboxes(ctx: HandlerContext): Promise<string[]> {
  const user = await ctx.db.get<User>('users', ctx.openid);
  const desks = (user?.roles ?? []).filter((r) => r.role === 'dispatcher' || r.role === 'manager').map((r) => deskOf(r.propertyId));
  return [ctx.openid, ...desks];
}

function mine(db: Store, boxes: string[]): Where {
  return boxes.length === 1 ? { openid: boxes[0] } : { openid: db.command.in(boxes) };
}

const toItem = ({ _id: _ignored, ...item }: InboxDoc): InboxItem => item;

const encode = (c: [string, string]): string => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(text: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // falls through
  }
  return fail('INVALID_ARGUMENT', '分页参数有误，请刷新', { 'payload.cursor': 'not a cursor from inbox.list' });
}

export const inboxList = defineAction({
  name: 'inbox.list',
  summary: 'The message center (消息中心): every notification of the caller (and, for the service center, of its desk), newest first, 20 a page, with the unread count.',
  who: 'anyone',
  schema: z.object({ cursor: z.string().max(200).optional() }).strict(),
  returns: 'InboxPage',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT'],
  example: { openid: 'demo-tech-2', payload: {} },
  async handle(ctx, p): Promise<InboxPage> {
    const { db } = ctx;
    const _ = db.command;
    const boxes = await mailboxes(ctx);
    const where = mine(db, boxes);
    const page = p.cursor
      ? (() => {
          const [createdAt, id] = decode(p.cursor);
          return _.and([where, _.or([{ createdAt: _.lt(createdAt) }, { createdAt, _id: _.lt(id) }])]) as unknown as Where;
        })()
      : where;
    const [docs, unread] = await Promise.all([
      db.list<InboxDoc>('inbox', page, { orderBy: [['createdAt', 'desc'], ['_id', 'desc']], limit: PAGE + 1 }),
      db.count('inbox', { ...where, read: false }),
    ]);
    const items = docs.slice(0, PAGE).map(toItem);
    const last = items[items.length - 1];
    return { items, unread, ...(docs.length > PAGE && last ? { nextCursor: encode([last.createdAt, last.id]) } : {}) };
  },
});

export const inboxRead = defineAction({
  name: 'inbox.read',
  summary: 'Marks items read (the given ids, or all of the caller’s); answers the unread count left.',
  who: 'anyone (their own items and their desk’s)',
  schema: z.object({ ids: z.array(z.string().min(1).max(128).regex(/^[\w:-]+$/, 'an inbox item id')).min(1).max(100).optional() }).strict(),
  returns: '{ unread: number }',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT'],
  example: { openid: 'demo-tech-2', payload: {} },
  async handle(ctx, p): Promise<{ unread: number }> {
    const { db } = ctx;
    const boxes = await mailboxes(ctx);
    const where = mine(db, boxes);
    await db.updateWhere('inbox', { ...where, read: false, ...(p.ids ? { _id: db.command.in(p.ids) } : {}) }, { read: true });
    return { unread: await db.count('inbox', { ...where, read: false }) };
  },
});
