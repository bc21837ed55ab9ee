/**
 * CloudBase answers a failed database call with HTTP 200 and a top-level `code` + `message`.
 * wx-server-sdk maps the known code names to numbers (DATABASE_COLLECTION_NOT_EXIST → -502005,
 * DATABASE_REQUEST_FAILED → -502001…); unknown names become -501001. runTransaction in
 * @cloudbase/database retries a commit that fails with DATABASE_TRANSACTION_CONFLICT.
 */
import { randomBytes } from 'node:crypto';

export type DbErrorCode =
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'INVALID_PARAM'
  | 'INVALID_ACTION';

/** Thrown inside the database; turned into an error body by DocumentDatabase.handle. */
export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function requestId(): string {
  return randomBytes(8).toString('hex');
}

export function errorBody(code: string, message: string): Record<string, unknown> {
  return { code, message, requestId: requestId() };
}

export const collectionMissing = (name: string): DbError =>
  new DbError('DATABASE_COLLECTION_NOT_EXIST', `[ResourceNotFound] Db or Table not exist: ${name}`);

export const duplicateKey = (collection: string, index: string, key: string): DbError =>
  new DbError(
    'DATABASE_REQUEST_FAILED',
    `[FailedOperation] E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}`,
  );

export const transactionConflict = (detail: string): DbError =>
  new DbError('DATABASE_TRANSACTION_CONFLICT', `[TransactionConflict] ${detail}`);

export const injectedFault = (): DbError =>
  new DbError('DATABASE_REQUEST_FAILED', '[InternalError] injected write failure (local-cloud fault)');
