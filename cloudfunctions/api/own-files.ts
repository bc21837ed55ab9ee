/** Refuses a payload that attaches files the caller did not upload (core/files/ownership). */
import { fail } from '../core/errors';
import { foreignFiles } from '../core/files/ownership';

export function assertOwnFiles(openid: string, files: Record<string, readonly string[] | string | undefined>, kept?: ReadonlySet<string>): void {
  const foreign = foreignFiles(openid, files, kept);
  if (Object.keys(foreign).length) fail('INVALID_ARGUMENT', '只能附上您本人上传的图片，请重新上传', foreign);
}
