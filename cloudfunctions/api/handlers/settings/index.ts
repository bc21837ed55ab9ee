/** The settings actions of the API (参数设置, issue 10): what managers change about their property. */
import { categoriesRemove } from './categories-remove';
import { categoriesSave } from './categories-save';
import { settingsGet } from './get';
import { materialsSave } from './materials-save';
import { propertySave } from './property-save';
import { serviceItemsList, serviceItemsSave } from './service-items';
import { teamsSave } from './teams-save';

export const SETTINGS_ACTIONS = [settingsGet, propertySave, categoriesSave, categoriesRemove, teamsSave, serviceItemsSave, serviceItemsList, materialsSave] as const;
