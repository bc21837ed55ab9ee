/**
 * Subscription prompts (ux.md): right after the action that makes them useful — a resident's
 * 提交报修 (`after_report`), a technician's first 接单/抢单 of the day (`after_accept`) — never on
 * page load. The template ids come from `notify.templates` by moment; the ids the person answers
 * "accept" go to `notify.granted`, one more message the server may send each.
 *
 * Why a wx.showModal first: wx.requestSubscribeMessage only opens from a user's tap, and the tap on
 * 提交报修 is spent once the server has answered; the modal's 好的 is a fresh tap. A prompt never
 * blocks or fails the work it follows: every error here ends quietly with nothing granted.
 *
 * Someone who ticked 总是保持以上选择 in WeChat's prompt should not be asked by us every time:
 * wx.getSetting({ withSubscriptions: true }) lists those remembered answers (itemSettings). When
 * every template is remembered as 'accept', WeChat's prompt answers at once without showing, so we
 * call it directly (each call is one more message the server may send); remembered 'reject' or
 * 'ban' templates, or subscriptions switched off altogether, are not asked for at all.
 * planSubscribe is that decision, pure; askToSubscribe does the wx calls around it.
 */
import type { TemplateView } from '../../typings/notify';
import { call } from '../services/api';
import { nowMs } from './clock';
import { localDate } from './time';

export type SubscribeMoment = TemplateView['moment'];

/** WeChat shows at most 3 one-time templates in one prompt. */
const MAX_PER_PROMPT = 3;

const COPY: Record<SubscribeMoment, { title: string; content: string }> = {
  after_report: { title: '接收维修进度通知', content: '师傅接单、上门和完工时，我们通过微信通知您，不用一直守着手机。' },
  after_accept: { title: '接收新工单通知', content: '有新派单、工单即将超时或业主留言时，通过微信及时通知您。' },
  desk_on_duty: { title: '接收待办通知', content: '有新报修、超时和催单时，通过微信及时通知您。' },
};

/** One fetch per app session; a failed one is tried again next time. */
let templates: Promise<TemplateView[]> | undefined;

function loadTemplates(): Promise<TemplateView[]> {
  templates ??= call('notify.templates', {}).catch((err: unknown) => {
    templates = undefined;
    throw err;
  });
  return templates;
}

/** Fetch the ids ahead (e.g. when the form opens), so the prompt shows without a wait. */
export function preloadTemplates(): void {
  loadTemplates().catch(() => undefined);
}

/** The distinct template ids asked for after `moment`, at most 3, in the server's order. */
export function idsFor(views: TemplateView[], moment: SubscribeMoment): string[] {
  const ids = views.filter((v) => v.moment === moment).map((v) => v.templateId);
  return [...new Set(ids)].slice(0, MAX_PER_PROMPT);
}

const dayKey = (moment: SubscribeMoment): string => `subscribe.${moment}.day`;

/** What wx.getSetting({ withSubscriptions: true }) tells of subscriptions; undefined when it failed. */
export interface SubscriptionSettings {
  /** false: the person switched off every subscription message of this mini-program */
  mainSwitch: boolean;
  /** only templates answered with 总是保持以上选择 ticked: 'accept' | 'reject' | 'ban' */
  itemSettings?: Record<string, unknown>;
}

export interface SubscribePlan {
  /** the templates to ask WeChat for ([]: do not ask at all) */
  ids: string[];
  /** show our own explanation first (WeChat will show its prompt, which needs a fresh tap) */
  explain: boolean;
}

/**
 * Whom to ask how: remembered refusals and a switched-off main switch are left alone; if every
 * template left is remembered as accepted, WeChat answers without a prompt, so no explanation.
 */
export function planSubscribe(ids: string[], settings: SubscriptionSettings | undefined): SubscribePlan {
  if (settings && !settings.mainSwitch) return { ids: [], explain: false };
  const remembered = settings?.itemSettings ?? {};
  const asked = ids.filter((id) => remembered[id] === undefined || remembered[id] === 'accept');
  return { ids: asked, explain: asked.some((id) => remembered[id] !== 'accept') };
}

/**
 * Asks once: the modal, then WeChat's prompt, then notify.granted with what was accepted.
 * `oncePerDay` asks at most once a (China) day on this phone: a technician's first 接单 of the day.
 * Resolves the template ids granted ([] if none, declined, or anything failed).
 */
export async function askToSubscribe(moment: SubscribeMoment, options: { oncePerDay?: boolean } = {}): Promise<string[]> {
  try {
    const today = localDate(nowMs());
    if (options.oncePerDay && wx.getStorageSync(dayKey(moment)) === today) return [];
    const plan = planSubscribe(idsFor(await loadTemplates(), moment), await subscriptionSettings());
    if (plan.ids.length === 0) return [];
    // asked today whatever the answer: a technician is not asked again on each 接单
    if (options.oncePerDay) wx.setStorageSync(dayKey(moment), today);
    if (plan.explain && !(await confirm(COPY[moment]))) return [];
    const accepted = await request(plan.ids);
    if (accepted.length > 0) await call('notify.granted', { templateIds: accepted });
    return accepted;
  } catch {
    return [];
  }
}

/** The remembered answers; undefined (ask as for anyone) when WeChat does not say. */
function subscriptionSettings(): Promise<SubscriptionSettings | undefined> {
  return new Promise((resolve) => {
    try {
      wx.getSetting({
        withSubscriptions: true,
        success: (res) => {
          const s = res.subscriptionsSetting as SubscriptionSettings | undefined;
          resolve(s && typeof s.mainSwitch === 'boolean' ? { mainSwitch: s.mainSwitch, ...(s.itemSettings ? { itemSettings: s.itemSettings } : {}) } : undefined);
        },
        fail: () => resolve(undefined),
      });
    } catch {
      // a base library without withSubscriptions: ask as for anyone
      resolve(undefined);
    }
  });
}

function confirm(copy: { title: string; content: string }): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: copy.title,
      content: copy.content,
      confirmText: '好的',
      cancelText: '暂不',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

/** wx.requestSubscribeMessage answers `{ [templateId]: 'accept' | 'reject' | 'ban' | 'filter' }`. */
function request(ids: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => resolve(ids.filter((id) => (res as unknown as Record<string, unknown>)[id] === 'accept')),
      fail: () => resolve([]),
    });
  });
}
