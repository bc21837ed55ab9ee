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
        this.setData({ status: 'ready', errorText: '', ...toProfileView(me) });
      } catch (err) {
        if (latestLoad.get(this) !== seq) return;
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
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
