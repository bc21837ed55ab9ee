/**
 * The 报修台账 rows (core/report/rows.ts): one row per order, as a manager reads it — local times,
 * Chinese labels, who handled it, the deadlines missed, fees in fen for the encoders.
 */
import { LEDGER_COLUMNS, ledgerOf, localDateTime, missedDeadlines, type LedgerOrder } from '../../cloudfunctions/core/report/rows';

const NOW = new Date('2026-11-24T08:00:00Z'); // 16:00 in Shanghai
const CTX = { timezone: 'Asia/Shanghai', now: NOW, teamNames: { 'demo-eng': '工程部' } };

const base = (over: Partial<LedgerOrder> = {}): LedgerOrder => ({
  id: 'o-1',
  orderNo: '2026112400001',
  createdAt: '2026-11-24T02:05:00.000Z',
  source: 'resident',
  reporter: { openid: 'r', name: '王女士', phone: '13800000001' },
  location: { kind: 'unit', text: '1栋101 厨房', building: '1', room: '101' },
  categoryName: '水管漏水',
  urgency: 'normal',
  description: '厨房水管接头漏水',
  teamId: 'demo-eng',
  status: 'pending',
  due: { acceptBy: '2026-11-24T02:35:00.000Z', arriveBy: '2026-11-24T04:05:00.000Z', completeBy: '2026-11-25T02:05:00.000Z' },
  reopenCount: 0,
  ...over,
});

/** the row of one order as header → cell */
function rowOf(o: LedgerOrder): Record<string, unknown> {
  const ledger = ledgerOf([o], CTX);
  return Object.fromEntries(ledger.columns.map((c, i) => [c.header, ledger.rows[0][i]]));
}

describe('report rows (报修台账)', () => {
  it('has the ledger columns property companies keep, in Chinese', () => {
    const headers = LEDGER_COLUMNS.map((c) => c.header);
    for (const h of ['单号', '报修时间', '报修人', '联系电话', '房号', '类别', '内容', '处理人', '状态', '接单时间', '到场时间', '完工时间', '超时环节', '费用合计(元)', '评价(星)']) {
      expect(headers).toContain(h);
    }
    expect(new Set(headers).size).toBe(headers.length);
  });

  it('a finished order: local times, Chinese status, handler, fee in fen, rating, revisit', () => {
    const row = rowOf(
      base({
        status: 'closed',
        assignee: { id: 't2', openid: 't2', name: '李师傅', phone: '13900000002', teamId: 'demo-eng' },
        assistants: [{ id: 't1', openid: 't1', name: '张师傅', phone: '13900000001' }],
        acceptedAt: '2026-11-24T02:10:00.000Z',
        arrivedAt: '2026-11-24T03:00:00.000Z',
        completedAt: '2026-11-24T03:40:00.000Z',
        closedAt: '2026-11-24T05:00:00.000Z',
        completion: { summary: '更换水管接头并试压', workMinutes: 40 },
        fee: { labor: 5600, materials: 1100, visit: 5500, items: 0, total: 12200, payer: 'resident', paid: true },
        rating: { score: 4, comment: '师傅很专业', at: '2026-11-24T05:00:00.000Z' },
        revisit: { result: 'satisfied', by: 'd', at: '2026-11-24T06:00:00.000Z' },
      }),
    );
    expect(row).toMatchObject({
      单号: '2026112400001',
      报修时间: '2026-11-24 10:05',
      来源: '业主报修',
      报修人: '王女士',
      联系电话: '13800000001',
      房号: '1-101',
      位置: '1栋101 厨房',
      类别: '水管漏水',
      紧急程度: '普通',
      处理班组: '工程部',
      处理人: '李师傅',
      协助人: '张师傅',
      状态: '已完结',
      接单时间: '2026-11-24 10:10',
      到场时间: '2026-11-24 11:00',
      完工时间: '2026-11-24 11:40',
      结单时间: '2026-11-24 13:00',
      超时环节: null,
      '工时(分钟)': 40,
      完工说明: '更换水管接头并试压',
      '人工费(元)': 5600,
      '材料费(元)': 1100,
      '上门费(元)': 5500,
      '费用合计(元)': 12200,
      付费方: '业主',
      支付状态: '已支付',
      '评价(星)': 4,
      评价内容: '师傅很专业',
      回访: '满意',
      返修次数: 0,
    });
  });

  it('an open order: empty times and fees, its team, and the deadlines it has passed by now', () => {
    const row = rowOf(base());
    expect(row).toMatchObject({ 状态: '待派单', 处理人: null, 处理班组: '工程部', 接单时间: null, '费用合计(元)': null, 支付状态: null, '评价(星)': null });
    // 16:00: accept-by 10:35 and arrive-by 12:05 have passed, complete-by is tomorrow
    expect(row['超时环节']).toBe('接单超时、到场超时');
  });

  it('deadlines: met late, breached earlier, or passed while open; a cancelled order misses nothing after it ended', () => {
    const late = base({ status: 'in_progress', acceptedAt: '2026-11-24T02:40:00.000Z', arrivedAt: '2026-11-24T03:00:00.000Z' });
    expect(missedDeadlines(late, NOW)).toEqual(['acceptBy']);
    const breached = base({ status: 'closed', acceptedAt: '2026-11-24T02:10:00.000Z', arrivedAt: '2026-11-24T03:00:00.000Z', completedAt: '2026-11-24T03:40:00.000Z', breaches: [{ deadline: 'completeBy' }] });
    expect(missedDeadlines(breached, NOW)).toEqual(['completeBy']);
    const cancelled = base({ status: 'cancelled', cancelledAt: '2026-11-24T02:20:00.000Z' });
    expect(missedDeadlines(cancelled, NOW)).toEqual([]);
    expect(rowOf(cancelled)).toMatchObject({ 状态: '已取消', 结单时间: '2026-11-24 10:20' });
  });

  it('a public area, an urgent phone report, a fee the company pays', () => {
    const row = rowOf(
      base({
        source: 'phone',
        urgency: 'urgent',
        location: { kind: 'public', text: '3栋2单元楼道' },
        status: 'completed',
        completedAt: '2026-11-24T03:00:00.000Z',
        fee: { labor: 0, materials: 350, visit: 0, items: 0, total: 350, payer: 'company', paid: false },
      }),
    );
    expect(row).toMatchObject({ 来源: '电话', 紧急程度: '紧急', 房号: '公共区域', 位置: '3栋2单元楼道', 状态: '待评价', 付费方: '公司', 支付状态: '公司承担', '费用合计(元)': 350 });
  });

  it('oldest report first, each order once; an unknown team shows its id', () => {
    const a = base({ id: 'a', orderNo: '2026112400002', createdAt: '2026-11-24T03:00:00.000Z', teamId: 'gone' });
    const b = base({ id: 'b', orderNo: '2026112400001', createdAt: '2026-11-24T02:00:00.000Z' });
    const ledger = ledgerOf([a, b, a], CTX);
    expect(ledger.rows.map((r) => r[0])).toEqual(['2026112400001', '2026112400002']);
    expect(ledger.rows[1][LEDGER_COLUMNS.findIndex((c) => c.header === '处理班组')]).toBe('gone');
  });

  it('local times follow the property zone, across midnight', () => {
    expect(localDateTime('2026-11-24T16:30:00.000Z', 'Asia/Shanghai')).toBe('2026-11-25 00:30');
    expect(localDateTime('2026-11-24T16:30:00.000Z', 'Europe/London')).toBe('2026-11-24 16:30');
    expect(localDateTime(undefined, 'Asia/Shanghai')).toBeNull();
  });
});
