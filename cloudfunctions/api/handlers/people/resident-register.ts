import { z } from 'zod';
import type { Me } from '../../../../typings/api';
import type { Property, RoleGrant, User } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import { withGrant } from '../../../core/people/grants';
import { defineAction } from '../../actions';
import { loadUserWithNames, meOf, withNames } from './me';
import { docId, mobilePhone, personName, shortText } from '../../fields';
import { saveUser } from './save-user';

export const residentRegister = defineAction({
  name: 'resident.register',
  summary:
    'Registers the caller as a resident of a unit in a property, or moves them to another unit ' +
    '(one unit per property). Name and phone are updated too. Answers the caller as user.me does.',
  who: 'anyone in WeChat',
  schema: z
    .object({ propertyId: docId, name: personName, phone: mobilePhone, building: shortText(20), room: shortText(20) })
    .strict(),
  returns: 'Me',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'CONFLICT'],
  example: { openid: 'o-new-resident', payload: { propertyId: 'demo', name: '王芳', phone: '13812345678', building: '3栋', room: '1202' } },
  async handle(ctx, p): Promise<Me> {
    // Both reads at once: the property must exist, and the user's other grants (with their names) are kept.
    const [{ user, names }, property] = await Promise.all([loadUserWithNames(ctx.db, ctx.openid), ctx.db.get<Property>('properties', p.propertyId)]);
    if (!property) return fail('NOT_FOUND', '没有这个小区', { 'payload.propertyId': 'no such property' });
    const grant: RoleGrant = { propertyId: p.propertyId, role: 'resident', building: p.building, room: p.room };
    const next: Pick<User, 'name' | 'phone' | 'roles'> = { name: p.name, phone: p.phone, roles: withGrant(user?.roles ?? [], grant) };
    await saveUser(ctx, user, next);
    return meOf(ctx.openid, next, withNames(names, { properties: [[property.id, property.name]] }));
  },
});
