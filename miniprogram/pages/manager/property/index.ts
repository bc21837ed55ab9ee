/**
 * 小区规则 (?propertyId=…) for a manager: business hours (HH:mm, start after end spans midnight),
 * dispatch mode (手动 / 自动), the grab limit (1–20), auto-close days (1–30), booking horizon
 * (1–60 days) and the night team (a team of the property, or none). 保存 sends
 * settings.property.save with the whole form; a field the server refuses shows its error beside
 * the field. Loading, error (重试) and 无权查看 states.
 */
import type { DispatchMode } from '../../../../typings/domain';
import type { PropertySettings, TeamSetting } from '../../../../typings/settings';
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { FORBIDDEN_TEXT, loadAsManager } from '../manager';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';

interface TeamOption {
  name: string;
  subname: string;
  teamId: string;
}

const NO_NIGHT_TEAM = '不设置（下班后仍由类别的班组处理）';

/** The server's paths (without `payload.`) → the form's error keys and their Chinese words. */
const HINTS: Record<string, string> = {
  'businessHours.start': '请按 24 小时制填写，如 09:00',
  'businessHours.end': '请按 24 小时制填写，如 17:30',
  businessHours: '请填写营业时间',
  dispatchMode: '请选择派单方式',
  grabLimit: '抢单上限在 1–20 单之间',
  autoCloseDays: '自动关闭天数在 1–30 天之间',
  bookingHorizonDays: '可预约天数在 1–60 天之间',
  nightTeamId: '请重新选择夜间班组',
};

const EMPTY_ERRORS = { start: '', end: '', dispatchMode: '', grabLimit: '', autoCloseDays: '', bookingHorizonDays: '', nightTeamId: '' };
type Errors = typeof EMPTY_ERRORS;

function errorsFrom(fields: Record<string, string>): Errors {
  return {
    start: fields['businessHours.start'] ?? fields.businessHours ?? '',
    end: fields['businessHours.end'] ?? '',
    dispatchMode: fields.dispatchMode ?? '',
    grabLimit: fields.grabLimit ?? '',
    autoCloseDays: fields.autoCloseDays ?? '',
    bookingHorizonDays: fields.bookingHorizonDays ?? '',
    nightTeamId: fields.nightTeamId ?? '',
  };
}


Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    propertyId: '',
    start: '',
    end: '',
    dispatchMode: 'manual' as DispatchMode,
    grabLimit: 3,
    autoCloseDays: 7,
    bookingHorizonDays: 14,
    nightTeamId: '',
    nightTeamName: '',
    teamActions: [] as TeamOption[],
    teamSheetShown: false,
    errors: { ...EMPTY_ERRORS } as Errors,
    saving: false,
    requestId: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.propertyId) this.setData({ propertyId: query.propertyId });
      void this.load();
    },

    retry() {
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      const got = await loadAsManager(this, this.data.propertyId, (role) => call('settings.get', { propertyId: role.propertyId }));
      if (got.kind === 'failed') this.setData(got.view);
      if (got.kind !== 'ready') return;
      this.setData({ status: 'ready', propertyId: got.role.propertyId, ...this.formOf(got.value.property, got.value.teams) });
    },

    formOf(p: PropertySettings, teams: TeamSetting[]) {
      const night = teams.find((t) => t.id === p.nightTeamId);
      return {
        start: p.businessHours.start,
        end: p.businessHours.end,
        dispatchMode: p.dispatchMode,
        grabLimit: p.grabLimit,
        autoCloseDays: p.autoCloseDays,
        bookingHorizonDays: p.bookingHorizonDays,
        nightTeamId: night ? night.id : '',
        nightTeamName: night ? night.name : NO_NIGHT_TEAM,
        teamActions: [
          ...teams.map((t) => ({ name: t.name, subname: t.kind === 'night' ? '夜间班组' : '', teamId: t.id })),
          { name: NO_NIGHT_TEAM, subname: '', teamId: '' },
        ],
        errors: { ...EMPTY_ERRORS },
        requestId: newRequestId(),
      };
    },

    onStart(event: { detail: string }) {
      this.setData({ start: event.detail, 'errors.start': '' });
    },

    onEnd(event: { detail: string }) {
      this.setData({ end: event.detail, 'errors.end': '' });
    },

    onDispatchMode(event: { detail: DispatchMode }) {
      this.setData({ dispatchMode: event.detail, 'errors.dispatchMode': '' });
    },

    onModeTap(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { mode: DispatchMode }>) {
      this.setData({ dispatchMode: event.currentTarget.dataset.mode, 'errors.dispatchMode': '' });
    },

    onGrabLimit(event: { detail: number | string }) {
      this.setData({ grabLimit: Number(event.detail), 'errors.grabLimit': '' });
    },

    onAutoCloseDays(event: { detail: number | string }) {
      this.setData({ autoCloseDays: Number(event.detail), 'errors.autoCloseDays': '' });
    },

    onBookingHorizonDays(event: { detail: number | string }) {
      this.setData({ bookingHorizonDays: Number(event.detail), 'errors.bookingHorizonDays': '' });
    },

    openTeams() {
      this.setData({ teamSheetShown: true });
    },

    closeTeams() {
      this.setData({ teamSheetShown: false });
    },

    onTeamSelect(event: { detail: TeamOption }) {
      const team = event.detail;
      this.setData({ teamSheetShown: false, nightTeamId: team.teamId, nightTeamName: team.name, 'errors.nightTeamId': '' });
    },

    async save(): Promise<void> {
      const d = this.data;
      if (d.saving || d.status !== 'ready') return;
      const start = d.start.trim();
      const end = d.end.trim();
      // an empty time is caught here; its format is the server's to judge (the same rule)
      const local: Partial<Errors> = {};
      if (!start) local.start = '请填写开始时间，如 09:00';
      if (!end) local.end = '请填写结束时间，如 17:30';
      if (local.start || local.end) {
        this.setData({ errors: { ...EMPTY_ERRORS, ...local } });
        return;
      }
      this.setData({ saving: true, errors: { ...EMPTY_ERRORS } });
      try {
        const saved = await call(
          'settings.property.save',
          {
            propertyId: d.propertyId,
            businessHours: { start, end },
            dispatchMode: d.dispatchMode,
            grabLimit: d.grabLimit,
            autoCloseDays: d.autoCloseDays,
            bookingHorizonDays: d.bookingHorizonDays,
            ...(d.nightTeamId ? { nightTeamId: d.nightTeamId } : {}),
          },
          { requestId: d.requestId },
        );
        this.setData({ saving: false, start: saved.businessHours.start, end: saved.businessHours.end, requestId: newRequestId() });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (err) {
        const fields = fieldErrorsOf(err, HINTS);
        this.setData({ saving: false, errors: errorsFrom(fields), requestId: newRequestId() });
        wx.showToast({ title: Object.keys(fields).length > 0 ? '请按提示修改后再保存' : toastFor(err), icon: 'none', duration: 2500 });
      }
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
