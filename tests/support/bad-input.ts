/**
 * The bad inputs quality.md asks every action to refuse with INVALID_ARGUMENT naming the field:
 * wrong types, missing fields, 100 KB strings, NoSQL operators where a string belongs, unknown fields.
 * Built from one valid payload, so each case differs from a working call in exactly one field.
 */
export interface BadCase {
  what: string;
  payload: Record<string, unknown>;
  /** the field the answer must name, as `payload.<path>` */
  field: string;
}

const HUGE = 'x'.repeat(100_000);

export function badInputs(valid: Record<string, unknown>, fields: { required: string[]; strings: string[] }): BadCase[] {
  const cases: BadCase[] = [];
  const without = (key: string): Record<string, unknown> => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key));
  for (const key of fields.required) cases.push({ what: `${key} missing`, payload: without(key), field: `payload.${key}` });
  for (const key of fields.strings) {
    cases.push({ what: `${key} a number`, payload: { ...valid, [key]: 42 }, field: `payload.${key}` });
    cases.push({ what: `${key} 100 KB`, payload: { ...valid, [key]: HUGE }, field: `payload.${key}` });
    cases.push({ what: `${key} {"$gt":""}`, payload: { ...valid, [key]: { $gt: '' } }, field: `payload.${key}` });
    cases.push({ what: `${key} an array`, payload: { ...valid, [key]: ['a'] }, field: `payload.${key}` });
  }
  cases.push({ what: 'an unknown field', payload: { ...valid, openid: 'demo-manager' }, field: 'payload.openid' });
  cases.push({ what: 'an operator as a field', payload: { ...valid, $where: 'sleep(1000)' }, field: 'payload.$where' });
  return cases;
}
