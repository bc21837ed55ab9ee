/**
 * Photos: compress, upload with progress, and turn fileIDs into URLs an <image> can show.
 *
 * - Cloud mode: wx.cloud.uploadFile / getTempFileURL, as CloudBase documents them.
 * - Local mode: local-cloud has no client upload endpoint, so we use the storage protocol the
 *   server SDK uses (POST /admin `storage.getUploadMetadata`, then PUT the bytes to the URL it
 *   returns; `storage.batchGetDownloadUrl` for URLs). Local only, and the uploader is not
 *   recorded there: fine for trying the app, not a model for production.
 */
import { API_BASE_URL, isLocalMode } from '../config/env';
import { call } from './api';

export type Progress = (percent: number) => void;

/** wx.compressImage at quality 60: a phone photo of a leak goes from ~4 MB to a few hundred KB. */
export function compress(filePath: string): Promise<string> {
  return new Promise((resolve) => {
    wx.compressImage({
      src: filePath,
      quality: 60,
      success: (res) => resolve(res.tempFilePath),
      // an image the phone cannot compress (e.g. already small, or a GIF) goes up as it is
      fail: () => resolve(filePath),
    });
  });
}

/**
 * The person's own upload folder (user.me's uploadDir): the server attaches only files from it, so
 * nobody can put someone else's photo on an order. Photos picked together share one ask; it is not
 * kept longer, so an app whose user changes (a test's bridge, a re-login) never uploads into
 * someone else's folder.
 */
let asking: Promise<string> | undefined;
function uploadDir(): Promise<string> {
  if (!asking) {
    const ask = call('user.me', {}).then((me) => me.uploadDir);
    asking = ask;
    const done = (): void => {
      if (asking === ask) asking = undefined;
    };
    ask.then(done, done);
  }
  return asking;
}

/** Uploads one photo; resolves its fileID (cloud://…). */
export async function uploadPhoto(filePath: string, onProgress: Progress): Promise<string> {
  const ext = /\.(jpe?g|png|gif|webp)$/i.exec(filePath)?.[1]?.toLowerCase() ?? 'jpg';
  const cloudPath = `${await uploadDir()}/order-photos/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}.${ext}`;
  return isLocalMode() ? uploadLocal(filePath, cloudPath, onProgress) : uploadCloud(filePath, cloudPath, onProgress);
}

function uploadCloud(filePath: string, cloudPath: string, onProgress: Progress): Promise<string> {
  return new Promise((resolve, reject) => {
    const task = wx.cloud.uploadFile({
      cloudPath,
      filePath,
      success: (res) => resolve(res.fileID),
      fail: (err) => reject(new Error(err.errMsg)),
    });
    task.onProgressUpdate((p) => onProgress(p.progress));
  });
}

interface UploadMetadata {
  data?: { url?: string; fileId?: string };
}

async function uploadLocal(filePath: string, cloudPath: string, onProgress: Progress): Promise<string> {
  const meta = (await request('POST', `${API_BASE_URL}/admin`, { action: 'storage.getUploadMetadata', path: cloudPath })) as UploadMetadata;
  const url = meta.data?.url;
  const fileId = meta.data?.fileId;
  if (!url || !fileId) throw new Error('本地存储不可用');
  onProgress(10);
  const bytes = await readFile(filePath);
  onProgress(50);
  await request('PUT', url, bytes);
  onProgress(100);
  return fileId;
}

/**
 * The URLs of `fileIds` in their order, for a gallery (wx.previewImage takes the list); undefined
 * when there are none or they cannot be had now: a page is usable without its photos.
 */
export async function urlsInOrder(fileIds: string[]): Promise<string[] | undefined> {
  if (fileIds.length === 0) return undefined;
  try {
    const urls = await photoUrls(fileIds);
    return fileIds.map((id) => urls[id]).filter((u): u is string => !!u);
  } catch {
    return undefined;
  }
}

/** fileID → URL for <image>, for the fileIDs that have one; unknown or expired files are left out. */
export async function photoUrls(fileIds: string[]): Promise<Record<string, string>> {
  const ids = [...new Set(fileIds.filter((id) => id.startsWith('cloud://')))];
  if (ids.length === 0) return {};
  const pairs = isLocalMode() ? await localUrls(ids) : await cloudUrls(ids);
  const out: Record<string, string> = {};
  for (const { fileID, tempFileURL } of pairs) if (tempFileURL) out[fileID] = tempFileURL;
  return out;
}

async function cloudUrls(ids: string[]): Promise<{ fileID: string; tempFileURL: string }[]> {
  const res = await wx.cloud.getTempFileURL({ fileList: ids });
  return res.fileList;
}

interface DownloadList {
  data?: { download_list?: { fileID: string; tempFileURL: string }[] };
}

async function localUrls(ids: string[]): Promise<{ fileID: string; tempFileURL: string }[]> {
  const body = { action: 'storage.batchGetDownloadUrl', file_list: ids.map((fileid) => ({ fileid, max_age: 7200 })) };
  const res = (await request('POST', `${API_BASE_URL}/admin`, body)) as DownloadList;
  return res.data?.download_list ?? [];
}

function readFile(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({
      filePath,
      success: (res) => resolve(res.data as ArrayBuffer),
      fail: (err) => reject(new Error(err.errMsg)),
    });
  });
}

function request(method: 'POST' | 'PUT', url: string, data: string | Record<string, unknown> | ArrayBuffer): Promise<unknown> {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method,
      data,
      header: { 'content-type': data instanceof ArrayBuffer ? 'application/octet-stream' : 'application/json' },
      success: (res) => (res.statusCode < 300 ? resolve(res.data) : reject(new Error(`HTTP ${res.statusCode}`))),
      fail: (err) => reject(new Error(err.errMsg)),
    });
  });
}
