import { z } from 'zod';
import type { Me } from '../../../typings/api';
import type { Property, Team, User } from '../../../typings/domain';
import type { Store } from '../../runtime/db';
import { defineAction } from '../actions';

async function byIds<T extends { id: string }>(db: Store, collection: string, ids: string[]): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const docs = await db.list<T>(collection, { _id: db.command.in(ids) }, { limit: ids.length });
  return new Map(docs.map((d) => [d.id, d]));
}

export const userMe = defineAction({
  name: 'user.me',
  summary: 'Who the caller is: name, phone and roles in each property.',
  who: 'anyone in WeChat (an unregistered user gets no roles)',
  schema: z.object({}).strict(),
  async handle(ctx): Promise<Me> {
    const user = await ctx.db.get<User>('users', ctx.openid);
    if (!user) return { openid: ctx.openid, name: '', phone: '', roles: [] };
    const propertyIds = [...new Set(user.roles.map((r) => r.propertyId))];
    const teamIds = [...new Set(user.roles.flatMap((r) => (r.teamId ? [r.teamId] : [])))];
    const [properties, teams] = await Promise.all([
      byIds<Property>(ctx.db, 'properties', propertyIds),
      byIds<Team>(ctx.db, 'teams', teamIds),
    ]);
    return {
      openid: ctx.openid,
      name: user.name,
      phone: user.phone,
      roles: user.roles.map((r) => ({
        propertyId: r.propertyId,
        propertyName: properties.get(r.propertyId)?.name ?? r.propertyId,
        role: r.role,
        ...(r.teamId ? { teamId: r.teamId, teamName: teams.get(r.teamId)?.name ?? r.teamId } : {}),
      })),
    };
  },
});
