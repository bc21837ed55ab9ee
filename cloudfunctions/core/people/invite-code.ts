/**
 * Invite codes: 8 characters a person can read off a screen and type without mixing up 0/O or
 * 1/I. 32 symbols, so a random byte maps onto the alphabet without bias (256 = 8 × 32), and
 * 32^8 ≈ 10^12 codes make guessing a live one hopeless.
 */
export const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 8;
export const INVITE_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{8}$/;

/** `randomBytes` is injected so the rule stays free of node:crypto and testable. */
export function inviteCodeFrom(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(INVITE_CODE_LENGTH);
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += INVITE_ALPHABET[bytes[i] % INVITE_ALPHABET.length];
  return code;
}

export const INVITE_DAYS = { min: 1, max: 30, default: 7 } as const;

export function inviteExpiry(now: Date, days: number): string {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString();
}
