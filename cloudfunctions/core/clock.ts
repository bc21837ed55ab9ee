/** Domain code asks this for the time, never Date.now(), so time rules are testable. */
export interface Clock {
  now(): Date;
}

export const fixedClock = (at: Date | string): Clock => {
  const d = new Date(at);
  return { now: () => new Date(d) };
};
