/**
 * 首页: who am I — name, masked phone, openid and each role per property — from `user.me`, and
 * what needs me now in the current property (role-aware, work.ts): a resident's 我要报修 and open
 * orders; a technician's 待接单 / 待上门 / 处理中 and 抢单池 counts; the desk's 待派单 (opening 工单池), 回访 and 每日未完结. Someone with
 * roles in several properties switches the current one here (utils/current-property.ts).
 * Loading, error (with 重试) and empty (no roles: 登记 / 邀请码加入) states; pull down to refresh. In
 * local mode a bar on top shows the demo identity being used and switches it (services/local-identity.ts).
 *
 * Written with Component() (WeChat supports it for pages): `methods.onLoad` receives the query,
 * and miniprogram-simulate can render it in tests like any component.
 */
import { call, toastFor } from '../../../services/api';
import { getLocalOpenid, setLocalOpenid } from '../../../services/local-identity';
import { DEMO_OPENIDS, isLocalMode } from '../../../config/env';
import { badgeText } from '../../../utils/inbox-view';
import { rememberedUnread, rememberUnread } from '../../../utils/unread';
import { nowMs } from '../../../utils/clock';
import { currentPropertyId, propertiesOf, rolesHere, setCurrentPropertyId, type PropertyChoice } from '../../../utils/current-property';
import type { OrderItemView } from '../../../utils/order-view';
import { toProfileView, type RoleItem } from './view-model';
import { loadDeskPending, loadResidentSummary, loadTechnicianSummary, technicianTiles, type CountTile } from './work';

type Status = 'loading' | 'ready' | 'error';

interface PropertyAction {
  name: string;
  propertyId: string;
  /** the current one is shown, not offered */
  disabled: boolean;
}

interface IdentityAction {
  name: string;
  subname: string;
  openid: string;
}

