import type { OrderStatus, OrderStep } from '../../../typings/domain';

/** What the UI calls each status (product.md). */
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

/** Each step as a verb, for messages such as “订单当前已完结，不能撤销”. */
export const STEP_LABELS: Record<OrderStep, string> = {
  create: '报修',
  assign: '派单',
  assignTeam: '派给班组',
  grab: '抢单',
  accept: '接单',
  pay: '支付',
  reject: '拒单',
  transfer: '转单',
  requestReassign: '申请改派',
  decideReassign: '审批改派',
  checkIn: '签到',
  progress: '更新进度',
  hold: '挂起',
  complete: '完工',
  correct: '修改完工记录',
  rate: '评价',
  reopen: '重新打开',
  cancel: '取消',
  revoke: '撤销',
  revisit: '回访',
  close: '关闭',
  handle: '直接处理',
  followUp: '跟进',
  nudge: '催单',
};
