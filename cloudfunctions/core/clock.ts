/** Domain code asks this for the time, never Date.now(), so time rules are testable. */
export interface Clock {
  now(): Date;
}
