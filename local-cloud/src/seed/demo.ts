/**
 * The fixed demo data of architecture.md: property `demo` (manual dispatch) with a resident pair,
 * two engineering technicians, a night technician, a dispatcher and a manager; property `demo-2`
 * (auto dispatch) proves isolation. Nothing here is dated: appointment slots come from the
 * categories' weekly schedule, so the demo works on any day; timestamps are the seeding clock's.
 */
import type { Category, Material, Property, RoleGrant, SlotSchedule, Team, User } from '../../../typings/domain';
import type { ServiceItemSetting } from '../../../typings/settings';

export const DEMO_CALLERS: { openid: string; description: string }[] = [
  { openid: 'demo-resident', description: '住户 张伟 · 示范小区 1栋 101' },
  { openid: 'demo-resident-2', description: '住户 李娜 · 示范小区 2栋 302' },
  { openid: 'demo-tech-1', description: '维修师傅 王建国 · 工程部 班组长' },
  { openid: 'demo-tech-2', description: '维修师傅 赵强 · 工程部' },
  { openid: 'demo-night', description: '维修师傅 孙涛 · 夜间值班组' },
  { openid: 'demo-dispatcher', description: '客服调度 陈静 · 客服中心' },
  { openid: 'demo-manager', description: '经理 刘洋 · 示范小区' },
  { openid: 'demo2-resident', description: '住户 周敏 · 示范二区 (demo-2)' },
  { openid: 'demo2-tech', description: '维修师傅 吴磊 · 示范二区工程部 (demo-2)' },
  { openid: 'demo2-manager', description: '经理 郑凯 · 示范二区 (demo-2)' },
];

type Doc = Record<string, unknown>;

const SLA_SAME_DAY = { acceptMinutes: 30, arriveMinutes: 120, completeMinutes: 480 };
const SLA_PUBLIC = { acceptMinutes: 60, arriveMinutes: 480, completeMinutes: 3 * 24 * 60 };
const SLA_MATTER = { acceptMinutes: 60, arriveMinutes: 24 * 60, completeMinutes: 3 * 24 * 60 };

const properties: Property[] = [
  {
    id: 'demo',
    name: '示范小区',
    timezone: 'Asia/Shanghai',
    businessHours: { start: '09:00', end: '17:30' },
    dispatchMode: 'manual',
    grabLimit: 3,
    autoCloseDays: 7,
    nightTeamId: 'demo-team-night',
  },
  {
    id: 'demo-2',
    name: '示范二区',
    timezone: 'Asia/Shanghai',
    businessHours: { start: '09:00', end: '17:30' },
    dispatchMode: 'auto',
    grabLimit: 3,
    autoCloseDays: 7,
    nightTeamId: 'demo2-team-eng',
  },
];

const teams: Team[] = [
  { id: 'demo-team-eng', propertyId: 'demo', name: '工程部', leaderOpenid: 'demo-tech-1', hourlyRateFen: 6000, kind: 'engineering' },
  { id: 'demo-team-eng-hvac', propertyId: 'demo', name: '空调班组', parentId: 'demo-team-eng', hourlyRateFen: 8000, kind: 'engineering' },
  { id: 'demo-team-night', propertyId: 'demo', name: '夜间值班组', leaderOpenid: 'demo-night', hourlyRateFen: 7000, kind: 'night' },
  { id: 'demo-team-service', propertyId: 'demo', name: '客服中心', leaderOpenid: 'demo-dispatcher', hourlyRateFen: 0, kind: 'service' },
  { id: 'demo2-team-eng', propertyId: 'demo-2', name: '工程部', leaderOpenid: 'demo2-tech', hourlyRateFen: 6000, kind: 'engineering' },
];

function user(openid: string, name: string, phone: string, roles: RoleGrant[]): User {
  return { openid, name, phone, roles };
}

