import type { z } from 'zod';
import { ApiFailure } from './errors';

/** zod issues → the contract's `fields` map (dotted path → message). */
export function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) fields[[...issue.path.map(String), k].join('.')] = 'unknown field';
      continue;
    }
    fields[key] ??= issue.message;
  }
  return fields;
}

export function parseOrFail<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = Object.fromEntries(Object.entries(fieldsOf(result.error)).map(([k, v]) => [prefix ? `${prefix}.${k}` : k, v]));
  // `message` is for the person (Chinese); `fields` name each bad field for the form and integrators.
  throw new ApiFailure('INVALID_ARGUMENT', '填写的内容有误，请检查后重试', fields);
}
