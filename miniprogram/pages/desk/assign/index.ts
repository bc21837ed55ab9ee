/**
 * 派单 (?ids=a,b) for the service center: the order (or orders) on top, then the technician
 * picker — name, team, open orders, skills, least loaded first — optional assistants (协助) and a
 * note; 确认派单 sends order.assign, or order.batchAssign for several orders (each succeeds or
 * fails on its own and the desk is told which). One pending order may instead go to a team's
 * pool (派给班组, order.assignTeam), and a matter be handled by the desk itself (直接处理,
 * order.handle: 口头派工 closes it, 协调单 keeps it open for follow-ups).
 *
 * The same picker serves the detail page's steps: ?mode=transfer (改派: order.transfer with a
 * reason) and ?mode=reassign (审批改派 通过: order.decideReassign to the technician picked, or
 * back to the pool). Every intent has its own requestId: a retried tap is one step.
 */
import type { OrderWithTimeline } from '../../../../typings/domain';
import type { StaffMember } from '../../../../typings/people-actions';
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { STATUS_LABELS, STATUS_TAGS } from '../../../utils/labels';
import { locationText } from '../../../utils/order-view';
import { deskRole, FORBIDDEN_TEXT, isForbidden, technicianOptions, type TechnicianOption } from '../desk';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';
type Mode = 'assign' | 'transfer' | 'reassign';
type Busy = '' | 'assign' | 'team' | 'handle' | 'pool';

interface OrderSummary {
  id: string;
  orderNo: string;
  categoryName: string;
  description: string;
  location: string;
  statusLabel: string;
  tagType: string;
  tagPlain: boolean;
  urgent: boolean;
}

const TITLES: Record<Mode, { title: string; confirm: string; done: string; notePlaceholder: string }> = {
  assign: { title: '派单', confirm: '确认派单', done: '派单成功', notePlaceholder: '选填，如：住户下午在家' },
  transfer: { title: '改派', confirm: '确认改派', done: '已改派', notePlaceholder: '如：原师傅请假' },
  reassign: { title: '审批改派', confirm: '通过并改派', done: '已通过改派申请', notePlaceholder: '选填' },
};

const MAX_ASSISTANTS = 5;

function summary(order: OrderWithTimeline): OrderSummary {
  const tag = STATUS_TAGS[order.status] ?? { type: 'default', plain: true };
  return {
    id: order.id,
    orderNo: order.orderNo,
    categoryName: order.categoryName,
    description: order.description,
    location: locationText(order),
    statusLabel: STATUS_LABELS[order.status] ?? order.status,
    tagType: tag.type,
    tagPlain: tag.plain,
    urgent: order.urgency === 'urgent',
  };
}

