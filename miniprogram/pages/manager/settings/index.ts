/**
 * 设置 (?propertyId=…) for a manager: what can be set in the property, each with a one-line summary
 * of what is set now (settings.get, one request): 小区规则, 服务项目, 材料与库存, 班组与工时.
 * Tapping a row opens its page; coming back refreshes the summaries. Loading (skeleton), error
 * (重试) and 无权查看 (anyone but a manager) states; pull down to refresh.
 */
import { call, toastFor } from '../../../services/api';
import { FORBIDDEN_TEXT, isForbidden, managerRole, settingsEntries, type SettingsEntry } from '../manager';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';

const generations = new WeakMap<object, number>();
const shown = new WeakSet<object>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    propertyId: '',
    propertyName: '',
    entries: [] as SettingsEntry[],
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.propertyId) this.setData({ propertyId: query.propertyId });
      void this.refresh();
    },

    onShow() {
      if (shown.has(this) && this.data.status === 'ready') void this.refresh();
      shown.add(this);
    },

    onPullDownRefresh() {
      void this.refresh().then(() => wx.stopPullDownRefresh());
    },

    retry() {
      void this.refresh();
    },

    async refresh(): Promise<void> {
      const generation = (generations.get(this) ?? 0) + 1;
      generations.set(this, generation);
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      try {
        const role = managerRole(await call('user.me', {}), this.data.propertyId || undefined);
        if (generations.get(this) !== generation) return;
        if (!role) {
          this.setData({ status: 'forbidden' });
          return;
        }
        const view = await call('settings.get', { propertyId: role.propertyId });
        if (generations.get(this) !== generation) return;
        this.setData({
          status: 'ready',
          propertyId: role.propertyId,
          propertyName: view.property.name || role.propertyName || role.propertyId,
          entries: settingsEntries(view, role.propertyId),
        });
      } catch (err) {
        if (generations.get(this) !== generation) return;
        if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    open(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: event.currentTarget.dataset.url });
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
