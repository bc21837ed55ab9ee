import type { AnyAction } from './actions';
import { catalogCategories } from './handlers/catalog/categories';
import { catalogMaterials } from './handlers/catalog/materials';
import { slotsList } from './handlers/catalog/slots';
import { adminCreateInvite } from './handlers/people/admin-create-invite';
import { userPhoneNumber } from './handlers/people/phone-number';
import { residentRegister } from './handlers/people/resident-register';
import { staffJoin } from './handlers/people/staff-join';
import { staffList } from './handlers/people/staff-list';
import { userMe } from './handlers/user';
import { ORDER_ACTIONS } from './handlers/orders';
import { STOCK_ACTIONS } from './handlers/stock';
import { PAYMENT_ACTIONS } from './handlers/payments';
import { inboxList, inboxRead } from './handlers/notify/inbox';
import { notifyGranted, notifyTemplates } from './handlers/notify/templates';
import { SETTINGS_ACTIONS } from './handlers/settings';
import { orderMessage, orderMessages } from './handlers/orders/messages';
import { revisitTasks } from './handlers/desk/revisit-tasks';
import { reportUnfinished } from './handlers/desk/unfinished';
import { DASHBOARD_ACTIONS } from './handlers/dashboard';
import { reportExport } from './handlers/report/export';

/** Every action the api function answers, by name (docs/api.md lists them in this order). */
export const ACTIONS: readonly AnyAction[] = [
  userMe,
  userPhoneNumber,
  residentRegister,
  adminCreateInvite,
  staffJoin,
  staffList,
  catalogCategories,
  catalogMaterials,
  slotsList,
  ...ORDER_ACTIONS,
  ...STOCK_ACTIONS,
  ...PAYMENT_ACTIONS,
  notifyTemplates,
  notifyGranted,
  inboxList,
  inboxRead,
  orderMessage,
  orderMessages,
  revisitTasks,
  reportUnfinished,
  ...DASHBOARD_ACTIONS,
  reportExport,
  ...SETTINGS_ACTIONS,
];

export const ACTIONS_BY_NAME: ReadonlyMap<string, AnyAction> = new Map(ACTIONS.map((a) => [a.name, a]));
