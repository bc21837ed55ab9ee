import cloud from 'wx-server-sdk';

let initialized = false;

/** wx-server-sdk, initialized once per instance for the environment the function runs in. */
export function getCloud(): typeof cloud {
  if (!initialized) {
    // DYNAMIC_CURRENT_ENV is a symbol the SDK resolves to the calling environment; its typings say string.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialized = true;
  }
  return cloud;
}

export type Database = ReturnType<(typeof cloud)['database']>;

/** The caller's openid as WeChat injected it; never taken from the payload. */
export function callerOpenid(): string | undefined {
  const openid = getCloud().getWXContext().OPENID;
  return typeof openid === 'string' && openid ? openid : undefined;
}
