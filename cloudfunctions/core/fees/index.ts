/** Fee rules (cloudfunctions/core/fees): plain TypeScript, no WeChat imports — data in, fee breakdown out. */
export { computeFee, payerOf } from './breakdown';
export { BILLING_STEP_MINUTES, billedMinutes, laborLine } from './labor';
export { QTY_SCALE, halfUpDiv, lineAmount } from './money';
export { feeModeOf } from './mode';
