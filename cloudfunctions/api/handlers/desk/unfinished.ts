import { z } from 'zod';
import type { Deadline, User } from '../../../../typings/domain';
import type { UnfinishedRow } from '../../../../typings/notify';
import { fail } from '../../../core/errors';
import { OPEN_STATUSES } from '../../../core/order/open-statuses';
import type { OrderDoc } from '../../../core/order/order-doc';
import { isDesk } from '../../../core/order/state-machine';
import { actorIn } from '../../../core/people/actor';
import { defineAction } from '../../actions';
import { calendarDate, docId } from '../../fields';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

const DEADLINES: Deadline[] = ['acceptBy', 'arriveBy', 'completeBy'];

export const reportUnfinished = defineAction({
  name: 'report.unfinished',
  summary:
    'The unfinished orders for the morning meeting (每日清理, 次日晨会通报): every order of the property still open at the end ' +
    'of `date` (its local day), oldest first, with its age, who has it and which deadlines it missed. At most 200 rows.',
  who: 'the service center and managers of the property',
  schema: z.object({ propertyId: docId, date: calendarDate }).strict(),
  returns: 'UnfinishedRow[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-dispatcher', payload: { propertyId: 'demo', date: '2026-12-07' } },
  async handle(ctx, p): Promise<UnfinishedRow[]> {
    const { db } = ctx;
    const _ = db.command;
    const user = await db.get<User>('users', ctx.openid);
    if (!isDesk(actorIn(user ? { ...user, openid: ctx.openid } : undefined, p.propertyId))) return fail('FORBIDDEN', '只有客服中心可以查看未完结工单');
    const now = ctx.clock.now();
    // the property's zone; Shanghai for every demo property
    const endOfDay = dayjs.tz(`${p.date} 23:59:59`, 'Asia/Shanghai').toDate();
    const at = Math.min(endOfDay.getTime(), now.getTime());
    const docs = await db.list<OrderDoc>('orders', { propertyId: p.propertyId, status: _.in(['pending', ...OPEN_STATUSES]), createdAt: _.lte(new Date(at).toISOString()) }, {
      orderBy: [['createdAt', 'asc']],
      limit: 200,
      fields: { timeline: false, outbox: false },
    });
    return docs.map((o) => ({
      orderId: o.id,
      orderNo: o.orderNo,
      categoryName: o.categoryName,
      status: o.status,
      createdAt: o.createdAt,
      ageMinutes: Math.floor((at - Date.parse(o.createdAt)) / 60_000),
      owner: o.assignee ? { kind: 'person', id: o.assignee.openid, name: o.assignee.name } : { kind: 'team', id: o.teamId },
      missed: DEADLINES.filter((d) => Date.parse(o.due[d]) < at && !(d === 'acceptBy' && o.acceptedAt && o.acceptedAt <= o.due.acceptBy) && !(d === 'arriveBy' && o.arrivedAt && o.arrivedAt <= o.due.arriveBy)),
    }));
  },
});
