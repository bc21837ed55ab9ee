/**
 * Photos in a technician's van-uploader (progress notes, the completion): compress, upload with
 * progress shown on the tile, delete. Kept in this subpackage: only technician pages use it.
 */
import { compress, uploadPhoto } from '../../services/files';

export interface PhotoItem {
  /** what <image> shows: the local temp file */
  url: string;
  /** cloud://… once uploaded */
  fileID: string;
  status: 'uploading' | 'done' | 'failed';
  message: string;
  deletable: boolean;
}

export interface UploaderFile {
  url?: string;
  tempFilePath?: string;
}

/** The page side of an uploader: where its list lives in `data` (e.g. 'photos'). */
export interface PhotoHost {
  data: Record<string, unknown>;
  setData(patch: Record<string, unknown>): void;
}

export const MAX_PHOTOS = 9;

/** van-uploader's after-read: each new file (up to the room left) is added and uploaded. */
export function addPhotos(host: PhotoHost, key: string, event: { detail: { file: UploaderFile | UploaderFile[] } }): void {
  const files = ([] as UploaderFile[]).concat(event.detail.file);
  const room = MAX_PHOTOS - photosOf(host, key).length;
  for (const file of files.slice(0, room)) {
    const path = file.url ?? file.tempFilePath;
    if (path) void uploadOne(host, key, path);
  }
}

export function deletePhoto(host: PhotoHost, key: string, index: number): void {
  host.setData({ [key]: photosOf(host, key).filter((_, i) => i !== index) });
}

/** The uploaded fileIDs, and whether any is still on its way. */
export function uploadedPhotos(host: PhotoHost, key: string): { ids: string[]; busy: boolean } {
  const list = photosOf(host, key);
  return { ids: list.filter((p) => p.status === 'done').map((p) => p.fileID), busy: list.some((p) => p.status === 'uploading') };
}

function photosOf(host: PhotoHost, key: string): PhotoItem[] {
  return (host.data[key] as PhotoItem[] | undefined) ?? [];
}

async function uploadOne(host: PhotoHost, key: string, path: string): Promise<void> {
  const index = photosOf(host, key).length;
  host.setData({ [`${key}[${index}]`]: { url: path, fileID: '', status: 'uploading', message: '压缩中', deletable: true } satisfies PhotoItem });
  // the tile may move if an earlier one is deleted meanwhile: find it by its path
  const update = (patch: Partial<PhotoItem>): void => {
    const at = photosOf(host, key).findIndex((p) => p.url === path);
    if (at < 0) return;
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) data[`${key}[${at}].${k}`] = v;
    host.setData(data);
  };
  try {
    const fileID = await uploadPhoto(await compress(path), (percent) => update({ message: `上传中 ${Math.round(percent)}%` }));
    update({ fileID, status: 'done', message: '' });
  } catch {
    update({ status: 'failed', message: '上传失败' });
  }
}
