/**
 * 每日未完结 (?date=YYYY-MM-DD, default today) for the morning meeting (每日清理, 次日晨会通报):
 * every order still open at the end of the day (report.unfinished, oldest first) with its age,
 * who has it and the deadlines it missed; a day before or after, up to today. Tap a row for the order.
 */
import type { UnfinishedRow } from '../../../../typings/notify';
import { call, toastFor } from '../../../services/api';
import { nowMs } from '../../../utils/clock';
import { STATUS_LABELS, STATUS_TAGS } from '../../../utils/labels';
import { formatDay, formatRelative, localDate } from '../../../utils/time';
import { deskRole, FORBIDDEN_TEXT, formatAge, isForbidden, MISSED_LABELS } from '../desk';
import type { OrderStatus } from '../../../../typings/domain';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';

interface RowView {
  orderId: string;
  orderNo: string;
  categoryName: string;
  statusLabel: string;
  tagType: string;
  tagPlain: boolean;
  age: string;
  owner: string;
  createdText: string;
  missed: string[];
}

const DAY = 24 * 60 * 60 * 1000;

/** noon of a local day, so ± a day never crosses into the wrong date */
const noonOf = (date: string): number => Date.parse(`${date}T12:00:00+08:00`);

function toRow(r: UnfinishedRow, now: number): RowView {
  const tag = STATUS_TAGS[r.status as OrderStatus] ?? { type: 'default', plain: true };
  return {
    orderId: r.orderId,
    orderNo: r.orderNo,
    categoryName: r.categoryName,
    statusLabel: STATUS_LABELS[r.status as OrderStatus] ?? r.status,
    tagType: tag.type,
    tagPlain: tag.plain,
    age: formatAge(r.ageMinutes),
    owner: r.owner.kind === 'team' ? (r.owner.name ? `${r.owner.name} · 待派单` : '班组池 · 待派单') : (r.owner.name ?? '未指派'),
    createdText: formatRelative(r.createdAt, now),
    missed: r.missed.map((m) => MISSED_LABELS[m] ?? m),
  };
}

const generations = new WeakMap<object, number>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    propertyId: '',
    date: '',
    dateText: '',
    isToday: true,
    rows: [] as RowView[],
    total: 0,
    lateCount: 0,
    capped: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const today = localDate(nowMs());
      const date = query.date && /^\d{4}-\d{2}-\d{2}$/.test(query.date) && query.date <= today ? query.date : today;
      this.setDate(date);
      void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    retry() {
      void this.load();
    },

    setDate(date: string) {
      const today = localDate(nowMs());
      this.setData({ date, isToday: date === today, dateText: `${formatDay(noonOf(date))}${date === today ? '（今天）' : ''}` });
    },

    prevDay() {
      this.setDate(localDate(noonOf(this.data.date) - DAY));
      void this.load();
    },

    nextDay() {
      if (this.data.isToday) return;
      this.setDate(localDate(noonOf(this.data.date) + DAY));
      void this.load();
    },

    async load(): Promise<void> {
      const generation = (generations.get(this) ?? 0) + 1;
      generations.set(this, generation);
      this.setData({ status: 'loading' });
      try {
        let propertyId = this.data.propertyId;
        if (!propertyId) {
          const role = deskRole(await call('user.me', {}));
          if (!role) {
            this.setData({ status: 'forbidden' });
            return;
          }
          propertyId = role.propertyId;
          this.setData({ propertyId });
        }
        const rows = await call('report.unfinished', { propertyId, date: this.data.date });
        if (generations.get(this) !== generation) return;
        const now = nowMs();
        this.setData({
          status: 'ready',
          rows: rows.map((r) => toRow(r, now)),
          total: rows.length,
          lateCount: rows.filter((r) => r.missed.length > 0).length,
          capped: rows.length >= 200,
        });
      } catch (err) {
        if (generations.get(this) !== generation) return;
        if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    openOrder(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/pages/desk/order/index?id=${event.currentTarget.dataset.id}` });
    },

    openOrders() {
      wx.navigateTo({ url: '/pages/desk/orders/index' });
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
