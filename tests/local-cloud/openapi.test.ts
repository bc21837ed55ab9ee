/**
 * WeChat open APIs (wx.openApi: multipart + protobuf) through the real wx-server-sdk, from a cloud
 * function and from the test process: subscribe messages with grants, content checks, phone number,
 * injected errcodes.
 */
import path from 'node:path';
import { DEFAULT_TEST_NOW, callFunction, initSdk, localGet, localPost, ROOT, startLocalCloudProcess, type LocalCloudProcess, type WxServerSdk } from '../support/local-cloud';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'functions');

interface Sent {
  touser: string;
  templateId: string;
  page: string | null;
  data: unknown;
  miniprogramState: string | null;
  sentAt: string;
}
type SenderResult = { ok: true; res: Record<string, unknown> } | { ok: false; errCode: number; errMsg: string };

let cloud: LocalCloudProcess;
let sdk: WxServerSdk;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty', functionsDir: FIXTURES });
  sdk = initSdk(cloud.url);
});
afterAll(async () => {
  await cloud.stop();
});
beforeEach(async () => {
  await localPost(cloud.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
});

const send = (openid: string, templateId: string, text?: string) =>
  callFunction<SenderResult>(cloud.url, 'sender', openid, { templateId, ...(text ? { text } : {}) });
const messages = (touser: string) => localGet<Sent[]>(cloud.url, `messages?touser=${encodeURIComponent(touser)}`);
const subscribe = (openid: string, templateIds: string[]) =>
  localPost<{ ok: boolean; grants: Record<string, number> }>(cloud.url, 'subscribe', { openid, templateIds });

describe('subscribeMessage.send', () => {
  it('fails with 43101 when the user granted nothing', async () => {
    const res = await send('u1', 'TPL_ACCEPTED');
    expect(res.body).toMatchObject({ ok: false, errCode: 43101 });
    expect(await messages('u1')).toEqual([]);
  });

  it('sends with a grant, records the message, and one grant is one send', async () => {
    expect(await subscribe('u1', ['TPL_ACCEPTED', 'TPL_DONE'])).toEqual({ ok: true, grants: { TPL_ACCEPTED: 1, TPL_DONE: 1 } });
    await localPost(cloud.url, 'time', { now: '2026-05-01T10:00:00+08:00' });

    const first = await send('u1', 'TPL_ACCEPTED', '第一条');
    expect(first.body).toMatchObject({ ok: true, res: { errCode: 0 } });
    const second = await send('u1', 'TPL_ACCEPTED', '第二条');
    expect(second.body).toMatchObject({ ok: false, errCode: 43101 });

    const sent = await messages('u1');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      touser: 'u1',
      templateId: 'TPL_ACCEPTED',
      page: 'pages/index/index',
      data: { thing1: { value: '第一条' } },
      miniprogramState: 'developer',
    });
    expect(Math.abs(Date.parse(sent[0].sentAt) - Date.parse('2026-05-01T10:00:00+08:00'))).toBeLessThan(5_000);
    // the other template's grant is untouched
    expect((await subscribe('u2', [])).grants).toEqual({});
    expect(await localGet(cloud.url, 'messages?touser=u2')).toEqual([]);
  });

  it('adds one send per template with each grant, and lists messages newest last', async () => {
    await subscribe('u1', ['T']);
    await subscribe('u1', ['T']);
    expect((await send('u1', 'T', 'a')).body.ok).toBe(true);
    expect((await send('u1', 'T', 'b')).body.ok).toBe(true);
    expect((await send('u1', 'T', 'c')).body.ok).toBe(false);
    expect((await messages('u1')).map((m) => (m.data as { thing1: { value: string } }).thing1.value)).toEqual(['a', 'b']);
  });

  it('answers an injected errcode (45009) without using the grant', async () => {
    await subscribe('u1', ['T']);
    await localPost(cloud.url, 'faults', { openapi: { 'subscribeMessage.send': 45009 } });
    expect((await send('u1', 'T')).body).toMatchObject({ ok: false, errCode: 45009 });
    await localPost(cloud.url, 'faults', {});
    expect((await send('u1', 'T')).body).toMatchObject({ ok: true });
  });

  it('works from the test process too, to any touser', async () => {
    await subscribe('u3', ['T']);
    const res = await sdk.openapi.subscribeMessage.send({ touser: 'u3', templateId: 'T', data: { thing1: { value: 'x' } } });
    expect(res).toMatchObject({ errCode: 0 });
    await expect(sdk.openapi.subscribeMessage.send({ touser: 'u3', templateId: 'T', data: {} })).rejects.toMatchObject({ errCode: 43101 });
  });

  it('forgets grants and messages on reset', async () => {
    await subscribe('u1', ['T']);
    await send('u1', 'T');
    await localPost(cloud.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
    expect(await messages('u1')).toEqual([]);
    expect((await send('u1', 'T')).body).toMatchObject({ ok: false, errCode: 43101 });
  });
});

