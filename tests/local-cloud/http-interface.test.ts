import { DEFAULT_TEST_NOW, callFunction, initSdk, localGet, localPost, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';

let cloud: LocalCloudProcess;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
});
afterAll(async () => {
  await cloud.stop();
});

const me = (openid: string) => callFunction<{ ok: boolean; data?: { roles: unknown[] } }>(cloud.url, 'api', openid, { action: 'user.me', payload: {} });

describe('local-cloud HTTP interface', () => {
  it('reports health with the clock it was started at (--now) and the deployed functions', async () => {
    const health = await localGet<{ ok: boolean; now: string; functions: string[] }>(cloud.url, 'health');
    expect(health.ok).toBe(true);
    expect(health.functions).toContain('api');
    // the clock runs on from --now at real speed; the test has not been running for a minute
    expect(Date.parse(health.now) - Date.parse(DEFAULT_TEST_NOW)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(health.now) - Date.parse(DEFAULT_TEST_NOW)).toBeLessThan(60_000);
  });

  it('reseeds at a given moment: the clock is set before the seed is written', async () => {
    const reset = await localPost<{ ok: boolean; now: string }>(cloud.url, 'reset', { seed: 'demo', now: '2027-03-01T08:00:00+08:00' });
    expect(reset.ok).toBe(true);
    expect(Date.parse(reset.now) - Date.parse('2027-03-01T08:00:00+08:00')).toBeLessThan(2_000);
    const { data } = (await initSdk(cloud.url).database().collection('users').doc('demo-resident').get()) as unknown as { data: { createdAt: string } };
    expect(Date.parse(data.createdAt) - Date.parse('2027-03-01T08:00:00+08:00')).toBeLessThan(2_000);
    const bad = await fetch(`${cloud.url}/_local/reset`, { method: 'POST', body: JSON.stringify({ seed: 'demo', now: 'soon' }) });
    expect(bad.status).toBe(400);
  });

  it('moves the clock by an ISO time or by minutes', async () => {
    const set = await localPost<{ now: string }>(cloud.url, 'time', { now: '2026-12-01T08:59:00+08:00' });
    expect(Date.parse(set.now) - Date.parse('2026-12-01T08:59:00+08:00')).toBeLessThan(2_000);
    const later = await localPost<{ now: string }>(cloud.url, 'time', { advanceMinutes: 90 });
    expect(Date.parse(later.now) - Date.parse('2026-12-01T10:29:00+08:00')).toBeLessThan(2_000);
    const read = await localGet<{ now: string }>(cloud.url, 'time');
    expect(Date.parse(read.now)).toBeGreaterThanOrEqual(Date.parse(later.now));
  });

  it('refuses a clock setting it cannot read', async () => {
    const res = await fetch(`${cloud.url}/_local/time`, { method: 'POST', body: JSON.stringify({ now: 'tomorrow' }) });
    expect(res.status).toBe(400);
  });

  it('counts database requests per invocation in the response header and in stats', async () => {
    const res = await me('demo-manager');
    expect(res.dbRequests).toBeGreaterThanOrEqual(1);
    const stats = await localGet<{ invocations: { functionName: string; action?: string; openid?: string; dbRequests: number }[] }>(cloud.url, 'stats');
    const last = stats.invocations[stats.invocations.length - 1];
    expect(last).toMatchObject({ functionName: 'api', action: 'user.me', openid: 'demo-manager', dbRequests: res.dbRequests });
  });

  it('injects and clears faults', async () => {
    expect(await localPost(cloud.url, 'faults', { latencyMs: 5, openapi: { 'subscribeMessage.send': 45009 } })).toEqual({
      latencyMs: 5,
      openapi: { 'subscribeMessage.send': 45009 },
    });
    expect(await localPost(cloud.url, 'faults', {})).toEqual({});
  });

  it('resets to an empty database and back to the demo seed', async () => {
    await localPost(cloud.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
    expect((await me('demo-manager')).body).toMatchObject({ ok: true, data: { roles: [] } });
    await localPost(cloud.url, 'reset', { seed: 'demo', now: DEFAULT_TEST_NOW });
    expect((await me('demo-manager')).body).toMatchObject({ ok: true, data: { roles: [{ propertyId: 'demo', role: 'manager' }] } });
  });

  it('answers an unknown local route with 404', async () => {
    const res = await fetch(`${cloud.url}/_local/nothing-here`);
    expect(res.status).toBe(404);
  });
});
