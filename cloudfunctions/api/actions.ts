import type { z } from 'zod';
import type { ActionData, ActionName, ActionPayload, ErrorCode } from '../../typings/api';
import type { HandlerContext } from './context';

/**
 * One API action: its payload schema (the single source for validation and docs), handler, and
 * what docs/api.md says about it. The docs are generated from these fields (npm run docs), so a
 * field added here shows up in the reference without anyone editing it by hand.
 */
export interface ActionDefinition<A extends ActionName> {
  name: A;
  summary: string;
  /** who may call it, in words, for the API reference */
  who: string;
  schema: z.ZodType<ActionPayload<A>>;
  /** the TypeScript name of `data` in typings/ (e.g. `Me`, `StaffMember[]`), for the reference */
  returns: string;
  /** the contract codes this action answers besides INTERNAL (which any action may answer) */
  errors: readonly Exclude<ErrorCode, 'INTERNAL'>[];
  /** a payload that works against the demo seed (`npm start`), shown as a curl example */
  example: { openid: string; payload: ActionPayload<A> };
  handle(ctx: HandlerContext, payload: ActionPayload<A>): Promise<ActionData<A>>;
}

export type AnyAction = { [A in ActionName]: ActionDefinition<A> }[ActionName];

export const defineAction = <A extends ActionName>(def: ActionDefinition<A>): ActionDefinition<A> => def;
