import { z } from 'zod';
import type { RoleName, User } from '../../../../typings/domain';
import type { StaffMember, StaffRole } from '../../../../typings/people-actions';
import { fail } from '../../../core/errors';
import { grantsIn } from '../../../core/people/grants';
import { isWithinTeam } from '../../../core/people/team-path';
import { STAFF_ROLES } from '../../../core/roles';
import { defineAction } from '../../actions';
import { docId, staffRole } from '../../fields';
import { OPEN_STATUSES } from '../../../core/order/open-statuses';


/** Staff per property are tens, not thousands; one page of the server SDK's maximum covers them. */
const MAX_STAFF = 1000;

const ROLE_ORDER: Record<StaffRole, number> = { technician: 0, dispatcher: 1, manager: 2 };

export const staffList = defineAction({
  name: 'staff.list',
  summary:
    "The property's staff, technicians first, each with their team's name and the number of open orders assigned " +
    'to them (assigned, accepted, in progress or on hold). `teamId` includes its sub-teams.',
  who: 'staff of the property (technician, dispatcher, manager)',
  schema: z.object({ propertyId: docId, role: staffRole.optional(), teamId: docId.optional() }).strict(),
  returns: 'StaffMember[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-dispatcher', payload: { propertyId: 'demo', role: 'technician' } },
  async handle(ctx, p): Promise<StaffMember[]> {
    const _ = ctx.db.command;
    // Two requests in parallel: everyone holding a staff role in the property (the caller among them
    // if they may ask); and from the property, the open-order count per assignee grouped by the
    // database and the team names (the desk's picker names each technician's team).
    const [people, [counts]] = await Promise.all([
      ctx.db.list<User>(
        'users',
        { 'roles.propertyId': p.propertyId, 'roles.role': _.in([...STAFF_ROLES]) },
        { limit: MAX_STAFF, fields: { openid: true, name: true, roles: true } },
      ),
      ctx.db.aggregate<{ loads: { _id: string; n: number }[]; teams: { _id: string; name: string }[] }>('properties', [
        ['match', { _id: p.propertyId }],
        [
          'lookup',
          {
            from: 'orders',
            pipeline: ctx.db.pipeline([
              ['match', { propertyId: p.propertyId, status: _.in([...OPEN_STATUSES]) }],
              ['group', { _id: '$assignee.openid', n: { $sum: 1 } }],
              // without a limit CloudBase answers 20 groups
              ['limit', MAX_STAFF],
            ]),
            as: 'loads',
          },
        ],
        ['lookup', { from: 'teams', pipeline: ctx.db.pipeline([['match', { propertyId: p.propertyId }], ['project', { name: true }], ['limit', 200]]), as: 'teams' }],
        ['limit', 1],
      ]),
    ]);
    const loads = counts?.loads ?? [];
    const teams = counts?.teams ?? [];
    // The query matches roles element by element, so a resident here who is staff elsewhere can be
    // among `people`: the grants are checked again per property.
    const caller = people.find((u) => u.openid === ctx.openid);
    if (grantsIn(caller?.roles, p.propertyId, STAFF_ROLES).length === 0) return fail('FORBIDDEN', '只有本小区员工可以查看员工名单');

    const open = new Map(loads.map((l) => [l._id, l.n]));
    const teamName = new Map(teams.map((t) => [t._id, t.name]));
    const rows: StaffMember[] = [];
    for (const person of people) {
      for (const g of grantsIn(person.roles, p.propertyId, STAFF_ROLES)) {
        const role = g.role as Exclude<RoleName, 'resident'>;
        if (p.role && role !== p.role) continue;
        if (p.teamId && !isWithinTeam(g.teamPath ?? (g.teamId ? [g.teamId] : []), p.teamId)) continue;
        rows.push({
          id: person.openid,
          openid: person.openid,
          name: person.name,
          role,
          ...(g.teamId ? { teamId: g.teamId, teamName: teamName.get(g.teamId) ?? g.teamId } : {}),
          skills: g.skills ?? [],
          openOrders: open.get(person.openid) ?? 0,
        });
      }
    }
    return rows.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name, 'zh-Hans-CN') || a.openid.localeCompare(b.openid));
  },
});
