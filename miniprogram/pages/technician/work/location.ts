/**
 * Where the technician is, for 签到 — optional: a refused permission, no GPS in a basement or a
 * slow fix must never stop a check-in, so this resolves undefined on any failure or after 8 s.
 */
const LOCATION_TIMEOUT_MS = 8000;

export function currentLocation(): Promise<{ lat: number; lng: number } | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), LOCATION_TIMEOUT_MS);
    const done = (value: { lat: number; lng: number } | undefined): void => {
      clearTimeout(timer);
      resolve(value);
    };
    try {
      wx.getLocation({
        type: 'gcj02',
        success: (res) => done({ lat: res.latitude, lng: res.longitude }),
        fail: () => done(undefined),
      });
    } catch {
      done(undefined);
    }
  });
}
