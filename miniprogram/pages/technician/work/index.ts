/**
 * 工单详情 (?id=) for a technician: header and what to do next, address, reporter (one-tap call
 * once the order is theirs; masked in the pool), photos, the timeline as staff read it, and the
 * steps the API allows this person now — the first as the big button, the rest under 更多:
 * 抢单 / 接单 / 签到 (with location when the phone gives it) / 完工 go at once; 拒单, 申请改派,
 * 转单, 挂起 and 进展 open a sheet; 完工 and 修改完工记录 (a completed order the reporter has not
 * confirmed) open the completion form. Each sheet (and each direct tap) has one requestId, so a
 * retried tap is one step; a refused step shows the order as it is now. A lost grab race goes
 * back to the pool: the order is someone else's, there is nothing left to see here.
 */
import type { StaffMember } from '../../../../typings/people-actions';
import type { OrderWithTimeline } from '../../../../typings/domain';
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { urlsInOrder } from '../../../services/files';
import { nowMs } from '../../../utils/clock';
import { askToSubscribe, preloadTemplates } from '../../../utils/subscribe';
import { formatDateTime, toChinaIso } from '../../../utils/time';
import { addPhotos, deletePhoto, uploadedPhotos, type PhotoItem, type UploaderFile } from '../photos';
import { grabRefusal, LOST_GRAB } from '../pool/grab';
import { currentLocation } from './location';
import { toWorkView, type WorkAction, type WorkDetailView } from './view-model';

type Status = 'loading' | 'ready' | 'error';
/** the steps that need more than a tap */
type Sheet = '' | 'reject' | 'requestReassign' | 'transfer' | 'hold' | 'progress';

const SHEETS: Record<Exclude<Sheet, ''>, { title: string; placeholder: string; confirm: string }> = {
  reject: { title: '拒单', placeholder: '拒单原因，如：不在我的技能范围', confirm: '确认拒单' },
  requestReassign: { title: '申请改派', placeholder: '改派原因，如：需要电工配合', confirm: '提交申请' },
  transfer: { title: '转单给同事', placeholder: '转单原因，如：今天排满了', confirm: '确认转单' },
  hold: { title: '挂起', placeholder: '挂起原因，如：等待配件到货', confirm: '确认挂起' },
  progress: { title: '记录进展', placeholder: '现场情况、处理进展，住户可以看到', confirm: '提交进展' },
};

const DONE_TOASTS: Record<WorkAction, string> = {
  grab: '抢单成功',
  accept: '已接单，请按时上门',
  reject: '已拒单，工单退回派单',
  transfer: '已转单',
  requestReassign: '改派申请已提交',
  checkIn: '已签到，开始处理',
  progress: '进展已提交',
  hold: '已挂起，已通知住户',
  complete: '',
  correct: '',
};

const HOUR = 60 * 60 * 1000;
/** the hold picker's first offer: tomorrow 09:00 China time */
function tomorrowNine(now: number): number {
  const day = Math.floor((now + 8 * HOUR) / (24 * HOUR)) + 1;
  return day * 24 * HOUR - 8 * HOUR + 9 * HOUR;
}

