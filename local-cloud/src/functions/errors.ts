/**
 * How CloudBase reports failed invocations. Numbers are the ones a WeChat caller sees
 * (`wx.cloud.callFunction` errCode); `sdkCode` is the code name the admin API answers to
 * node-sdk, which wx-server-sdk turns into a number through its TCB_ERR_CODE table
 * (FUNCTIONS_EXECUTE_FAIL → -504002; names it does not know → -501001).
 */
export interface InvokeFailure {
  errCode: number;
  errMsg: string;
  sdkCode: string;
}

/** user code threw or rejected */
export const EXECUTE_FAIL = -504002;
/** the invocation ran past the function's timeout */
export const TIMED_OUT = -504003;
/** no function of that name is deployed */
export const NOT_FOUND = -501000;

export function executeFailed(message: string): InvokeFailure {
  return { errCode: EXECUTE_FAIL, errMsg: message, sdkCode: 'FUNCTIONS_EXECUTE_FAIL' };
}

export function timedOut(timeoutSeconds: number): InvokeFailure {
  // The SCF runtime's wording; through the admin API node-sdk only knows FUNCTIONS_EXECUTE_FAIL.
  return { errCode: TIMED_OUT, errMsg: `Invoking task timed out after ${timeoutSeconds} seconds`, sdkCode: 'FUNCTIONS_EXECUTE_FAIL' };
}

export function crashed(detail: string): InvokeFailure {
  return { errCode: EXECUTE_FAIL, errMsg: `Runtime exited unexpectedly: ${detail}`, sdkCode: 'FUNCTIONS_EXECUTE_FAIL' };
}

export function notFound(name: string): InvokeFailure {
  return {
    errCode: NOT_FOUND,
    errMsg: `[ResourceNotFound.Function] FunctionName not found: ${name}`,
    sdkCode: 'ResourceNotFound.Function',
  };
}
