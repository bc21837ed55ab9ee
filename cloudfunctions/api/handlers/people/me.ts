import type { Me } from '../../../../typings/api';
import { uploadDirOf } from '../../../core/files/ownership';
import type { User } from '../../../../typings/domain';
import type { Store } from '../../../runtime/db';
import type { UserDoc } from './save-user';

/** Property and team names by id, for turning grants into what user.me shows. */
export interface Names {
  properties: ReadonlyMap<string, string>;
  teams: ReadonlyMap<string, string>;
}

type Named = { id: string; name: string };
type UserWithNames = UserDoc & { _propertyNames: Named[]; _teamNames: Named[] };

/**
 * The caller's user document together with the names of every property and team their grants
 * mention, in ONE aggregate request (a match on `_id` and two lookups over the roles' ids), so an
 * action that answers with `Me` needs no follow-up reads.
 */
export async function loadUserWithNames(db: Store, openid: string): Promise<{ user: UserDoc | undefined; names: Names }> {
  const [doc] = await db.aggregate<UserWithNames>('users', [
    ['match', { _id: openid }],
    ['lookup', { from: 'properties', localField: 'roles.propertyId', foreignField: '_id', as: '_propertyNames' }],
    ['lookup', { from: 'teams', localField: 'roles.teamId', foreignField: '_id', as: '_teamNames' }],
    ['project', { _id: 1, openid: 1, name: 1, phone: 1, roles: 1, updatedAt: 1, '_propertyNames.id': 1, '_propertyNames.name': 1, '_teamNames.id': 1, '_teamNames.name': 1 }],
    ['limit', 1],
  ]);
  if (!doc) return { user: undefined, names: { properties: new Map(), teams: new Map() } };
  const { _propertyNames, _teamNames, ...user } = doc;
  return {
    user,
    names: {
      properties: new Map(_propertyNames.map((p) => [p.id, p.name])),
      teams: new Map(_teamNames.map((t) => [t.id, t.name])),
    },
  };
}

/** Adds names learned elsewhere (the property just registered for, the team of an invite). */
export function withNames(names: Names, more: { properties?: [string, string][]; teams?: [string, string][] }): Names {
  return {
    properties: new Map([...names.properties, ...(more.properties ?? [])]),
    teams: new Map([...names.teams, ...(more.teams ?? [])]),
  };
}

/** The caller as user.me shows them; an id without a known name shows as itself. */
export function meOf(openid: string, user: Pick<User, 'name' | 'phone' | 'roles'> | undefined, names: Names): Me {
  if (!user) return { openid, name: '', phone: '', roles: [], uploadDir: uploadDirOf(openid) };
  return {
    openid,
    uploadDir: uploadDirOf(openid),
    name: user.name,
    phone: user.phone,
    roles: user.roles.map((r) => ({
      propertyId: r.propertyId,
      propertyName: names.properties.get(r.propertyId) ?? r.propertyId,
      role: r.role,
      ...(r.teamId ? { teamId: r.teamId, teamName: names.teams.get(r.teamId) ?? r.teamId } : {}),
    })),
  };
}
