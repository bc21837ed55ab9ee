/** Chinese labels for domain values, one place for every page. */
import type { OrderStatus, OrderStep, RoleName } from '../../typings/domain';

export const ROLE_LABELS: Record<RoleName, string> = {
  resident: '住户',
  technician: '维修师傅',
  dispatcher: '客服调度',
  manager: '经理',
};

/** van-tag `type` per role, so a role reads the same color everywhere. */
export const ROLE_TAG_TYPES: Record<RoleName, 'primary' | 'success' | 'warning' | 'danger'> = {
  resident: 'primary',
  technician: 'success',
  dispatcher: 'warning',
  manager: 'danger',
};

/** What the UI calls each order status (product.md). */
export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: '待派单',
  assigned: '待接单',
  accepted: '待上门',
  in_progress: '处理中',
  on_hold: '挂起',
  completed: '待评价',
  closed: '已完结',
  cancelled: '已取消',
};

/**
 * van-tag look per status, the same on every page (ux.md). The grey ones say 'default' by name:
 * an empty type replaces van-tag's own default and leaves white text on no background, unseen.
 */
export const STATUS_TAGS: Record<OrderStatus, { type: 'default' | 'primary' | 'success' | 'warning'; plain: boolean }> = {
  pending: { type: 'warning', plain: false },
  assigned: { type: 'primary', plain: false },
  accepted: { type: 'primary', plain: true },
  in_progress: { type: 'primary', plain: false },
  on_hold: { type: 'default', plain: false },
  completed: { type: 'success', plain: true },
  closed: { type: 'success', plain: false },
  cancelled: { type: 'default', plain: true },
};

/** What a resident is told in each status: the next thing that happens, in plain words. */
export const STATUS_HINTS: Record<OrderStatus, string> = {
  pending: '您的报修已提交，客服正在为您安排师傅',
  assigned: '已为您安排师傅，等待师傅接单',
  accepted: '师傅已接单，将按约定时间上门',
  in_progress: '师傅已到场，正在处理',
  on_hold: '暂时无法完成，师傅会再约时间上门',
  completed: '师傅已完工，请确认并评价',
  closed: '服务已完结，感谢您的评价',
  cancelled: '报修已取消',
};

/**
 * Timeline entries as the resident reads them. Partial: a step newer than this build shows
 * STEP_FALLBACK rather than its machine name.
 */
export const STEP_FALLBACK = '处理记录';
export const STEP_TITLES: Partial<Record<OrderStep, string>> = {
  create: '提交报修',
  assign: '已派单',
  assignTeam: '已转交班组',
  grab: '师傅已抢单',
  accept: '师傅已接单',
  pay: '支付成功',
  reject: '师傅无法接单，重新派单中',
  transfer: '已转给其他师傅',
  requestReassign: '申请改派',
  decideReassign: '改派已处理',
  checkIn: '师傅已到场',
  progress: '处理进展',
  hold: '暂时挂起',
  complete: '师傅已完工',
  correct: '修改完工记录',
  rate: '已评价',
  reopen: '重新报修',
  cancel: '已取消',
  revoke: '客服已撤销',
  revisit: '客服回访',
  close: '已完结',
  handle: '客服已受理',
  followUp: '客服跟进',
};

/**
 * The same timeline as staff read it (technicians, the desk): plainer words for the hand-overs a
 * resident is spared. Steps not named here read as STEP_TITLES.
 */
export const STAFF_STEP_TITLES: Partial<Record<OrderStep, string>> = {
  create: '住户报修',
  assign: '派单',
  assignTeam: '转交班组',
  grab: '抢单',
  accept: '接单',
  pay: '住户支付',
  reject: '拒单',
  transfer: '转单',
  requestReassign: '申请改派',
  decideReassign: '改派审批',
  checkIn: '签到',
  progress: '进展',
  hold: '挂起',
  complete: '完工',
  correct: '修改完工记录',
  rate: '住户评价',
  reopen: '住户重新报修',
  cancel: '住户取消',
  revoke: '客服撤销',
  revisit: '客服回访',
  close: '关闭',
  handle: '客服直接处理',
  followUp: '协调跟进',
};

/** Statuses in which an order still needs someone to act. */
export const OPEN_STATUSES: OrderStatus[] = ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold'];

/** Orders whose conversation is over: the history stays readable, nothing new is added. */
export const ENDED_STATUSES: OrderStatus[] = ['closed', 'cancelled'];

export const isEnded = (status: OrderStatus): boolean => ENDED_STATUSES.includes(status);
