/**
 * POST /_local/upload: the mini-program's wx.cloud.uploadFile in local mode. The file is stored
 * with its uploader and read back through the storage the real wx-server-sdk uses.
 */
import { DEFAULT_TEST_NOW, initSdk, localGet, localPost, startLocalCloudProcess, type LocalCloudProcess, type WxServerSdk } from '../support/local-cloud';

let cloud: LocalCloudProcess;
let sdk: WxServerSdk;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty' });
  sdk = initSdk(cloud.url);
});
afterAll(async () => {
  await cloud.stop();
});
beforeEach(async () => {
  await localPost(cloud.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
});

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3, 0xff, 0xd9]);

async function upload(cloudPath: string | undefined, bytes: Buffer, openid?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (openid) headers['x-wx-openid'] = openid;
  const query = cloudPath === undefined ? '' : `?cloudPath=${encodeURIComponent(cloudPath)}`;
  const res = await fetch(`${cloud.url}/_local/upload${query}`, { method: 'POST', headers, body: bytes });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /_local/upload', () => {
  it('stores the bytes as a cloud:// file the SDK reads, with the uploader recorded', async () => {
    const up = await upload('orders/draft/厨房 1.jpg', jpeg, 'demo-resident');
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ fileID: expect.stringMatching(/^cloud:\/\/local\.[\w-]+\/orders\/draft\/厨房 1\.jpg$/) });
    const fileID = up.body.fileID as string;

    const down = await sdk.downloadFile({ fileID });
    expect(Buffer.compare(down.fileContent, jpeg)).toBe(0);
    const urls = await sdk.getTempFileURL({ fileList: [fileID] });
    const item = urls?.fileList[0];
    expect(item).toMatchObject({ fileID, status: 0 });
    const res = await fetch(item!.tempFileURL);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);

    const meta = await localGet(cloud.url, `files?fileID=${encodeURIComponent(fileID)}`);
    expect(meta).toMatchObject({ fileId: fileID, uploader: 'demo-resident', size: jpeg.length, contentType: 'image/jpeg' });
  });

  it('records the last uploader when a path is uploaded again', async () => {
    const first = await upload('photos/p.png', Buffer.from('one'), 'demo-resident');
    await upload('photos/p.png', Buffer.from('two'), 'demo-resident-2');
    const fileID = first.body.fileID as string;
    expect((await sdk.downloadFile({ fileID })).fileContent.toString()).toBe('two');
    expect(await localGet(cloud.url, `files?fileID=${encodeURIComponent(fileID)}`)).toMatchObject({ uploader: 'demo-resident-2' });
  });

  it('refuses an upload without an uploader or with a bad cloud path', async () => {
    expect((await upload('photos/a.jpg', jpeg)).status).toBe(400);
    expect((await upload(undefined, jpeg, 'demo-resident')).status).toBe(400);
    for (const bad of ['/abs.jpg', 'a/../b.jpg', 'a//b.jpg', '']) {
      expect((await upload(bad, jpeg, 'demo-resident')).status).toBe(400);
    }
    expect((await fetch(`${cloud.url}/_local/files?fileID=${encodeURIComponent('cloud://local.x/photos/a.jpg')}`)).status).toBe(404);
  });

  it('forgets uploads on reset', async () => {
    const up = await upload('photos/gone.jpg', jpeg, 'demo-resident');
    await localPost(cloud.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
    const urls = await sdk.getTempFileURL({ fileList: [up.body.fileID as string] });
    expect(urls?.fileList[0]).toMatchObject({ status: -503003 });
  });
});
