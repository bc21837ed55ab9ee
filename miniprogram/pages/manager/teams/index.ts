/**
 * 班组与工时 (?propertyId=…) for a manager: the property's teams (sub-teams under their parent) with
 * their leader and hourly labor rate in 元/小时 (settings.get, names from staff.list); a tap opens a
 * popup to change the rate (元) and the leader (a staff member of the team or its sub-teams, or
 * none), saved with settings.teams.save — the team's other fields (name, parent, kind, schedule)
 * are sent as they are, since a save replaces the whole team. Completed orders keep their fees.
 * Loading, empty, error (重试) and 无权查看 states; pull down to refresh.
 */
import type { StaffMember } from '../../../../typings/people-actions';
import type { TeamSetting } from '../../../../typings/settings';
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { fenToYuanText, FORBIDDEN_TEXT, loadAsManager, yuanText, yuanToFen } from '../manager';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';

const KIND_LABELS: Record<TeamSetting['kind'], string> = {
  engineering: '工程',
  night: '夜间',
  service: '客服',
  cleaning: '保洁',
  security: '安保',
};

interface TeamView {
  id: string;
  name: string;
  sub: boolean;
  leaderText: string;
  rateText: string;
}

interface LeaderOption {
  name: string;
  subname: string;
  openid: string;
}

const NO_LEADER = '不设组长';
const HINTS: Record<string, string> = {
  hourlyRateFen: '请填写每小时工时费（元），最多两位小数',
  leaderOpenid: '请重新选择组长',
};

/** Parents first, each followed by its sub-teams. */
function ordered(teams: TeamSetting[]): TeamSetting[] {
  const ids = new Set(teams.map((t) => t.id));
  const roots = teams.filter((t) => !t.parentId || !ids.has(t.parentId));
  const out: TeamSetting[] = [];
  const visit = (t: TeamSetting, depth: number): void => {
    out.push(t);
    if (depth < 5) teams.filter((c) => c.parentId === t.id).forEach((c) => visit(c, depth + 1));
  };
  roots.forEach((t) => visit(t, 0));
  return out;
}

const teamsOf = new WeakMap<object, TeamSetting[]>();
const staffOf = new WeakMap<object, StaffMember[]>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    propertyId: '',
    teams: [] as TeamView[],
    formShown: false,
    editId: '',
    editName: '',
    rate: '',
    rateError: '',
    leaderOpenid: '',
    leaderName: '',
    leaderError: '',
    leaderActions: [] as LeaderOption[],
    leaderSheetShown: false,
    saving: false,
    requestId: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.propertyId) this.setData({ propertyId: query.propertyId });
      void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    retry() {
      void this.load();
    },

    async load(): Promise<void> {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const got = await loadAsManager(this, this.data.propertyId, (role) => Promise.all([call('settings.get', { propertyId: role.propertyId }), call('staff.list', { propertyId: role.propertyId })]));
      if (got.kind === 'failed') this.setData(got.view);
      if (got.kind !== 'ready') return;
      const [view, staff] = got.value;
      staffOf.set(this, staff);
      this.show(got.role.propertyId, view.teams);
    },

    show(propertyId: string, teams: TeamSetting[]) {
      const list = ordered(teams);
      teamsOf.set(this, list);
      const names = new Map((staffOf.get(this) ?? []).map((s) => [s.openid, s.name]));
      this.setData({
        status: 'ready',
        propertyId,
        teams: list.map((t) => ({
          id: t.id,
          name: t.name,
          sub: !!t.parentId,
          leaderText: `${KIND_LABELS[t.kind] ?? '班组'} · 组长 ${t.leaderOpenid ? (names.get(t.leaderOpenid) ?? '（已离职）') : '未设'}`,
          rateText: t.hourlyRateFen > 0 ? `${yuanText(t.hourlyRateFen)} 元/小时` : '不计工时费',
        })),
      });
    },

    openEdit(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const teams = teamsOf.get(this) ?? [];
      const team = teams.find((t) => t.id === event.currentTarget.dataset.id);
      if (!team) return;
      // the team's people and its sub-teams' (staff.list's teamPath is not exposed: walk the tree)
      const below = new Set([team.id]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const t of teams) if (t.parentId && below.has(t.parentId) && !below.has(t.id)) (below.add(t.id), (grew = true));
      }
      const staff = staffOf.get(this) ?? [];
      const members = staff.filter((s) => s.teamId && below.has(s.teamId));
      const leader = staff.find((s) => s.openid === team.leaderOpenid);
      this.setData({
        formShown: true,
        editId: team.id,
        editName: team.name,
        rate: fenToYuanText(team.hourlyRateFen),
        rateError: '',
        leaderOpenid: team.leaderOpenid ?? '',
        leaderName: team.leaderOpenid ? (leader?.name ?? '（已离职）') : NO_LEADER,
        leaderError: '',
        leaderActions: [...members.map((s) => ({ name: s.name, subname: s.teamName ?? '', openid: s.openid })), { name: NO_LEADER, subname: '', openid: '' }],
        requestId: newRequestId(),
      });
    },

    closeForm() {
      if (!this.data.saving) this.setData({ formShown: false });
    },

    onRate(event: { detail: string }) {
      this.setData({ rate: event.detail, rateError: '' });
    },

    openLeaders() {
      this.setData({ leaderSheetShown: true });
    },

    closeLeaders() {
      this.setData({ leaderSheetShown: false });
    },

    onLeaderSelect(event: { detail: LeaderOption }) {
      this.setData({ leaderSheetShown: false, leaderOpenid: event.detail.openid, leaderName: event.detail.name, leaderError: '' });
    },

    async save(): Promise<void> {
      const { saving, editId, rate, leaderOpenid, propertyId, requestId } = this.data;
      if (saving) return;
      const team = (teamsOf.get(this) ?? []).find((t) => t.id === editId);
      if (!team) return;
      const hourlyRateFen = yuanToFen(rate);
      if (hourlyRateFen === undefined) {
        this.setData({ rateError: HINTS.hourlyRateFen });
        return;
      }
      this.setData({ saving: true, rateError: '', leaderError: '' });
      try {
        const saved = await call(
          'settings.teams.save',
          {
            id: team.id,
            propertyId,
            name: team.name,
            ...(team.parentId ? { parentId: team.parentId } : {}),
            ...(leaderOpenid ? { leaderOpenid } : {}),
            hourlyRateFen,
            kind: team.kind,
            ...(team.schedule ? { schedule: team.schedule } : {}),
          },
          { requestId },
        );
        this.show(propertyId, (teamsOf.get(this) ?? []).map((t) => (t.id === saved.id ? saved : t)));
        this.setData({ saving: false, formShown: false });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (err) {
        const fields = fieldErrorsOf(err, HINTS);
        this.setData({ saving: false, rateError: fields.hourlyRateFen ?? '', leaderError: fields.leaderOpenid ?? '', requestId: newRequestId() });
        wx.showToast({ title: Object.keys(fields).length > 0 ? '请按提示修改后再保存' : toastFor(err), icon: 'none', duration: 2500 });
      }
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
