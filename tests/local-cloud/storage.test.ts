/**
 * Cloud storage through the real wx-server-sdk: uploadFile → getTempFileURL → GET the bytes,
 * downloadFile, deleteFile, temp URL expiry on local-cloud's clock.
 */
import { rmSync } from 'node:fs';
import type { ICloud } from 'wx-server-sdk';
import { DEFAULT_TEST_NOW, initSdk, localPost, startLocalCloudProcess, type LocalCloudProcess, type WxServerSdk } from '../support/local-cloud';

let cloud: LocalCloudProcess;
let sdk: WxServerSdk;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty' });
  sdk = initSdk(cloud.url);
});
afterAll(async () => {
  await cloud.stop();
  // the restart test hands the data folder to a second process, which does not own it
  rmSync(cloud.dataDir, { recursive: true, force: true });
});

async function tempUrls(fileList: ICloud.GetTempFileURLParam['fileList']): Promise<ICloud.GetTempFileURLResultItem[]> {
  const res = await sdk.getTempFileURL({ fileList });
  if (!res) throw new Error('getTempFileURL returned nothing');
  return res.fileList;
}

describe('storage', () => {
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255, 254]);

  it('uploads, hands out a temp URL that serves the same bytes, and downloads', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'orders/o-1/photo 1.png', fileContent: bytes });
    expect(up.fileID).toMatch(/^cloud:\/\/local\.[\w-]+\/orders\/o-1\/photo 1\.png$/);

    const [item] = await tempUrls([up.fileID]);
    expect(item).toMatchObject({ fileID: up.fileID, status: 0 });
    const res = await fetch(item.tempFileURL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);

    const down = await sdk.downloadFile({ fileID: up.fileID });
    expect(Buffer.compare(down.fileContent, bytes)).toBe(0);
  });

  it('overwrites a path with new bytes', async () => {
    const first = await sdk.uploadFile({ cloudPath: 'reports/r.csv', fileContent: Buffer.from('a,b\n1,2\n') });
    const second = await sdk.uploadFile({ cloudPath: 'reports/r.csv', fileContent: Buffer.from('a,b\n3,4\n') });
    expect(second.fileID).toBe(first.fileID);
    expect((await sdk.downloadFile({ fileID: first.fileID })).fileContent.toString()).toBe('a,b\n3,4\n');
  });

  it('answers an unknown file with a non-SUCCESS entry, next to a good one', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'x/known.txt', fileContent: Buffer.from('hi') });
    const unknown = up.fileID.replace('known.txt', 'unknown.txt');
    const list = await tempUrls([up.fileID, unknown]);
    expect(list[0]).toMatchObject({ fileID: up.fileID, status: 0 });
    expect(list[1]).toMatchObject({ fileID: unknown, status: -503003, tempFileURL: '' });
  });

  it('expires temp URLs after max_age on the local clock', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'x/short.txt', fileContent: Buffer.from('short-lived') });
    const [item] = await tempUrls([{ fileID: up.fileID, maxAge: 60 }]);
    expect((await fetch(item.tempFileURL)).status).toBe(200);
    await localPost(cloud.url, 'time', { advanceMinutes: 2 });
    try {
      expect((await fetch(item.tempFileURL)).status).toBe(403);
    } finally {
      await localPost(cloud.url, 'time', { advanceMinutes: -2 });
    }
  });

  it('refuses a tampered temp URL', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'x/secret.txt', fileContent: Buffer.from('secret') });
    const [item] = await tempUrls([up.fileID]);
    expect((await fetch(item.tempFileURL.replace('secret.txt', 'short.txt'))).status).toBe(403);
  });

  it('deletes files; their temp URLs and downloads fail afterwards', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'x/gone.txt', fileContent: Buffer.from('bye') });
    const [before] = await tempUrls([up.fileID]);
    const del = await sdk.deleteFile({ fileList: [up.fileID] });
    expect(del?.fileList).toEqual([{ fileID: up.fileID, status: 0, errMsg: 'ok' }]);

    expect((await fetch(before.tempFileURL)).status).toBe(404);
    const [after] = await tempUrls([up.fileID]);
    expect(after.status).toBe(-503003);
    // node-sdk throws its own error for a non-SUCCESS entry; wx-server-sdk passes the message on
    await expect(sdk.downloadFile({ fileID: up.fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
    const again = await sdk.deleteFile({ fileList: [up.fileID] });
    expect(again?.fileList[0]).toMatchObject({ fileID: up.fileID, status: -503003 });
  });

  it('keeps files across a restart and forgets them on reset', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'x/durable.txt', fileContent: Buffer.from('still here') });
    await cloud.kill9();
    // same port: this file's SDK instance keeps the URL it was inited with
    const restarted = await startLocalCloudProcess({ dataDir: cloud.dataDir, seed: 'empty', port: cloud.port });
    try {
      expect((await sdk.downloadFile({ fileID: up.fileID })).fileContent.toString()).toBe('still here');
      await localPost(restarted.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
      const [item] = await tempUrls([up.fileID]);
      expect(item.status).toBe(-503003);
    } finally {
      cloud = restarted;
    }
  });
});
