/**
 * Whose upload a file is. CloudBase's storage takes the path from the uploading client, and its
 * rules let only the creator write a file, so a path under a person's own folder can only hold what
 * they uploaded. A payload may therefore attach a file only from the caller's folder: nobody can
 * put another resident's photo (its fileID seen on a shared order, say) on an order of theirs.
 *
 * The folder is named by a hash of the openid rather than the openid itself: fileIDs are shown to
 * everyone on an order, and an openid is a person's identifier in this mini-program.
 */
import { createHash } from 'node:crypto';

/** `u/<20 hex>`: where a person's uploads go (user.me tells the mini-program). */
export function uploadDirOf(openid: string): string {
  return `u/${createHash('sha256').update(`baoxiu-upload:${openid}`).digest('hex').slice(0, 20)}`;
}

/** The path inside the bucket of a `cloud://<env>.<bucket>/<path>` file ID; undefined when it has none. */
export function pathOf(fileId: string): string | undefined {
  const rest = fileId.startsWith('cloud://') ? fileId.slice('cloud://'.length) : undefined;
  const slash = rest?.indexOf('/') ?? -1;
  return rest !== undefined && slash > 0 ? rest.slice(slash + 1) : undefined;
}

export function ownsFile(openid: string, fileId: string): boolean {
  const path = pathOf(fileId);
  // '..' could climb out of the folder on a store that resolves paths
  return !!path && path.startsWith(`${uploadDirOf(openid)}/`) && !path.split('/').includes('..');
}

/**
 * The payload's files the caller did not upload, by field (`payload.photos.1` → why). `kept`: files
 * already on the record being replaced (a correction keeps the photos someone else took).
 */
export function foreignFiles(openid: string, files: Record<string, readonly string[] | string | undefined>, kept: ReadonlySet<string> = new Set()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(files)) {
    if (value === undefined) continue;
    const list = typeof value === 'string' ? [[field, value] as const] : value.map((v, i) => [`${field}.${i}`, v] as const);
    for (const [name, fileId] of list) if (!kept.has(fileId) && !ownsFile(openid, fileId)) out[`payload.${name}`] = 'not a file you uploaded';
  }
  return out;
}
