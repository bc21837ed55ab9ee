/**
 * CloudBase file IDs: cloud://<env>.<bucket>/<path>. One bucket per env here; its name has the
 * shape of a real one (hex prefix, env, app id) so code that splits file IDs sees familiar parts.
 */
export function bucketName(env: string): string {
  const hex = Buffer.from(env.slice(0, 2)).toString('hex');
  return `${hex}-${env}-1250000000`;
}

export function formatFileId(env: string, cloudPath: string): string {
  return `cloud://${env}.${bucketName(env)}/${cloudPath}`;
}

/** The cloud path inside this env's bucket, or undefined for a file ID that is not ours. */
export function parseFileId(env: string, fileId: string): string | undefined {
  const prefix = `cloud://${env}.${bucketName(env)}/`;
  if (!fileId.startsWith(prefix)) return undefined;
  const cloudPath = fileId.slice(prefix.length);
  return isValidCloudPath(cloudPath) ? cloudPath : undefined;
}

/** Like COS keys: non-empty, no leading slash, no empty or dot segments. */
export function isValidCloudPath(cloudPath: string): boolean {
  if (!cloudPath || cloudPath.length > 850 || cloudPath.startsWith('/')) return false;
  return cloudPath.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