/** Loads that finished after a newer one started are dropped (fast identity switching). */
const latestLoad = new WeakMap<object, number>();
let loadCounter = 0;

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    displayName: '',
    avatarText: '',
    maskedPhone: '',
    openid: '',
    roles: [] as RoleItem[],
    localMode: false,
    localOpenid: '',
    identitySheetShown: false,
    identityActions: [] as IdentityAction[],
    /** the unread count on the 消息中心 entry ('' for none) */
    unreadBadge: '',
    /** the property the sections below are about; the picker shows with more than one */
    propertyId: '',
    propertyName: '',
    propertyCount: 0,
    propertySheetShown: false,
    propertyActions: [] as PropertyAction[],
    /** which sections the roles held in the current property call for */
    isResident: false,
    isTechnician: false,
    isDesk: false,
    isManager: false,
    /** resident: open orders ('' none) and the newest few */
    openCount: '',
    openItems: [] as OrderItemView[],
    /** technician: 待接单 / 待上门 / 处理中 / 抢单池 tiles, badged once counted */
    taskTiles: [] as CountTile[],
    /** the tiles' counts have arrived (their badges are real) */
    countsReady: false,
    /** desk: pending orders ('' until loaded) */
    deskPending: '',
  },

  methods: {
    onLoad() {
      const localMode = isLocalMode();
      if (localMode) {
        this.setData({
          localMode,
          localOpenid: getLocalOpenid(),
          identityActions: DEMO_OPENIDS.map((d) => ({ name: d.openid, subname: d.who, openid: d.openid })),
        });
      }
      void this.load();
    },

    /** back from 消息中心 or a task: show the count it left, then ask the server; the work counts too */
    onShow() {
      if (this.data.status !== 'ready') return;
      this.setData({ unreadBadge: badgeText(rememberedUnread()) });
      void this.loadUnread();
      const seq = latestLoad.get(this);
      if (seq !== undefined && this.data.roles.length > 0) void this.loadWork(seq);
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    retry() {
      void this.load();
    },

    async load(): Promise<void> {
      const seq = ++loadCounter;
      latestLoad.set(this, seq);
      if (this.data.status !== 'loading') this.setData({ status: 'loading' });
      try {
        const me = await call('user.me', {});
        if (latestLoad.get(this) !== seq) return;
        const propertyId = currentPropertyId(me) ?? '';
        const here = rolesHere(me).map((r) => r.role);
        const properties = propertiesOf(me);
        this.setData({
          status: 'ready',
          errorText: '',
          ...toProfileView(me),
          unreadBadge: badgeText(rememberedUnread()),
          propertyId,
          propertyName: properties.find((p) => p.propertyId === propertyId)?.propertyName ?? '',
          propertyCount: properties.length,
          propertyActions: properties.map((p: PropertyChoice) => ({ name: p.propertyName, propertyId: p.propertyId, disabled: p.propertyId === propertyId })),
          isResident: here.includes('resident'),
          isTechnician: here.includes('technician'),
          isDesk: here.includes('dispatcher') || here.includes('manager'),
          isManager: here.includes('manager'),
          openCount: '',
          openItems: [],
          taskTiles: here.includes('technician') ? technicianTiles(propertyId) : [],
          countsReady: false,
          deskPending: '',
        });
        // only someone who joined a property has notifications and work
        if (me.roles.length > 0) {
          void this.loadUnread();
          void this.loadWork(seq);
        }
      } catch (err) {
        if (latestLoad.get(this) !== seq) return;
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    /** The badge is a hint: a failed count leaves the last one shown. */
    async loadUnread(): Promise<void> {
      try {
        const page = await call('inbox.list', {});
        rememberUnread(page.unread);
        this.setData({ unreadBadge: badgeText(page.unread) });
      } catch {
        // the home page works without the count
      }
    },

    /** Each section fills in on its own; one that fails leaves its entry without a number. */
    async loadWork(seq: number): Promise<void> {
      const { propertyId, isResident, isTechnician, isDesk } = this.data;
      const current = (): boolean => latestLoad.get(this) === seq;
      const jobs: Promise<void>[] = [];
      if (isResident) {
        jobs.push(
          loadResidentSummary(propertyId, nowMs()).then((r) => {
            if (current()) this.setData({ openCount: r.openCount, openItems: r.items });
          }),
        );
      }
      if (isTechnician) {
        jobs.push(
          loadTechnicianSummary(propertyId).then((tiles) => {
            if (current()) this.setData({ taskTiles: tiles, countsReady: true });
          }),
        );
      }
      if (isDesk) {
        jobs.push(
          loadDeskPending(propertyId).then((n) => {
            if (current()) this.setData({ deskPending: n });
          }),
        );
      }
      await Promise.all(jobs.map((j) => j.catch(() => undefined)));
    },

    report() {
      wx.navigateTo({ url: `/pages/resident/report/index?propertyId=${encodeURIComponent(this.data.propertyId)}` });
    },

    openMyOrders() {
      wx.navigateTo({ url: '/pages/resident/orders/index' });
    },

    openOrder(event: WechatMiniprogram.CustomEvent<{ id: string }>) {
      wx.navigateTo({ url: `/pages/resident/order/index?id=${event.detail.id}` });
    },

    register() {
      wx.navigateTo({ url: '/pages/common/register/index' });
    },

    join() {
      wx.navigateTo({ url: '/pages/common/join/index' });
    },

    openPropertySheet() {
      this.setData({ propertySheetShown: true });
    },

    closePropertySheet() {
      this.setData({ propertySheetShown: false });
    },

    onPropertySelect(event: WechatMiniprogram.CustomEvent<PropertyAction>) {
      const { propertyId } = event.detail;
      this.setData({ propertySheetShown: false });
      if (propertyId === this.data.propertyId) return;
      setCurrentPropertyId(propertyId);
      void this.load();
    },

    openInbox() {
      wx.navigateTo({ url: '/pages/common/inbox/index' });
    },

    openDeskOrders() {
      wx.navigateTo({ url: '/pages/desk/orders/index?tab=pending' });
    },

    openRevisits() {
      wx.navigateTo({ url: '/pages/desk/revisits/index' });
    },

    openUnfinished() {
      wx.navigateTo({ url: '/pages/desk/unfinished/index' });
    },

    openDashboard() {
      wx.navigateTo({ url: `/pages/manager/dashboard/index?propertyId=${encodeURIComponent(this.data.propertyId)}` });
    },

    openSettings() {
      wx.navigateTo({ url: `/pages/manager/settings/index?propertyId=${encodeURIComponent(this.data.propertyId)}` });
    },

    openIdentitySheet() {
      this.setData({ identitySheetShown: true });
    },

    closeIdentitySheet() {
      this.setData({ identitySheetShown: false });
    },

    onIdentitySelect(event: WechatMiniprogram.CustomEvent<IdentityAction>) {
      const { openid } = event.detail;
      setLocalOpenid(openid);
      this.setData({ identitySheetShown: false, localOpenid: openid });
      void this.load();
    },
  },
});
