/**
 * 设置 (?propertyId=…) for a manager: what can be set in the property, each with a one-line summary
 * of what is set now (settings.get, one request): 小区规则, 服务项目, 材料与库存, 班组与工时.
 * Tapping a row opens its page; coming back refreshes the summaries. Loading (skeleton), error
 * (重试) and 无权查看 (anyone but a manager) states; pull down to refresh.
 */
import { call } from '../../../services/api';
import { FORBIDDEN_TEXT, loadAsManager, settingsEntries, type SettingsEntry } from '../manager';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';

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
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const got = await loadAsManager(this, this.data.propertyId, (role) => call('settings.get', { propertyId: role.propertyId }));
      if (got.kind === 'failed') this.setData(got.view);
      if (got.kind !== 'ready') return;
      const { role, value: view } = got;
      this.setData({
        status: 'ready',
        propertyId: role.propertyId,
        propertyName: view.property.name || role.propertyName || role.propertyId,
        entries: settingsEntries(view, role.propertyId),
      });
    },

    open(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: event.currentTarget.dataset.url });
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