const staffLists = new WeakMap<object, StaffMember[]>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    mode: 'assign' as Mode,
    title: TITLES.assign.title,
    confirmText: TITLES.assign.confirm,
    notePlaceholder: TITLES.assign.notePlaceholder,
    ids: [] as string[],
    orders: [] as OrderSummary[],
    batch: false,
    /** one pending order: 派给班组 is offered */
    canTeam: false,
    /** one pending matter: 直接处理 is offered */
    canHandle: false,
    reassignReason: '',
    technicians: [] as TechnicianOption[],
    technicianId: '',
    technicianError: '',
    assistantsShown: false,
    assistantIds: [] as string[],
    note: '',
    noteError: '',
    busy: '' as Busy,
    requestId: '',
    teamSheetShown: false,
    teamActions: [] as { name: string; subname: string; teamId: string }[],
    handleShown: false,
    handling: 'verbal' as 'verbal' | 'coordination',
    handleNote: '',
    handleNoteError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const ids = (query.ids ?? query.id ?? '').split(',').filter((s) => /^[\w.:-]+$/.test(s));
      const mode: Mode = query.mode === 'transfer' || query.mode === 'reassign' ? query.mode : 'assign';
      const t = TITLES[mode];
      this.setData({
        ids,
        mode,
        batch: mode === 'assign' && ids.length > 1,
        title: t.title,
        confirmText: ids.length > 1 && mode === 'assign' ? `派给这位师傅（${ids.length} 单）` : t.confirm,
        notePlaceholder: t.notePlaceholder,
        requestId: newRequestId(),
      });
      wx.setNavigationBarTitle({ title: ids.length > 1 ? '批量派单' : t.title });
      void this.load();
    },

    retry() {
      void this.load();
    },

    async load(): Promise<void> {
      if (this.data.ids.length === 0) {
        this.setData({ status: 'error', errorText: '没有要派的工单，请返回工单池选择' });
        return;
      }
      this.setData({ status: 'loading' });
      try {
        const role = deskRole(await call('user.me', {}));
        if (!role) {
          this.setData({ status: 'forbidden' });
          return;
        }
        const [orders, staff] = await Promise.all([
          Promise.all(this.data.ids.map((orderId) => call('order.get', { orderId }))),
          staffLists.get(this) ?? call('staff.list', { propertyId: role.propertyId, role: 'technician' }),
        ]);
        staffLists.set(this, staff);
        const one = orders.length === 1 ? orders[0] : undefined;
        const pendingOne = this.data.mode === 'assign' && one?.status === 'pending';
        // the one who has it now is not offered it again
        const holder = this.data.mode === 'assign' ? '' : (one?.assignee?.id ?? '');
        const technicians = technicianOptions(staff).filter((t) => t.id !== holder);
        const teamIds = [...new Set(technicians.map((t) => t.teamId).filter((id) => !!id))];
        this.setData({
          status: 'ready',
          orders: orders.map(summary),
          canTeam: pendingOne,
          canHandle: pendingOne && one?.kind === 'matter',
          reassignReason: one?.reassignRequest?.reason ?? '',
          technicians,
          teamActions: teamIds.map((teamId) => ({
            name: technicians.find((t) => t.teamId === teamId)?.team ?? teamId,
            subname: `${technicians.filter((t) => t.teamId === teamId).length} 位师傅`,
            teamId,
          })),
        });
      } catch (err) {
        if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    onTechnician(event: { detail: string }) {
      this.pick(event.detail);
    },

    onTechnicianTap(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      this.pick(event.currentTarget.dataset.id);
    },

    pick(id: string) {
      if (this.data.busy) return;
      // the main technician is not also an assistant
      this.setData({ technicianId: id, technicianError: '', assistantIds: this.data.assistantIds.filter((a) => a !== id) });
    },

    toggleAssistants() {
      this.setData({ assistantsShown: !this.data.assistantsShown });
    },

    onAssistants(event: { detail: string[] }) {
      const ids = event.detail.filter((id) => id !== this.data.technicianId);
      if (ids.length > MAX_ASSISTANTS) {
        wx.showToast({ title: `协助师傅最多 ${MAX_ASSISTANTS} 位`, icon: 'none' });
        return;
      }
      this.setData({ assistantIds: ids });
    },

    onAssistantTap(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const id = event.currentTarget.dataset.id;
      if (id === this.data.technicianId) return;
      const current = this.data.assistantIds;
      this.onAssistants({ detail: current.includes(id) ? current.filter((a) => a !== id) : [...current, id] });
    },

    onNote(event: { detail: string }) {
      this.setData({ note: event.detail, noteError: '' });
    },

    // --- 确认派单 / 改派 / 通过 -------------------------------------------------------------------
    async confirm(): Promise<void> {
      const { mode, ids, technicianId, assistantIds, note, busy, requestId, batch } = this.data;
      if (busy) return;
      const errors: Record<string, string> = {};
      if (!technicianId) errors.technicianError = '请选择接单的师傅';
      if (mode === 'transfer' && !note.trim()) errors.noteError = '请填写改派原因';
      if (Object.keys(errors).length > 0) {
        this.setData(errors);
        return;
      }
      this.setData({ busy: 'assign' });
      const text = note.trim();
      const options = { requestId };
      try {
        if (batch) {
          const result = await call('order.batchAssign', { orderIds: ids, technicianId }, options);
          this.setData({ busy: '' });
          this.reportBatch(result.assigned.length, result.failed);
          return;
        }
        const orderId = ids[0];
        if (mode === 'transfer') await call('order.transfer', { orderId, technicianId, reason: text }, options);
        else if (mode === 'reassign') await call('order.decideReassign', { orderId, approve: true, technicianId, ...(text ? { reason: text } : {}) }, options);
        else await call('order.assign', { orderId, technicianId, ...(assistantIds.length > 0 ? { assistantIds } : {}), ...(text ? { note: text } : {}) }, options);
        this.done(TITLES[mode].done);
      } catch (err) {
        this.failed(err);
      }
    },

    /** 审批改派: approve without a technician, the order goes back to the pool. */
    async backToPool(): Promise<void> {
      if (this.data.busy) return;
      this.setData({ busy: 'pool' });
      const text = this.data.note.trim();
      try {
        await call('order.decideReassign', { orderId: this.data.ids[0], approve: true, ...(text ? { reason: text } : {}) }, { requestId: this.data.requestId });
        this.done('已通过，工单退回派单池');
      } catch (err) {
        this.failed(err);
      }
    },

    reportBatch(assigned: number, failed: { id: string; code: string }[]) {
      if (failed.length === 0) {
        this.done(`已派出 ${assigned} 单`);
        return;
      }
      const names = failed.map((f) => this.data.orders.find((o) => o.id === f.id)?.orderNo ?? f.id).join('、');
      // a fresh requestId: what is left may be sent again to someone else
      this.setData({ requestId: newRequestId() });
      wx.showModal({
        title: assigned > 0 ? `已派出 ${assigned} 单，${failed.length} 单未派出` : '未能派出',
        content: `工单 ${names} 状态已变化或不能派给这位师傅，请返回工单池查看。`,
        showCancel: false,
        confirmText: '知道了',
        success: () => this.leave(),
      });
    },

    done(message: string) {
      this.setData({ busy: '' });
      wx.showToast({ title: message, icon: 'success' });
      this.leave();
    },

    failed(err: unknown) {
      const fields = fieldErrorsOf(err, {
        technicianId: '这位师傅不能接这张单，请换一位',
        assistantIds: '协助师傅有误，请重新选择',
        note: '说明请控制在 200 字以内',
        reason: '请填写原因（200 字以内）',
        teamId: '这个班组不能接这张单',
      });
      this.setData({
        busy: '',
        technicianError: fields.technicianId ?? fields.assistantIds ?? '',
        noteError: fields.note ?? fields.reason ?? '',
        requestId: newRequestId(),
      });
      wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
      // the order moved on meanwhile (someone else assigned it): show what is true now
      if (Object.keys(fields).length === 0) void this.load();
    },

    /** Back where the desk came from; opened on its own, to the order (or the pool for a batch). */
    leave() {
      if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
      else if (this.data.ids.length === 1) wx.redirectTo({ url: `/pages/desk/order/index?id=${this.data.ids[0]}` });
      else wx.redirectTo({ url: '/pages/desk/orders/index' });
    },

    // --- 派给班组 -------------------------------------------------------------------------------
    openTeams() {
      if (!this.data.busy) this.setData({ teamSheetShown: true });
    },

    closeTeams() {
      this.setData({ teamSheetShown: false });
    },

    async onTeamSelect(event: { detail: { teamId: string; name: string } }): Promise<void> {
      this.setData({ teamSheetShown: false, busy: 'team' });
      const text = this.data.note.trim();
      try {
        await call('order.assignTeam', { orderId: this.data.ids[0], teamId: event.detail.teamId, ...(text ? { note: text } : {}) }, { requestId: this.data.requestId });
        this.done(`已派给${event.detail.name}`);
      } catch (err) {
        this.failed(err);
      }
    },

    // --- 直接处理（报事） -------------------------------------------------------------------------
    openHandle() {
      if (!this.data.busy) this.setData({ handleShown: true, handleNoteError: '', requestId: newRequestId() });
    },

    closeHandle() {
      if (this.data.busy !== 'handle') this.setData({ handleShown: false });
    },

    onHandling(event: { detail: 'verbal' | 'coordination' }) {
      this.setData({ handling: event.detail });
    },

    onHandlingTap(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { value: 'verbal' | 'coordination' }>) {
      this.setData({ handling: event.currentTarget.dataset.value });
    },

    onHandleNote(event: { detail: string }) {
      this.setData({ handleNote: event.detail, handleNoteError: '' });
    },

    async confirmHandle(): Promise<void> {
      const { handling, handleNote, busy, requestId } = this.data;
      if (busy) return;
      const note = handleNote.trim();
      if (!note) {
        this.setData({ handleNoteError: handling === 'verbal' ? '请写一下处理结果' : '请写一下协调安排' });
        return;
      }
      this.setData({ busy: 'handle' });
      try {
        await call('order.handle', { orderId: this.data.ids[0], handling, note }, { requestId });
        this.setData({ handleShown: false });
        this.done(handling === 'verbal' ? '已处理并完结' : '已转为协调单');
      } catch (err) {
        const fields = fieldErrorsOf(err, { note: '请填写处理说明（500 字以内）' });
        this.setData({ busy: '', handleNoteError: fields.note ?? '', requestId: newRequestId() });
        wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
      }
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
