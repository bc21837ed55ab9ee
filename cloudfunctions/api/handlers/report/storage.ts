/**
 * Cloud storage as report.export uses it, through wx-server-sdk: `uploadFile` (getUploadMetadata,
 * then a PUT of the bytes) and `getTempFileURL` (batchGetDownloadUrl). The SDK is loaded on first
 * use: the registry (and so this module) is also loaded by the API reference generator.
 */

type Sdk = ReturnType<typeof import('../../../runtime/cloud').getCloud>;

async function sdk(): Promise<Sdk> {
  const { getCloud } = await import('../../../runtime/cloud');
  return getCloud();
}

/** Stores `bytes` at `cloudPath` (replacing what was there) and answers its cloud:// file ID. */
export async function uploadFile(cloudPath: string, bytes: Buffer): Promise<string> {
  const { fileID } = await (await sdk()).uploadFile({ cloudPath, fileContent: bytes });
  if (!fileID) throw new Error(`uploadFile ${cloudPath}: no fileID`);
  return fileID;
}

/** A download URL anyone holding it may use for `maxAgeSeconds`. */
export async function tempFileUrl(fileID: string, maxAgeSeconds: number): Promise<string> {
  const call = (await sdk()).getTempFileURL({ fileList: [{ fileID, maxAge: maxAgeSeconds }] });
  if (!call) throw new Error('getTempFileURL returned no promise');
  const item = (await call).fileList[0];
  if (!item?.tempFileURL || item.status !== 0) throw new Error(`getTempFileURL ${fileID}: ${item?.status} ${item?.errMsg}`);
  return item.tempFileURL;
}
