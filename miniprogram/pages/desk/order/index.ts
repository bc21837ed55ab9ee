/**
 * 工单详情 (?id=) for the service center: the order with its whole staff timeline, and the steps
 * the desk may take in its state — the first as the big button, the rest under 更多:
 * 派单 / 直接处理 / 改派 / 通过改派 open the picker (desk/assign); 驳回改派, 撤销, 核实关闭,
 * 记录回访 and 协调跟进 open a sheet here. Each sheet has one requestId, so a retried tap is one
 * step; a refused step shows the order as it is now.
 */
import type { OrderWithTimeline, RevisitResult } from '../../../../typings/domain';
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { urlsInOrder } from '../../../services/files';
import { nowMs } from '../../../utils/clock';
import { FORBIDDEN_TEXT, isForbidden, REVISIT_RESULTS } from '../desk';
import { toDeskOrderView, type DeskAction, type DeskOrderView } from './view-model';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';
type Sheet = '' | 'revoke' | 'rejectReassign' | 'close' | 'revisit' | 'followUp';

const SHEETS: Record<Exclude<Sheet, ''>, { title: string; placeholder: string; confirm: string; done: string }> = {
  revoke: { title: '撤销工单', placeholder: '撤销原因（必填），如：重复报修', confirm: '确认撤销', done: '工单已撤销' },
  rejectReassign: { title: '驳回改派申请', placeholder: '驳回原因（必填），师傅会看到', confirm: '确认驳回', done: '已驳回，工单仍由原师傅处理' },
  close: { title: '核实关闭', placeholder: '', confirm: '核实无误，关闭工单', done: '工单已关闭' },
  revisit: { title: '记录回访', placeholder: '回访情况（选填），如：住户表示已不漏水', confirm: '保存回访', done: '回访已记录' },
  followUp: { title: '协调跟进', placeholder: '跟进情况（必填），如：已与楼上住户沟通，约定周六上门', confirm: '保存跟进', done: '跟进已记录' },
};

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    orderId: '',
    order: null as DeskOrderView | null,
    photoUrls: [] as string[],
    moreShown: false,
    sheet: '' as Sheet,
    sheetTitle: '',
    sheetPlaceholder: '',
    sheetConfirm: '',
    text: '',
    textError: '',
    results: REVISIT_RESULTS,
    result: '' as RevisitResult | '',
    resultError: '',
    toReporter: false,
    failed: false,
    visited: false,
    submitting: false,
    requestId: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orderId: query.id ?? '' });
      void this.load();
    },

    onShow() {
      // back from the picker: the order has moved on
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
        const [me, order] = await Promise.all([call('user.me', {}), call('order.get', { orderId: this.data.orderId })]);
        if (!me.roles.some((r) => r.propertyId === order.propertyId && (r.role === 'dispatcher' || r.role === 'manager'))) {
          this.setData({ status: 'forbidden', order: null });
          return;
        }
        this.show(order);
      } catch (err) {
        if (isForbidden(err)) this.setData({ status: 'forbidden', order: null });
        else this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    show(order: OrderWithTimeline) {
      this.setData({ status: 'ready', order: toDeskOrderView(order, nowMs()) });
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

    onMoreSelect(event: WechatMiniprogram.CustomEvent<{ action: DeskAction }>) {
      this.setData({ moreShown: false });
      this.startAction(event.detail.action);
    },

    startAction(action: DeskAction) {
      if (this.data.submitting) return;
      const id = this.data.orderId;
      if (action === 'assign' || action === 'handle') wx.navigateTo({ url: `/pages/desk/assign/index?ids=${id}` });
      else if (action === 'transfer') wx.navigateTo({ url: `/pages/desk/assign/index?ids=${id}&mode=transfer` });
      else if (action === 'approveReassign') wx.navigateTo({ url: `/pages/desk/assign/index?ids=${id}&mode=reassign` });
      else this.openSheet(action);
    },

    openSheet(sheet: Exclude<Sheet, ''>) {
      this.setData({
        sheet,
        sheetTitle: SHEETS[sheet].title,
        sheetPlaceholder: SHEETS[sheet].placeholder,
        sheetConfirm: SHEETS[sheet].confirm,
        text: '',
        textError: '',
        result: '',
        resultError: '',
        toReporter: false,
        failed: false,
        visited: false,
        requestId: newRequestId(),
      });
    },

    closeSheet() {
      if (!this.data.submitting) this.setData({ sheet: '' });
    },

    onText(event: { detail: string }) {
      this.setData({ text: event.detail, textError: '' });
    },

    onResult(event: { detail: RevisitResult }) {
      this.setData({ result: event.detail, resultError: '' });
    },

    onResultTap(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { value: RevisitResult }>) {
      this.setData({ result: event.currentTarget.dataset.value, resultError: '' });
    },

    onFlag(event: { detail: boolean; currentTarget: { dataset: { flag: 'toReporter' | 'failed' | 'visited' } } }) {
      this.setData({ [event.currentTarget.dataset.flag]: event.detail });
    },

    sheetErrors(): Record<string, string> {
      const { sheet, text, result } = this.data;
      const errors: Record<string, string> = {};
      if ((sheet === 'revoke' || sheet === 'rejectReassign') && !text.trim()) errors.textError = '请写一下原因';
      if (sheet === 'followUp' && !text.trim()) errors.textError = '请写一下跟进情况';
      if (sheet === 'revisit' && !result) errors.resultError = '请选择回访结果';
      return errors;
    },

    async confirmSheet(): Promise<void> {
      const { sheet, orderId, text, result, toReporter, failed, visited, requestId, submitting } = this.data;
      if (!sheet || submitting) return;
      const errors = this.sheetErrors();
      if (Object.keys(errors).length > 0) {
        this.setData(errors);
        return;
      }
      this.setData({ submitting: true });
      const options = { requestId };
      const note = text.trim();
      try {
        let order: OrderWithTimeline;
        if (sheet === 'revoke') order = await call('order.revoke', { orderId, reason: note }, options);
        else if (sheet === 'rejectReassign') order = await call('order.decideReassign', { orderId, approve: false, reason: note }, options);
        else if (sheet === 'close') order = await call('order.close', { orderId }, options);
        else if (sheet === 'revisit') order = await call('order.revisit', { orderId, result: result as RevisitResult, ...(note ? { note } : {}) }, options);
        else
          order = await call(
            'order.followUp',
            { orderId, note, ...(toReporter ? { toReporter } : {}), ...(failed ? { failed } : {}), ...(visited ? { visited } : {}) },
            options,
          );
        this.setData({ submitting: false, sheet: '' });
        wx.showToast({ title: SHEETS[sheet].done, icon: 'success' });
        this.show(order);
      } catch (err) {
        const fields = fieldErrorsOf(err, {
          reason: '请填写原因（200 字以内）',
          note: sheet === 'revisit' ? '回访情况请控制在 300 字以内' : '请填写跟进情况（500 字以内）',
          result: '请选择回访结果',
        });
        this.setData({ submitting: false, textError: fields.reason ?? fields.note ?? '', resultError: fields.result ?? '' });
        wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
        // the state moved on under us: a fresh intent, and the order as it is now
        if (Object.keys(fields).length === 0) {
          this.setData({ requestId: newRequestId() });
          void this.load();
        }
      }
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