const staffLists = new WeakMap<object, StaffMember[]>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    orderId: '',
    me: '',
    propertyId: '',
    teamId: '',
    order: null as WorkDetailView | null,
    photoUrls: [] as string[],
    /** a direct step (接单, 签到…) in flight: its button spins */
    acting: '' as WorkAction | '',
    moreShown: false,
    sheet: '' as Sheet,
    sheetTitle: '',
    sheetPlaceholder: '',
    sheetConfirm: '',
    text: '',
    textError: '',
    colleagues: [] as { id: string; name: string; note: string }[],
    colleaguesStatus: 'idle' as 'idle' | 'loading' | 'ready' | 'error',
    technicianId: '',
    technicianError: '',
    nextVisitAt: 0,
    nextVisitText: '',
    minVisitAt: 0,
    nextVisitError: '',
    photos: [] as PhotoItem[],
    submitting: false,
    requestId: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orderId: query.id ?? '' });
      void this.load();
    },

    onShow() {
      // back from the completion form: the order has moved on
      if (this.data.order) void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    retry() {
      void this.load();
    },

    async load(): Promise<void> {
      if (!this.data.orderId) {
        this.setData({ status: 'error', errorText: '找不到这张工单' });
        return;
      }
      if (!this.data.order) this.setData({ status: 'loading' });
      try {
        const [me, order] = await Promise.all([
          this.data.me ? Promise.resolve(undefined) : call('user.me', {}),
          call('order.get', { orderId: this.data.orderId }),
        ]);
        if (me) this.setData({ me: me.openid });
        this.show(order);
      } catch (err) {
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    show(order: OrderWithTimeline) {
      this.setData({
        status: 'ready',
        propertyId: order.propertyId,
        teamId: order.teamId,
        order: toWorkView(order, this.data.me, nowMs()),
      });
      void this.loadPhotos(order.photos);
    },

    async loadPhotos(ids: string[]): Promise<void> {
      const urls = await urlsInOrder(ids);
      if (urls) this.setData({ photoUrls: urls });
    },

    previewPhoto(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      wx.previewImage({ current: event.currentTarget.dataset.url, urls: this.data.photoUrls });
    },

    callReporter() {
      const order = this.data.order;
      if (order?.canCall) wx.makePhoneCall({ phoneNumber: order.reporterPhone });
    },

    // --- the steps -------------------------------------------------------------------------
    onPrimary() {
      const action = this.data.order?.primary;
      if (action) this.startAction(action);
    },

    openMore() {
      this.setData({ moreShown: true });
    },

    closeMore() {
      this.setData({ moreShown: false });
    },

    onMoreSelect(event: WechatMiniprogram.CustomEvent<{ action: WorkAction }>) {
      this.setData({ moreShown: false });
      this.startAction(event.detail.action);
    },

    startAction(action: WorkAction) {
      if (this.data.acting || this.data.submitting) return;
      if (action === 'complete') {
        wx.navigateTo({ url: `/pages/technician/complete/index?id=${this.data.orderId}` });
      } else if (action === 'correct') {
        wx.navigateTo({ url: `/pages/technician/complete/index?id=${this.data.orderId}&mode=correct` });
      } else if (action === 'grab' || action === 'accept' || action === 'checkIn') {
        void this.runDirect(action);
      } else {
        this.openSheet(action);
      }
    },

    async runDirect(action: 'grab' | 'accept' | 'checkIn'): Promise<void> {
      const orderId = this.data.orderId;
      this.setData({ acting: action });
      if (action !== 'checkIn') preloadTemplates();
      const options = { requestId: newRequestId() };
      try {
        let order: OrderWithTimeline;
        if (action === 'checkIn') {
          const location = await currentLocation();
          order = await call('order.checkIn', { orderId, ...(location ? { location } : {}) }, options);
        } else {
          order = await call(action === 'grab' ? 'order.grab' : 'order.accept', { orderId }, options);
        }
        this.setData({ acting: '' });
        wx.showToast({ title: DONE_TOASTS[action], icon: 'success' });
        this.show(order);
        // the first 接单/抢单 of the day: ask for the notices of the orders to come
        if (action !== 'checkIn') void askToSubscribe('after_accept', { oncePerDay: true });
      } catch (err) {
        this.setData({ acting: '' });
        const refusal = action === 'grab' ? grabRefusal(err) : undefined;
        if (refusal?.content === LOST_GRAB) {
          // someone else's order now, which this technician may not even read: back to the pool
          wx.showToast({ title: LOST_GRAB, icon: 'none', duration: 2500 });
          this.backToPool();
          return;
        }
        // the grab limit in the pool's words, or the step refused; the reload shows the order as it is now
        wx.showToast({ title: refusal ? refusal.content : toastFor(err), icon: 'none', duration: 2500 });
        void this.load();
      }
    },

    /** Back to the pool this order was opened from, or to the pool itself when opened from elsewhere (a notice, a share). */
    backToPool() {
      if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
      else wx.redirectTo({ url: `/pages/technician/pool/index${this.data.propertyId ? `?propertyId=${this.data.propertyId}` : ''}` });
    },

    openSheet(sheet: Exclude<Sheet, ''>) {
      const now = nowMs();
      const first = tomorrowNine(now);
      this.setData({
        sheet,
        sheetTitle: SHEETS[sheet].title,
        sheetPlaceholder: SHEETS[sheet].placeholder,
        sheetConfirm: SHEETS[sheet].confirm,
        text: '',
        textError: '',
        technicianId: '',
        technicianError: '',
        nextVisitAt: first,
        nextVisitText: formatDateTime(first),
        minVisitAt: now,
        nextVisitError: '',
        photos: [],
        requestId: newRequestId(),
      });
      if (sheet === 'transfer') void this.loadColleagues();
    },

    closeSheet() {
      if (!this.data.submitting) this.setData({ sheet: '' });
    },

    async loadColleagues(): Promise<void> {
      this.setData({ colleaguesStatus: 'loading' });
      try {
        const staff = staffLists.get(this) ?? (await call('staff.list', { propertyId: this.data.propertyId, role: 'technician', teamId: this.data.teamId }));
        staffLists.set(this, staff);
        const colleagues = staff
          .filter((s) => s.id !== this.data.me && s.role === 'technician')
          .map((s) => ({ id: s.id, name: s.name, note: s.openOrders > 0 ? `手上 ${s.openOrders} 单` : '空闲' }));
        this.setData({ colleaguesStatus: 'ready', colleagues });
      } catch (err) {
        this.setData({ colleaguesStatus: 'error', errorText: toastFor(err) });
      }
    },

    onText(event: { detail: string }) {
      this.setData({ text: event.detail, textError: '' });
    },

    onColleague(event: { detail: string }) {
      this.setData({ technicianId: event.detail, technicianError: '' });
    },

    onColleagueTap(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      this.setData({ technicianId: event.currentTarget.dataset.id, technicianError: '' });
    },

    onNextVisit(event: { detail: number }) {
      const at = Number(event.detail);
      if (Number.isFinite(at)) this.setData({ nextVisitAt: at, nextVisitText: formatDateTime(at), nextVisitError: '' });
    },

    onPhotosRead(event: WechatMiniprogram.CustomEvent<{ file: UploaderFile | UploaderFile[] }>) {
      addPhotos(this, 'photos', event);
    },

    onPhotoDelete(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      deletePhoto(this, 'photos', event.detail.index);
    },

    /** Checks a sheet before any call: errors beside their fields. */
    sheetErrors(): Record<string, string> {
      const { sheet, text, technicianId, nextVisitAt } = this.data;
      const errors: Record<string, string> = {};
      if (!text.trim()) errors.textError = sheet === 'progress' ? '请写一下现场进展' : '请写一下原因';
      if (sheet === 'transfer' && !technicianId) errors.technicianError = '请选择接手的同事';
      if (sheet === 'hold' && nextVisitAt <= nowMs()) errors.nextVisitError = '下次上门时间要晚于现在';
      if (sheet === 'progress' && uploadedPhotos(this, 'photos').busy) errors.textError = '照片还在上传，请稍候';
      return errors;
    },

    async confirmSheet(): Promise<void> {
      const { sheet, orderId, text, technicianId, nextVisitAt, requestId, submitting } = this.data;
      if (!sheet || submitting) return;
      const errors = this.sheetErrors();
      if (Object.keys(errors).length > 0) {
        this.setData(errors);
        return;
      }
      this.setData({ submitting: true });
      const options = { requestId };
      const reason = text.trim();
      try {
        let order: OrderWithTimeline;
        if (sheet === 'transfer') order = await call('order.transfer', { orderId, technicianId, reason }, options);
        else if (sheet === 'hold') order = await call('order.hold', { orderId, reason, nextVisitAt: toChinaIso(nextVisitAt) }, options);
        else if (sheet === 'progress') {
          const photos = uploadedPhotos(this, 'photos').ids;
          order = await call('order.progress', { orderId, note: reason, ...(photos.length > 0 ? { photos } : {}) }, options);
        } else order = await call(sheet === 'reject' ? 'order.reject' : 'order.requestReassign', { orderId, reason }, options);
        this.setData({ submitting: false, sheet: '' });
        wx.showToast({ title: DONE_TOASTS[sheet], icon: 'success' });
        this.show(order);
      } catch (err) {
        const fields = fieldErrorsOf(err, {
          reason: '请填写原因（200 字以内）',
          note: '请填写进展（500 字以内）',
          nextVisitAt: '请选择下次上门时间',
          technicianId: '这位同事不能接这张单，请换一位',
        });
        this.setData({
          submitting: false,
          textError: fields.reason ?? fields.note ?? '',
          nextVisitError: fields.nextVisitAt ?? '',
          technicianError: fields.technicianId ?? '',
        });
        wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
        // the state moved on under us (the desk reassigned it meanwhile): show what is true now
        if (Object.keys(fields).length === 0) void this.load();
      }
    },
  },
});
