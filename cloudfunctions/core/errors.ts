import type { ApiError, ErrorCode } from '../../typings/api';

/**
 * An expected failure with a contract error code. Handlers raise it; the router turns it into
 * `{ ok: false, error }`, so an expected failure never escapes as a crash.
 */
export class ApiFailure extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, 'INTERNAL'>,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  toError(): ApiError {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

export const fail = (code: Exclude<ErrorCode, 'INTERNAL'>, message: string, fields?: Record<string, string>): never => {
  throw new ApiFailure(code, message, fields);
};
