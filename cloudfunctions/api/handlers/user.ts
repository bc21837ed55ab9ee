import { z } from 'zod';
import type { Me } from '../../../typings/api';
import { defineAction } from '../actions';
import { loadUserWithNames, meOf } from './people/me';

export const userMe = defineAction({
  name: 'user.me',
  summary: 'Who the caller is: name, phone and roles in each property.',
  who: 'anyone in WeChat (an unregistered user gets no roles)',
  schema: z.object({}).strict(),
  returns: 'Me',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT'],
  example: { openid: 'demo-manager', payload: {} },
  async handle(ctx): Promise<Me> {
    const { user, names } = await loadUserWithNames(ctx.db, ctx.openid);
    return meOf(ctx.openid, user, names);
  },
});
