import type { AnyAction } from './actions';
import { userMe } from './handlers/user';

/** Every action the api function answers, by name. */
export const ACTIONS: readonly AnyAction[] = [userMe];

export const ACTIONS_BY_NAME: ReadonlyMap<string, AnyAction> = new Map(ACTIONS.map((a) => [a.name, a]));
