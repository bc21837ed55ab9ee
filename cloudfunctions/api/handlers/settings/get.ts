/** settings.get: everything the settings pages show for one property, in one database request. */
import { z } from 'zod';
import type { Category, Material, Team } from '../../../../typings/domain';
import type { ServiceItemSetting, SettingsView } from '../../../../typings/settings';
import { defineAction } from '../../actions';
import { docId } from '../../fields';
import { LIMITS, MANAGERS_ONLY, loadSettings } from './load';
import { propertySettings } from './property-save';
import { domainOf } from './save-doc';

export const settingsGet = defineAction({
  name: 'settings.get',
  summary:
    "A property's settings for the settings pages: the property's order settings, its teams (tree by `parentId`, leader, " +
    'hourly rate, schedule), categories in display order (with fee mode, visit fee, SLA, skill, schedule), the material ' +
    `catalog by category then name (with stock) and the service items (disabled ones too). Up to ${LIMITS.materials} materials.`,
  who: 'managers of the property',
  schema: z.object({ propertyId: docId }).strict(),
  returns: 'SettingsView',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo' } },
  async handle(ctx, p): Promise<SettingsView> {
    const row = await loadSettings(ctx, p.propertyId, ['manager'], { teams: true, categories: true, materials: true, serviceItems: true }, MANAGERS_ONLY);
    return {
      property: propertySettings(row.property!),
      teams: row.teams.map((t) => domainOf<Team>(t)).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN') || a.id.localeCompare(b.id)),
      categories: row.categories.map((c) => domainOf<Category>(c)),
      materials: row.materials.map((m) => domainOf<Material>(m)),
      serviceItems: row.serviceItems.map((s) => domainOf<ServiceItemSetting>(s)),
    };
  },
});