describe('security checks', () => {
  it('msgSecCheck v2 passes normal text and flags risky words', async () => {
    const pass = await callFunction<SenderResult>(cloud.url, 'sender', 'u1', { check: '楼道灯坏了，请尽快维修' });
    expect(pass.body).toMatchObject({ ok: true, res: { errCode: 0, result: { suggest: 'pass', label: 100 } } });
    const risky = await callFunction<SenderResult>(cloud.url, 'sender', 'u1', { check: '这里有违禁词' });
    expect(risky.body).toMatchObject({ ok: true, res: { errCode: 0, result: { suggest: 'risky' } } });
  });

  it('msgSecCheck v1 answers 87014 for risky text', async () => {
    await expect(sdk.openapi.security.msgSecCheck({ content: '违禁词' })).rejects.toMatchObject({ errCode: 87014 });
    await expect(sdk.openapi.security.msgSecCheck({ content: 'hello' })).resolves.toMatchObject({ errCode: 0 });
  });

  it('imgSecCheck passes an image unless it carries the risky marker', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await expect(sdk.openapi.security.imgSecCheck({ media: { contentType: 'image/png', value: png } })).resolves.toMatchObject({ errCode: 0 });
    const marked = Buffer.concat([png, Buffer.from('LOCAL-CLOUD-RISKY-IMAGE')]);
    await expect(sdk.openapi.security.imgSecCheck({ media: { contentType: 'image/png', value: marked } })).rejects.toMatchObject({
      errCode: 87014,
    });
  });
});

describe('other apis', () => {
  it('getPhoneNumber answers the number a "phone:<11 digits>" code names', async () => {
    const chosen = await sdk.openapi.phonenumber.getPhoneNumber({ code: 'phone:13912345678' });
    expect(chosen).toMatchObject({
      errCode: 0,
      phoneInfo: { phoneNumber: '13912345678', purePhoneNumber: '13912345678', countryCode: '86', watermark: { appid: expect.any(String) } },
    });
  });

  it('getPhoneNumber refuses any other code with 40029, as WeChat refuses a code it never issued', async () => {
    for (const code of ['abc', 'phone:1391234567', 'phone:23912345678', 'phone:13912345678x', '']) {
      await expect(sdk.openapi.phonenumber.getPhoneNumber({ code })).rejects.toMatchObject({ errCode: 40029 });
    }
  });

  it('answers an injected errcode for any api, and -604100 for an api it does not have', async () => {
    await localPost(cloud.url, 'faults', { openapi: { 'security.msgSecCheck': 45009 } });
    await expect(sdk.openapi.security.msgSecCheck({ content: 'hello', version: 2 })).rejects.toMatchObject({ errCode: 45009 });
    await localPost(cloud.url, 'faults', {});
    await expect(sdk.openapi.wxacode.getUnlimited({ scene: 'x' })).rejects.toMatchObject({ errCode: -604100 });
  });
});
