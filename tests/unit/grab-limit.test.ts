import { CLAIM_TTL_MS, claimGrab } from '../../cloudfunctions/core/order/grab-limit';

const now = new Date('2026-11-24T02:00:00.000Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString();
const base = { orderId: 'o9', propertyId: 'demo', limit: 3, now };

describe('grab limit claims', () => {
  it('counts open orders and live claims together, each order once', () => {
    const claims = { seq: 4, claims: [{ orderId: 'o1', propertyId: 'demo', at: ago(1000) }, { orderId: 'o3', propertyId: 'demo', at: ago(1000) }] };
    const open = (...ids: string[]) => ids.map((id) => ({ id, open: true }));
    expect(claimGrab({ ...base, mine: open('o1', 'o2'), claims })).toEqual({ ok: false, held: 3 });
    expect(claimGrab({ ...base, mine: open('o1'), claims })).toMatchObject({ ok: true, next: { seq: 5 } });
  });

  it('stops counting a claim once its order is written: an order finished since frees its place', () => {
    const claims = { seq: 4, claims: [{ orderId: 'o1', propertyId: 'demo', at: ago(1000) }, { orderId: 'o2', propertyId: 'demo', at: ago(1000) }] };
    const mine = [{ id: 'o1', open: false }, { id: 'o2', open: true }, { id: 'o3', open: true }];
    expect(claimGrab({ ...base, mine, claims })).toMatchObject({ ok: true });
    expect(claimGrab({ ...base, mine: [...mine, { id: 'o4', open: true }], claims })).toEqual({ ok: false, held: 3 });
  });

  it('forgets expired claims and claims of other properties', () => {
    const claims = {
      seq: 1,
      claims: [
        { orderId: 'old', propertyId: 'demo', at: ago(CLAIM_TTL_MS + 1) },
        { orderId: 'elsewhere', propertyId: 'demo-2', at: ago(10) },
      ],
    };
    const decision = claimGrab({ ...base, mine: [{ id: 'o1', open: true }, { id: 'o2', open: true }], claims });
    expect(decision).toEqual({
      ok: true,
      next: { seq: 2, claims: [{ orderId: 'elsewhere', propertyId: 'demo-2', at: ago(10) }, { orderId: 'o9', propertyId: 'demo', at: now.toISOString() }] },
    });
  });

  it('a retried grab of the same order does not count against itself', () => {
    const claims = { seq: 7, claims: [{ orderId: 'o9', propertyId: 'demo', at: ago(5) }] };
    expect(claimGrab({ ...base, mine: [{ id: 'o1', open: true }, { id: 'o2', open: true }], claims })).toMatchObject({ ok: true, next: { seq: 8 } });
  });

  it('starts from nothing for a technician who never grabbed', () => {
    expect(claimGrab({ ...base, mine: [], claims: undefined })).toEqual({
      ok: true,
      next: { seq: 1, claims: [{ orderId: 'o9', propertyId: 'demo', at: now.toISOString() }] },
    });
  });
});
