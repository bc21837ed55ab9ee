/**
 * 报修详情 (?id=): status and what happens next, the facts, the technician with a one-tap call,
 * the timeline (van-steps), the fee when there is one, and the one step this state allows the
 * resident: 取消 (before acceptance, with a reason), 确认并评价, 重新报修 (within 7 days), 去支付
 * (what the order owes, or what a pay-on-order category asks first: order.pay → wx.requestPayment).
 * Each action sheet has its own requestId, kept while it is open, so a retried tap is one step.
 */
import type { OrderWithTimeline } from '../../../../typings/domain';
import type { WxPaymentParams } from '../../../../typings/payments';
import { ApiCallError, call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { urlsInOrder } from '../../../services/files';
import { nowMs } from '../../../utils/clock';
import { toDetailView, type OrderDetailView } from './view-model';

type Status = 'loading' | 'ready' | 'error';
type Sheet = '' | 'cancel' | 'rate' | 'reopen';

const SHEET_TITLES: Record<Exclude<Sheet, ''>, string> = {
  cancel: '取消报修',
  rate: '确认完工并评价',
  reopen: '问题没有解决',
};

const DONE_TOASTS: Record<Exclude<Sheet, ''>, string> = {
  cancel: '已取消报修',
  rate: '感谢您的评价',
  reopen: '已重新报修',
};

const SCORE_WORDS = ['', '非常不满意', '不满意', '一般', '满意', '非常满意'];

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    orderId: '',
    order: null as OrderDetailView | null,
    photoUrls: [] as string[],
    sheet: '' as Sheet,
    sheetTitle: '',
    reason: '',
    reasonError: '',
    score: 5,
    scoreWord: SCORE_WORDS[5],
    comment: '',
    submitting: false,
    requestId: '',
    nudging: false,
    paying: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orderId: query.id ?? '' });
      void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    retry() {
      void this.load();
    },

    async load(): Promise<void> {
      if (!this.data.orderId) {
        this.setData({ status: 'error', errorText: '找不到这张报修单' });
        return;
      }
      if (!this.data.order) this.setData({ status: 'loading' });
      try {
        this.show(await call('order.get', { orderId: this.data.orderId }));
      } catch (err) {
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    show(order: OrderWithTimeline) {
      this.setData({ status: 'ready', order: toDetailView(order, nowMs()) });
      void this.loadPhotos(order.photos);
    },

    async loadPhotos(ids: string[]): Promise<void> {
      const urls = await urlsInOrder(ids);
      if (urls) this.setData({ photoUrls: urls });
    },

    previewPhoto(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      wx.previewImage({ current: event.currentTarget.dataset.url, urls: this.data.photoUrls });
    },

    callTechnician() {
      const phone = this.data.order?.technician?.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },

    /** 催单: once the order's current deadline has passed; the server allows one an hour. */
    async nudge(): Promise<void> {
      const { orderId, nudging, order } = this.data;
      if (nudging || !order) return;
      this.setData({ nudging: true });
      try {
        const updated = await call('order.nudge', { orderId }, { requestId: newRequestId() });
        this.setData({ nudging: false });
        wx.showToast({ title: order.technician ? '已催促师傅，请稍候' : '已提醒客服尽快安排', icon: 'none', duration: 2500 });
        this.show(updated);
      } catch (err) {
        this.setData({ nudging: false });
        const limited = err instanceof ApiCallError && err.code === 'RATE_LIMITED';
        wx.showToast({ title: limited ? '已经催过了，一小时后可再催' : toastFor(err), icon: 'none', duration: 2500 });
        if (!limited) void this.load();
      }
    },

    /**
     * 去支付: order.pay answers the WeChat Pay parameters; the payment sheet is WeChat's own. The
     * order reads paid once WeChat Pay's callback reached the server, so after paying we reload.
     * Closing the sheet is no error: nothing is said, the button stays for another try.
     */
    async pay(): Promise<void> {
      const { orderId, paying } = this.data;
      if (paying) return;
      this.setData({ paying: true });
      let payment: WxPaymentParams;
      try {
        payment = (await call('order.pay', { orderId })).payment;
      } catch (err) {
        this.setData({ paying: false });
        wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
        void this.load();
        return;
      }
      const outcome = await requestPayment(payment);
      this.setData({ paying: false });
      if (outcome === 'paid') {
        wx.showToast({ title: '支付成功', icon: 'success' });
        void this.load();
      } else if (outcome === 'failed') {
        wx.showToast({ title: '支付没有完成，请稍后再试', icon: 'none', duration: 2500 });
      }
    },

    // --- action sheets ---------------------------------------------------------------------
    openSheet(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { sheet: Exclude<Sheet, ''> }>) {
      const sheet = event.currentTarget.dataset.sheet;
      this.setData({
        sheet,
        sheetTitle: SHEET_TITLES[sheet],
        reason: '',
        reasonError: '',
        score: 5,
        scoreWord: SCORE_WORDS[5],
        comment: '',
        requestId: newRequestId(),
      });
    },

    closeSheet() {
      if (!this.data.submitting) this.setData({ sheet: '' });
    },

    onReason(event: { detail: string }) {
      this.setData({ reason: event.detail, reasonError: '' });
    },

    onScore(event: { detail: number }) {
      this.setData({ score: event.detail, scoreWord: SCORE_WORDS[event.detail] ?? '' });
    },

    onComment(event: { detail: string }) {
      this.setData({ comment: event.detail });
    },

    async confirmSheet(): Promise<void> {
      const { sheet, orderId, reason, score, comment, requestId, submitting } = this.data;
      if (!sheet || submitting) return;
      if (sheet !== 'rate' && !reason.trim()) {
        this.setData({ reasonError: sheet === 'cancel' ? '请说一下取消的原因' : '请说一下哪里没有解决' });
        return;
      }
      this.setData({ submitting: true });
      try {
        const options = { requestId };
        const order =
          sheet === 'rate'
            ? await call('order.rate', { orderId, score, ...(comment.trim() ? { comment: comment.trim() } : {}) }, options)
            : await call(sheet === 'cancel' ? 'order.cancel' : 'order.reopen', { orderId, reason: reason.trim() }, options);
        this.setData({ submitting: false, sheet: '' });
        wx.showToast({ title: DONE_TOASTS[sheet], icon: 'success' });
        this.show(order);
      } catch (err) {
        const fields = fieldErrorsOf(err, { reason: '请填写原因（200 字以内）', comment: '评价请在 300 字以内' });
        this.setData({ submitting: false, reasonError: fields.reason ?? fields.comment ?? '' });
        wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
        // the state moved on under us (e.g. a technician accepted meanwhile): show what is true now
        if (!fields.reason && !fields.comment) void this.load();
      }
    },
  },
});

type PayOutcome = 'paid' | 'cancelled' | 'failed';

/** wx.requestPayment as a promise: the person paid, closed the sheet, or it failed. */
function requestPayment(payment: WxPaymentParams): Promise<PayOutcome> {
  return new Promise((resolve) => {
    wx.requestPayment({
      ...payment,
      // the server signs with one of WeChat's types; passed on as it came
      signType: payment.signType as WechatMiniprogram.RequestPaymentOption['signType'],
      success: () => resolve('paid'),
      fail: (err: { errMsg?: string }) => resolve(/cancel/.test(err.errMsg ?? '') ? 'cancelled' : 'failed'),
    });
  });
}
