/**
 * settings.teams.save: a team of the property's tree (部门/班组) with its leader, labor rate
 * (工时设置: the rate labor is billed at for work done by its members) and appointment schedule.
 *
 * Staff grants carry denormalized team facts, so a save keeps them true: moving a team re-paths the
 * grants of everyone in it and below it (teamPath), and changing the leader moves the `leader` flag
 * between the two people's grants in this team (the flag is what lets a technician dispatch within
 * the team). Those are a few extra writes on a rare settings change, instead of a lookup on every
 * order step.
 */
import { z } from 'zod';
import type { Team, User } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import { grantsIn } from '../../../core/people/grants';
import { STAFF_ROLES } from '../../../core/roles';
import { defineAction } from '../../actions';
import type { HandlerContext } from '../../context';
import { docId, fen, shortText, slotSchedule } from '../../fields';
import { MANAGERS_ONLY, loadSettings, LIMITS, type Stored } from './load';
import { saveDoc } from './save-doc';
import { withoutPastExceptions } from './schedule';
import { makesCycle, repathedRoles, withLead } from './team-tree';

export const teamsSave = defineAction({
  name: 'settings.teams.save',
  summary:
    'Creates (no `id`) or updates a team: name, `parentId` (a team of the property; a parent that is the team itself or one of ' +
    'its sub-teams is refused), `leaderOpenid` (a staff member of the property; when they work in this team their grant ' +
    'becomes its leader, and the previous leader’s stops being), `hourlyRateFen` (labor billed for its members’ work), ' +
    '`kind` and `schedule` (appointments of its categories that have none of their own). Moving a team updates the team ' +
    'path of every staff member in it and below. Optional fields left out are cleared. Fees of completed orders never change.',
  who: 'managers of the property',
  schema: z
    .object({
      id: docId.optional().describe('the team to update; absent: create'),
      propertyId: docId,
      name: shortText(20),
      parentId: docId.optional().describe('a team of the property; not the team itself or one below it'),
      leaderOpenid: docId.optional().describe('a staff member of the property'),
      hourlyRateFen: fen.describe('labor rate, fen per hour'),
      kind: z.enum(['engineering', 'night', 'service', 'cleaning', 'security']),
      schedule: slotSchedule.optional(),
    })
    .strict(),
  returns: 'TeamSetting',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: {
    openid: 'demo-manager',
    payload: { propertyId: 'demo', name: '保洁组', parentId: 'demo-team-eng', leaderOpenid: 'demo-tech-2', hourlyRateFen: 4000, kind: 'cleaning' },
  },
  async handle(ctx, p): Promise<Team> {
    // the teams of the property and the person named as leader, with the caller, in one request
    const row = await loadSettings(ctx, p.propertyId, ['manager'], { teams: true, people: p.leaderOpenid ? [p.leaderOpenid] : [] }, MANAGERS_ONLY);
    const existing = p.id === undefined ? undefined : row.teams.find((t) => t.id === p.id);
    if (p.id !== undefined && !existing) return fail('NOT_FOUND', '该小区没有这个班组', { 'payload.id': 'no such team in this property' });
    if (p.parentId !== undefined) {
      if (!row.teams.some((t) => t.id === p.parentId)) return fail('NOT_FOUND', '该小区没有这个上级班组', { 'payload.parentId': 'no such team in this property' });
      if (existing && makesCycle(row.teams, existing.id, p.parentId)) {
        return fail('INVALID_ARGUMENT', '上级班组不能是它自己或它的下级班组', { 'payload.parentId': 'the team itself or one of its sub-teams (a cycle)' });
      }
    }
    const leader = p.leaderOpenid === undefined ? undefined : row.people.find((u) => u.openid === p.leaderOpenid);
    if (p.leaderOpenid !== undefined && grantsIn(leader?.roles, p.propertyId, STAFF_ROLES).length === 0) {
      return fail('NOT_FOUND', '负责人必须是本小区员工', { 'payload.leaderOpenid': 'not a staff member of this property' });
    }

    const team = await saveDoc<Team>(ctx, {
      collection: 'teams',
      prefix: 'team',
      propertyId: p.propertyId,
      existing,
      loaded: row.teams,
      fields: {
        name: p.name,
        parentId: p.parentId,
        leaderOpenid: p.leaderOpenid,
        hourlyRateFen: p.hourlyRateFen,
        kind: p.kind,
        schedule: p.schedule && withoutPastExceptions(p.schedule, ctx.clock.now(), row.property?.timezone ?? 'Asia/Shanghai'),
      },
      optional: ['parentId', 'leaderOpenid', 'schedule'],
    });

    const moved = existing !== undefined && existing.parentId !== p.parentId;
    const newLeader = (existing?.leaderOpenid ?? undefined) !== p.leaderOpenid;
    if (moved || newLeader) await syncGrants(ctx, p.propertyId, team, row.teams, existing?.leaderOpenid);
    return team;
  },
});

/**
 * Brings staff grants in line with the saved team: team paths over the new tree, the lead on the
 * new leader's grant in this team and off the previous one's. Reads the property's staff once and
 * writes only the people whose roles change.
 */
async function syncGrants(
  ctx: HandlerContext,
  propertyId: string,
  team: Team,
  teamsBefore: readonly Stored<Team>[],
  previousLeader: string | undefined,
): Promise<void> {
  const { db } = ctx;
  const teams = [...teamsBefore.filter((t) => t.id !== team.id), team];
  const staff = await db.list<Stored<User>>('users', { 'roles.propertyId': propertyId, 'roles.role': db.command.in([...STAFF_ROLES]) }, {
    limit: LIMITS.staff,
    fields: { openid: true, roles: true },
  });
  const at = ctx.clock.now().toISOString();
  const writes = staff.flatMap((u) => {
    let roles = repathedRoles(u.roles, propertyId, teams) ?? u.roles;
    if (u.openid === team.leaderOpenid) roles = withLead(roles, propertyId, team.id, true) ?? roles;
    else if (u.openid === previousLeader) roles = withLead(roles, propertyId, team.id, false) ?? roles;
    return roles === u.roles ? [] : [db.updateWhere('users', { _id: u._id }, { roles, updatedAt: at })];
  });
  await Promise.all(writes);
}
