import type { Assignee, User } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import type { Actor } from '../../../core/order/state-machine';
import type { Store } from '../../../runtime/db';
import type { GrantLedger } from '../../../../typings/notify';
import { knownGrants, type KnownGrants } from '../../../services/notify/deliver';

export interface Crew {
  assignee: Assignee;
  assistants: Assignee[];
  teamId: string;
  teamPath: string[];
  /** the crew's subscription grants, read with them */
  grants: KnownGrants;
}

/**
 * The technicians an order is handed to, read in one request. Each must be a technician of the
 * order's property; a team leader hands orders only within the teams they lead, and an assigned
 * technician transfers only to a colleague of their own team.
 */
export async function loadCrew(db: Store, propertyId: string, actor: Actor, technicianId: string, assistantIds: readonly string[] = []): Promise<Crew> {
  const ids = [...new Set([technicianId, ...assistantIds])];
  const rows = await db.aggregate<User & { _grants: GrantLedger[] }>('users', [
    ['match', { _id: db.command.in(ids) }],
    ['lookup', { from: 'grants', localField: '_id', foreignField: '_id', as: '_grants' }],
    ['limit', ids.length],
  ]);
  const users: User[] = rows.map(({ _grants: _ignored, ...u }) => u);
  const grants = knownGrants(users.map((u) => u.openid), rows.flatMap((r) => r._grants));
  const toAssignee = (openid: string, field: string): Assignee & { teamPath: string[] } => {
    const user = users.find((u) => u.openid === openid);
    const grant = user?.roles.find((r) => r.propertyId === propertyId && r.role === 'technician');
    if (!user || !grant) return fail('NOT_FOUND', '找不到这位维修师傅', { [field]: 'not a technician of this property' });
    const teamPath = grant.teamPath ?? (grant.teamId ? [grant.teamId] : []);
    // A leader hands orders within the teams they lead; an assigned technician transfers (转单) within their own team.
    if (actor.role === 'technician' && !teamPath.some((t) => actor.ledTeamIds.includes(t) || actor.teamIds.includes(t))) {
      return fail('FORBIDDEN', '只能派给本班组的师傅');
    }
    return { id: user.openid, openid: user.openid, name: user.name, phone: user.phone, ...(grant.teamId ? { teamId: grant.teamId } : {}), teamPath };
  };
  const { teamPath, ...assignee } = toAssignee(technicianId, 'payload.technicianId');
  // name a bad assistant by its place in the payload, so index before dropping the main technician
  const assistants = assistantIds
    .map((id, i) => ({ id, field: `payload.assistantIds.${i}` }))
    // each helper once, and never the main technician again
    .filter(({ id }, i) => id !== technicianId && assistantIds.indexOf(id) === i)
    .map(({ id, field }) => {
      const { teamPath: _path, ...a } = toAssignee(id, field);
      return a;
    });
  return { assignee, assistants, teamId: assignee.teamId ?? teamPath[teamPath.length - 1] ?? '', teamPath, grants };
}
