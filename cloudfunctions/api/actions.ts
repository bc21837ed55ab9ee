import type { z } from 'zod';
import type { ActionData, ActionName, ActionPayload } from '../../typings/api';
import type { HandlerContext } from './context';

/** One API action: its payload schema (the single source for validation and docs) and handler. */
export interface ActionDefinition<A extends ActionName> {
  name: A;
  summary: string;
  /** who may call it, in words, for the API reference */
  who: string;
  schema: z.ZodType<ActionPayload<A>>;
  handle(ctx: HandlerContext, payload: ActionPayload<A>): Promise<ActionData<A>>;
}

export type AnyAction = { [A in ActionName]: ActionDefinition<A> }[ActionName];

export const defineAction = <A extends ActionName>(def: ActionDefinition<A>): ActionDefinition<A> => def;
