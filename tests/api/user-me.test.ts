import { callFunction, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import type { ApiResponse, Me } from '../../typings/api';

let cloud: LocalCloudProcess;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
});
afterAll(async () => {
  await cloud.stop();
});

const me = (openid: string | undefined, body: unknown = { action: 'user.me', payload: {} }) =>
  callFunction<ApiResponse<Me>>(cloud.url, 'api', openid, body);

describe('user.me through local-cloud and the real wx-server-sdk', () => {
  it('tells the manager who they are and that they manage 示范小区', async () => {
    const res = await me('demo-manager');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      data: {
        openid: 'demo-manager',
        name: '刘洋',
        phone: '13600000001',
        roles: [{ propertyId: 'demo', propertyName: '示范小区', role: 'manager' }],
        // the folder their uploads go to, named by a hash: never the openid itself
        uploadDir: expect.stringMatching(/^u\/[0-9a-f]{20}$/),
      },
    });
  });

  it('names the team of a technician', async () => {
    const res = await me('demo-tech-1');
    expect(res.body).toMatchObject({
      ok: true,
      data: { roles: [{ propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', teamName: '工程部' }] },
    });
  });

  it('keeps properties apart: a demo-2 manager sees only demo-2', async () => {
    const res = await me('demo2-manager');
    expect(res.body.ok && res.body.data.roles).toEqual([{ propertyId: 'demo-2', propertyName: '示范二区', role: 'manager' }]);
  });

  it('answers an unregistered WeChat user with no roles, not an error', async () => {
    const res = await me('o-someone-new');
    expect(res.body).toEqual({ ok: true, data: { openid: 'o-someone-new', name: '', phone: '', roles: [], uploadDir: expect.stringMatching(/^u\//) } });
  });

  it('refuses a call without a WeChat identity', async () => {
    const res = await me(undefined);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('takes identity only from WeChat, never from the payload', async () => {
    const res = await me('demo-resident', { action: 'user.me', payload: { openid: 'demo-manager' } });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { 'payload.openid': 'unknown field' } } });
  });

  it('names the field of a bad envelope', async () => {
    expect((await me('demo-resident', { action: 'user.nope', payload: {} })).body).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', fields: { action: 'unknown action' } },
    });
    expect((await me('demo-resident', { action: 42 })).body).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', fields: { action: expect.any(String) } },
    });
    expect((await me('demo-resident', { action: 'user.me', payload: { $gt: '' } })).body).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', fields: { 'payload.$gt': 'unknown field' } },
    });
  });

  it('reads the database at most 3 times (user, then properties and teams together)', async () => {
    const res = await me('demo-tech-1');
    expect(res.dbRequests).toBeGreaterThan(0);
    expect(res.dbRequests).toBeLessThanOrEqual(3);
  });
});
