/**
 * 首页: who am I — name, masked phone, openid and each role per property — from `user.me`.
 * Loading, error (with 重试) and empty (no roles) states; pull down to refresh. In local mode a
 * bar on top shows the demo identity being used and switches it (services/local-identity.ts).
 *
 * Written with Component() (WeChat supports it for pages): `methods.onLoad` receives the query,
 * and miniprogram-simulate can render it in tests like any component.
 */
import { call, toastFor } from '../../../services/api';
import { getLocalOpenid, setLocalOpenid } from '../../../services/local-identity';
import { DEMO_OPENIDS, isLocalMode } from '../../../config/env';
import { badgeText } from '../../../utils/inbox-view';
import { rememberedUnread, rememberUnread } from '../../../utils/unread';
import { toProfileView, type RoleItem } from './view-model';

type Status = 'loading' | 'ready' | 'error';

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

    /** back from 消息中心: show the count it left, then ask the server */
    onShow() {
      if (this.data.status !== 'ready') return;
      this.setData({ unreadBadge: badgeText(rememberedUnread()) });
      void this.loadUnread();
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
        this.setData({ status: 'ready', errorText: '', ...toProfileView(me), unreadBadge: badgeText(rememberedUnread()) });
        // only someone who joined a property has notifications
        if (me.roles.length > 0) void this.loadUnread();
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

    openInbox() {
      wx.navigateTo({ url: '/pages/common/inbox/index' });
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