const users: User[] = [
  user('demo-resident', '张伟', '13800000001', [{ propertyId: 'demo', role: 'resident', building: '1栋', room: '101' }]),
  user('demo-resident-2', '李娜', '13800000002', [{ propertyId: 'demo', role: 'resident', building: '2栋', room: '302' }]),
  user('demo-tech-1', '王建国', '13900000001', [
    { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', teamPath: ['demo-team-eng'], leader: true, staffNo: 'G001', skills: ['水电', '家电', '公区'], areas: ['1栋', '2栋'] },
  ]),
  user('demo-tech-2', '赵强', '13900000002', [
    { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', teamPath: ['demo-team-eng'], staffNo: 'G002', skills: ['水电', '公区'], areas: ['3栋'] },
  ]),
  user('demo-night', '孙涛', '13900000003', [
    { propertyId: 'demo', role: 'technician', teamId: 'demo-team-night', teamPath: ['demo-team-night'], leader: true, staffNo: 'G003', skills: ['水电', '家电', '公区'] },
  ]),
  user('demo-dispatcher', '陈静', '13700000001', [
    { propertyId: 'demo', role: 'dispatcher', teamId: 'demo-team-service', teamPath: ['demo-team-service'], staffNo: 'K001' },
  ]),
  user('demo-manager', '刘洋', '13600000001', [{ propertyId: 'demo', role: 'manager', staffNo: 'M001' }]),
  user('demo2-resident', '周敏', '13800000201', [{ propertyId: 'demo-2', role: 'resident', building: '5栋', room: '501' }]),
  user('demo2-tech', '吴磊', '13900000201', [
    { propertyId: 'demo-2', role: 'technician', teamId: 'demo2-team-eng', teamPath: ['demo2-team-eng'], leader: true, staffNo: 'G201', skills: ['水电', '家电', '公区'] },
  ]),
  user('demo2-manager', '郑凯', '13600000201', [{ propertyId: 'demo-2', role: 'manager', staffNo: 'M201' }]),
];

function category(c: Omit<Category, 'feeMode' | 'visitFeeFen' | 'paid' | 'grabbable' | 'publicArea' | 'sla'> & Partial<Category>): Category {
  return {
    paid: false,
    feeMode: 'free',
    visitFeeFen: 0,
    grabbable: false,
    publicArea: false,
    sla: SLA_SAME_DAY,
    ...c,
  };
}

function categoriesOf(propertyId: string, prefix: string, engTeam: string, serviceTeam: string): Category[] {
  const id = (s: string): string => `${prefix}-${s}`;
  return [
    category({ id: id('water'), propertyId, name: '水电维修', kind: 'repair', teamId: engTeam, sort: 10 }),
    category({ id: id('water-leak'), propertyId, name: '水管漏水', parentId: id('water'), kind: 'repair', teamId: engTeam, grabbable: true, skill: '水电', sort: 11 }),
    category({ id: id('water-power'), propertyId, name: '电路跳闸', parentId: id('water'), kind: 'repair', teamId: engTeam, grabbable: true, skill: '水电', sort: 12 }),
    category({ id: id('appliance'), propertyId, name: '家电维修', kind: 'repair', teamId: engTeam, paid: true, feeMode: 'after_service', sort: 20 }),
    category({
      id: id('appliance-ac'), propertyId, name: '空调维修', parentId: id('appliance'), kind: 'repair', teamId: engTeam,
      paid: true, feeMode: 'after_service', visitFeeFen: 3000, skill: '家电', sort: 21,
    }),
    category({ id: id('public'), propertyId, name: '公区维修', kind: 'repair', teamId: engTeam, publicArea: true, sla: SLA_PUBLIC, sort: 30 }),
    category({
      id: id('public-light'), propertyId, name: '楼道照明', parentId: id('public'), kind: 'repair', teamId: engTeam,
      publicArea: true, grabbable: true, skill: '公区', sla: SLA_PUBLIC, sort: 31,
    }),
    category({ id: id('complaint'), propertyId, name: '投诉', kind: 'matter', teamId: serviceTeam, sla: SLA_MATTER, sort: 40 }),
    category({ id: id('suggestion'), propertyId, name: '建议', kind: 'matter', teamId: serviceTeam, sla: SLA_MATTER, sort: 41 }),
  ];
}

const categories: Category[] = [
  ...categoriesOf('demo', 'demo', 'demo-team-eng', 'demo-team-service'),
  ...categoriesOf('demo-2', 'demo2', 'demo2-team-eng', 'demo2-team-eng'),
];

function material(propertyId: string, id: string, category: string, name: string, spec: string, unit: string, price: number, stock: number): Material {
  return { id, propertyId, category, name, spec, unit, price, stock };
}

const materials: Material[] = [
  material('demo', 'demo-mat-led', '电料', 'LED灯泡', '9W E27', '个', 1500, 50),
  material('demo', 'demo-mat-breaker', '电料', '空气开关', 'DZ47 2P 32A', '个', 4500, 20),
  material('demo', 'demo-mat-wire', '电料', '电线', 'BV 2.5mm²', '米', 350, 300),
  material('demo', 'demo-mat-sealant', '化料', '玻璃胶', '300ml 中性', '支', 2500, 30),
  material('demo', 'demo-mat-pipe', '水料', 'PPR水管', 'DN20', '米', 800, 100),
  material('demo', 'demo-mat-faucet', '水料', '水龙头', '铜 4分', '个', 6800, 15),
  material('demo', 'demo-mat-tape', '水料', '生料带', '20m', '卷', 200, 200),
  material('demo', 'demo-mat-fill-valve', '卫生', '马桶进水阀', '通用型', '套', 3500, 2),
  material('demo', 'demo-mat-hinge', '五金', '不锈钢合页', '4寸', '片', 600, 40),
  material('demo', 'demo-mat-lock', '五金', '门锁锁芯', 'C级', '个', 12000, 0),
  material('demo-2', 'demo2-mat-led', '电料', 'LED灯泡', '9W E27', '个', 1500, 30),
  material('demo-2', 'demo2-mat-tape', '水料', '生料带', '20m', '卷', 200, 100),
];

/** 服务项设置 (seed 001): priced items the technician picks in the completion form. */
const serviceItems: ServiceItemSetting[] = [
  { id: 'demo-svc-unclog', propertyId: 'demo', name: '管道疏通', price: 5000, unit: '次', sort: 10, disabled: false },
  { id: 'demo-svc-height', propertyId: 'demo', name: '高空作业', price: 2000, unit: '次', sort: 20, disabled: false },
  { id: 'demo-svc-haul', propertyId: 'demo', name: '垃圾清运', price: 3000, unit: '次', sort: 30, disabled: false },
  { id: 'demo-svc-old', propertyId: 'demo', name: '旧件回收', price: 1000, unit: '件', sort: 40, disabled: true },
];

/** Every day of the week, three windows of three places: the schedule of every bookable repair. */
const REPAIR_SCHEDULE: SlotSchedule = {
  windows: [
    { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '11:00', capacity: 3 },
    { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '14:00', end: '16:00', capacity: 3 },
    { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '16:00', end: '17:30', capacity: 3 },
  ],
};

/** Repairs of a second level take appointments; parents and matters do not. */
const scheduled = (c: Category): Category => (c.kind === 'repair' && c.parentId ? { ...c, schedule: REPAIR_SCHEDULE } : c);

// Stored times are ISO strings (UTC), the same shape the API returns, and they sort as text.
function withIds<T extends { id: string }>(items: T[], now: Date): Doc[] {
  return items.map((item) => ({ _id: item.id, ...item, createdAt: now.toISOString(), updatedAt: now.toISOString() }));
}

export function demoSeed(now: Date): Record<string, Doc[]> {
  return {
    properties: withIds(properties, now),
    teams: withIds(teams, now),
    users: users.map((u) => ({ _id: u.openid, ...u, createdAt: now.toISOString(), updatedAt: now.toISOString() })),
    categories: withIds(categories.map(scheduled), now),
    materials: withIds(materials, now),
    service_items: withIds(serviceItems, now),
  };
}
