import { z } from 'zod';
import type { Me } from '../../../../typings/api';
import { fail } from '../../../core/errors';
import { joinWithInvite } from '../../../core/people/join-grant';
import { defineAction } from '../../actions';
import { inviteCode, mobilePhone, personName } from '../../fields';
import type { InviteDoc } from './invite-doc';
import { loadUserWithNames, meOf, withNames } from './me';
import { saveUser } from './save-user';

export const staffJoin = defineAction({
  name: 'staff.join',
  summary:
    'Joins a property as staff with an invite code from admin.createInvite; the code is used up. ' +
    'An unknown code answers NOT_FOUND; a code already used by someone else, or expired, answers CONFLICT. ' +
    'Retrying with the code one already used succeeds again (a lost answer can be retried). ' +
    'Someone who already holds the role in that property keeps their grant: only the team and skills the invite names change ' +
    '(staff number and areas stay; team leadership stays unless the invite moves them to another team).',
  who: 'anyone in WeChat holding a valid invite code',
  schema: z.object({ inviteCode, name: personName, phone: mobilePhone }).strict(),
  returns: 'Me',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'CONFLICT'],
  example: { openid: 'o-new-technician', payload: { inviteCode: 'K7XQ2M9P', name: '钱进', phone: '13912345678' } },
  async handle(ctx, p): Promise<Me> {
    const now = ctx.clock.now().toISOString();
    const _ = ctx.db.command;
    // The conditional update is the claim: of any number of people racing for one code, exactly one
    // matches `usedBy: null`. The same caller matches again, so a retry after a lost answer works.
    // The reads go in parallel with it; they only supply the invite's content and explain a refusal.
    const [claimed, invites, { user, names }] = await Promise.all([
      ctx.db.updateWhere('invites', { code: p.inviteCode, usedBy: _.in([null, ctx.openid]), expiresAt: _.gt(now) }, { usedBy: ctx.openid, usedAt: now }),
      ctx.db.list<InviteDoc>('invites', { code: p.inviteCode }, { limit: 1 }),
      loadUserWithNames(ctx.db, ctx.openid),
    ]);
    const invite = invites[0];
    if (!invite) return fail('NOT_FOUND', '邀请码不存在', { 'payload.inviteCode': 'no such invite code' });
    if (claimed !== 1) {
      return invite.expiresAt <= now
        ? fail('CONFLICT', '邀请码已过期，请联系经理重新邀请', { 'payload.inviteCode': 'expired' })
        : fail('CONFLICT', '邀请码已被使用', { 'payload.inviteCode': 'already used' });
    }
    // Joining again (a new invite for a role already held there) changes only what the invite says.
    const roles = joinWithInvite(user?.roles ?? [], {
      propertyId: invite.propertyId,
      role: invite.role,
      ...(invite.teamId ? { teamId: invite.teamId, teamPath: invite.teamPath ?? [invite.teamId] } : {}),
      ...(invite.skills ? { skills: invite.skills } : {}),
    });
    const next = { name: p.name, phone: p.phone, roles };
    await saveUser(ctx, user, next);
    return meOf(
      ctx.openid,
      next,
      withNames(names, { properties: [[invite.propertyId, invite.propertyName]], teams: invite.teamId ? [[invite.teamId, invite.teamName ?? invite.teamId]] : [] }),
    );
  },
});
