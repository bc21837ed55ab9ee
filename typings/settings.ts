/**
 * Settings for managers (参数设置, issue 10): the payloads and views of the `settings.*` actions.
 * A save with `id` updates that document of the property; without `id` it creates one (a retried
 * create with the same requestId answers the first). Every save replaces the editable fields as a
 * whole, as the settings form posts them: an optional field left out is cleared.
 * Money is integer fen; times are "HH:mm" in the property's time zone.
 */
import type {
  BusinessHours,
  Category,
  DispatchMode,
  FeeMode,
  Material,
  OrderKind,
  Property,
  PropertyId,
  SlotSchedule,
  Team,
} from './domain';

export interface CategorySavePayload {
  /** absent: create */
  id?: string;
  propertyId: PropertyId;
  name: string;
  /** a first-level category of the same property; absent for a first-level category */
  parentId?: string;
  kind: OrderKind;
  /** the team orders of this category route to */
  teamId: string;
  sla: Category['sla'];
  /** `paid` follows from it: every mode but `free` bills the resident */
  feeMode: FeeMode;
  visitFeeFen: number;
  /** deposit or prepaid modes only: fen paid when ordering */
  prepayFen?: number;
  grabbable: boolean;
  publicArea: boolean;
  skill?: string;
  sort: number;
  /** without one the category uses its team's schedule */
  schedule?: SlotSchedule;
}

export interface CategoryRemovePayload {
  propertyId: PropertyId;
  id: string;
}

export interface TeamSavePayload {
  id?: string;
  propertyId: PropertyId;
  name: string;
  parentId?: string;
  /** a staff member of the property */
  leaderOpenid?: string;
  hourlyRateFen: number;
  kind: Team['kind'];
  schedule?: SlotSchedule;
}

/** A priced custom service item of a property (上门费, 疏通费 …) that the completion form offers. */
export interface ServiceItemSetting {
  id: string;
  propertyId: PropertyId;
  name: string;
  /** fen per unit */
  price: number;
  /** 次, 项, 米 … */
  unit: string;
  sort: number;
  /** hidden from the completion form; kept so past completions still name it */
  disabled: boolean;
}

export interface ServiceItemSavePayload {
  id?: string;
  propertyId: PropertyId;
  name: string;
  price: number;
  unit: string;
  sort?: number;
  disabled?: boolean;
}

export interface ServiceItemListPayload {
  propertyId: PropertyId;
  /** managers: include disabled items (the settings page) */
  includeDisabled?: boolean;
}

/** Catalog fields only: stock changes through stock.receive and completions, never here. */
export interface MaterialSavePayload {
  id?: string;
  propertyId: PropertyId;
  /** 电料 化料 水料 卫生 五金 … */
  category: string;
  name: string;
  spec: string;
  unit: string;
  /** fen */
  price: number;
}

export interface PropertySavePayload {
  propertyId: PropertyId;
  /** may span midnight (start after end) */
  businessHours: BusinessHours;
  dispatchMode: DispatchMode;
  /** 1..20 */
  grabLimit: number;
  /** 1..30 */
  autoCloseDays: number;
  /** 1..60 */
  bookingHorizonDays: number;
  /** a team of the property; absent: after hours orders stay with their category's team */
  nightTeamId?: string;
}

export type PropertySettings = Pick<
  Property,
  'id' | 'name' | 'timezone' | 'businessHours' | 'dispatchMode' | 'grabLimit' | 'autoCloseDays' | 'nightTeamId'
> & { bookingHorizonDays: number };

export type CategorySetting = Category;
export type TeamSetting = Team;
export type MaterialSetting = Material;

/** Everything the settings pages show for one property. */
export interface SettingsView {
  property: PropertySettings;
  teams: TeamSetting[];
  /** in display order (sort) */
  categories: CategorySetting[];
  /** by catalog category, then name */
  materials: MaterialSetting[];
  serviceItems: ServiceItemSetting[];
}

export interface SettingsActions {
  'settings.get': [{ propertyId: PropertyId }, SettingsView];
  'settings.property.save': [PropertySavePayload, PropertySettings];
  'settings.categories.save': [CategorySavePayload, CategorySetting];
  'settings.categories.remove': [CategoryRemovePayload, { id: string; removed: true }];
  'settings.teams.save': [TeamSavePayload, TeamSetting];
  'settings.serviceItems.save': [ServiceItemSavePayload, ServiceItemSetting];
  'settings.serviceItems.list': [ServiceItemListPayload, ServiceItemSetting[]];
  'settings.materials.save': [MaterialSavePayload, MaterialSetting];
}
