import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { InviteView } from '../../../../typings/people-actions';
import type { Property, Team, User } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import { writeId } from '../../../core/ids';
import { grantsIn } from '../../../core/people/grants';
import { INVITE_DAYS, inviteCodeFrom, inviteExpiry } from '../../../core/people/invite-code';
import { isWithinTeam, teamPathOf } from '../../../core/people/team-path';
import { defineAction } from '../../actions';
import { docId, shortText, staffRole } from '../../fields';
import type { InviteDoc } from './invite-doc';

type PropertyWithTeams = Property & { teams: Team[] };

export const adminCreateInvite = defineAction({
  name: 'admin.createInvite',
  summary:
    'Creates a single-use invite code for a staff member of a property. Technician invites name the team ' +
    'they join; the code expires after `expiresInDays` (default 7). The person joins with staff.join.',
  who: "managers of the property; a team leader for technicians of their own team or its sub-teams",
  schema: z
    .object({
      propertyId: docId,
      role: staffRole,
      teamId: docId.optional().describe('required for a technician: a team of the property'),
      skills: z.array(shortText(20)).max(20, 'at most 20 skills').optional(),
      expiresInDays: z.number().int('whole days').min(INVITE_DAYS.min).max(INVITE_DAYS.max).optional().describe(`default ${INVITE_DAYS.default}`),
    })
    .strict()
    .refine((p) => p.role !== 'technician' || p.teamId !== undefined, { path: ['teamId'], message: 'required for a technician' }),
  returns: 'InviteView',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', skills: ['水电'] } },
  async handle(ctx, p): Promise<InviteView> {
    // The caller, and the property with all its teams in one aggregate (teams give the invitee's teamPath).
    const [caller, found] = await Promise.all([
      ctx.db.get<User>('users', ctx.openid),
      ctx.db.aggregate<PropertyWithTeams>('properties', [
        ['match', { _id: p.propertyId }],
        ['lookup', { from: 'teams', localField: '_id', foreignField: 'propertyId', as: 'teams' }],
        ['limit', 1],
      ]),
    ]);
    const grants = grantsIn(caller?.roles, p.propertyId);
    const isManager = grants.some((g) => g.role === 'manager');
    const ledTeams = grants.flatMap((g) => (g.role === 'technician' && g.leader && g.teamId ? [g.teamId] : []));
    if (!isManager && ledTeams.length === 0) return fail('FORBIDDEN', '只有经理或班组长可以邀请员工');
    const property = found[0];
    if (!property) return fail('NOT_FOUND', '没有这个小区', { 'payload.propertyId': 'no such property' });

    let team: Team | undefined;
    let teamPath: string[] | undefined;
    if (p.teamId) {
      team = property.teams.find((t) => t.id === p.teamId);
      teamPath = team && teamPathOf(property.teams, team.id);
      if (!team || !teamPath) return fail('NOT_FOUND', '该小区没有这个班组', { 'payload.teamId': 'no such team in this property' });
    }
    if (!isManager) {
      // A leader invites technicians into the team they lead or below it, nothing else.
      const mayInvite = p.role === 'technician' && ledTeams.some((led) => isWithinTeam(teamPath, led));
      if (!mayInvite) return fail('FORBIDDEN', '班组长只能邀请本班组的维修师傅');
    }

    const now = ctx.clock.now();
    // 32^8 codes: a collision is ~10^-12 per invite; the unique index on `code` makes one fail loudly.
    const code = inviteCodeFrom(randomBytes);
    const invite: InviteDoc = {
      // a retried request (same requestId) hits the same _id and gets its first invite back
      _id: writeId('inv', ctx.openid, ctx.requestId),
      code,
      propertyId: p.propertyId,
      propertyName: property.name,
      role: p.role,
      ...(team && teamPath ? { teamId: team.id, teamName: team.name, teamPath } : {}),
      ...(p.skills ? { skills: p.skills } : {}),
      createdBy: ctx.openid,
      createdAt: now.toISOString(),
      expiresAt: inviteExpiry(now, p.expiresInDays ?? INVITE_DAYS.default),
      usedBy: null,
      usedAt: null,
    };
    try {
      await ctx.db.insert('invites', { ...invite });
    } catch (err) {
      const first = ctx.requestId ? await ctx.db.get<InviteDoc>('invites', invite._id) : undefined;
      if (!first) throw err;
      return inviteView(first);
    }
    return inviteView(invite);
  },
});

function inviteView(invite: InviteDoc): InviteView {
  return { code: invite.code, propertyId: invite.propertyId, role: invite.role, ...(invite.teamId ? { teamId: invite.teamId } : {}), expiresAt: invite.expiresAt };
}
