/** The stock actions of the API: restocking and the storekeeper's requisitions. */
import { stockReceive } from './receive';
import { stockRequisitions } from './requisitions';

export const STOCK_ACTIONS = [stockReceive, stockRequisitions] as const;
