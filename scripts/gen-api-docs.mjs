#!/usr/bin/env node
/**
 * Writes docs/api.md from the api function's registry: every action's summary, who may call it,
 * its payload fields (from the zod schema, through zod's JSON Schema), result type, error codes and
 * a curl example. The reference is generated so it cannot drift from what the function validates;
 * tests/api/api-docs.test.ts runs `--check` and fails when the committed file is stale.
 *
 *   node scripts/gen-api-docs.mjs           write docs/api.md
 *   node scripts/gen-api-docs.mjs --check   exit 1 if docs/api.md differs from what would be written
 *
 * The registry is TypeScript, so it is bundled with esbuild (zod included, so the schemas and
 * z.toJSONSchema share one zod) into a temporary CommonJS file and required from there.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'docs', 'api.md');

/** What each contract code means, for the table in the intro. Every code in ERROR_CODES needs one. */
const ERROR_MEANINGS = {
  UNAUTHENTICATED: 'The call carries no WeChat identity (locally: no `x-wx-openid` header).',
  FORBIDDEN: 'The caller has no right to this action, or not in this property or on this order.',
  NOT_FOUND: 'A document the payload names does not exist (or is not in the caller\'s property).',
  INVALID_ARGUMENT: 'The envelope or payload is malformed; `fields` maps each bad field (`payload.<path>`) to a message. Nothing was written.',
  CONFLICT: 'The step is not allowed from the current state, or another request won a race (an invite already used, an order already taken). Re-read and decide.',
  SLOT_FULL: 'The appointment slot has no capacity left, or has already started.',
  GRAB_LIMIT: 'The technician already holds the most open orders the property allows for grabbing.',
  RATE_LIMITED: 'Too many writes from this caller in a short time; try again later.',
  CONTENT_REJECTED: 'WeChat\'s content security check refused a text or image.',
  INTERNAL: 'An unexpected failure (logged). Safe to retry with the same `requestId`.',
};

async function loadRegistry() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
  const outfile = path.join(dir, 'registry.cjs');
  try {
    await build({
      stdin: {
        contents: [
          "export { ACTIONS } from './cloudfunctions/api/registry';",
          "export { ERROR_CODES } from './typings/api';",
          "export { z } from 'zod';",
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      // handlers never call the SDK at import time; keep it out of the bundle anyway
      external: ['wx-server-sdk'],
      logLevel: 'error',
    });
    return createRequire(import.meta.url)(outfile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ZOD_CHECK_FORMATS = new Set(['starts_with', 'ends_with', 'includes', 'regex']);

const code = (s) => `\`${String(s).replace(/`/g, '\\`')}\``;
/** Markdown table cells: pipes and newlines would break the row. */
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(schema) {
  if (!schema || typeof schema !== 'object') return 'any';
  if (schema.enum) return schema.enum.map((v) => code(JSON.stringify(v))).join(' | ');
  if (schema.const !== undefined) return code(JSON.stringify(schema.const));
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items)}[]`;
  if (schema.type === 'integer') return 'integer';
  return schema.type ?? 'any';
}

function constraintsOf(schema) {
  const out = [];
  const s = schema ?? {};
  if (s.minLength !== undefined && s.maxLength !== undefined) out.push(`${s.minLength}–${s.maxLength} chars`);
  else if (s.maxLength !== undefined) out.push(`≤ ${s.maxLength} chars`);
  else if (s.minLength !== undefined) out.push(`≥ ${s.minLength} chars`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) out.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) out.push(`< ${s.exclusiveMaximum}`);
  if (s.minItems !== undefined) out.push(`≥ ${s.minItems} items`);
  if (s.maxItems !== undefined) out.push(`≤ ${s.maxItems} items`);
  // zod names its string checks as formats (starts_with, includes…); the pattern already says those
  const namedFormat = s.format && !ZOD_CHECK_FORMATS.has(s.format);
  if (namedFormat) out.push(s.format === 'date-time' ? 'ISO 8601 time with offset, e.g. `2026-12-01T10:00:00+08:00`' : `format ${s.format}`);
  // a named format's pattern (date-time's is 300 characters) says nothing a reader needs
  else if (s.pattern) out.push(`pattern ${code(s.pattern)}`);
  if (s.description) out.push(s.description);
  return out;
}

/** One row per field; nested objects and arrays of objects become dotted paths (`location.kind`, `materials[].qty`). */
function fieldRows(schema, prefix = '', rows = []) {
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const field = prefix + name;
    rows.push([code(field), typeOf(prop), required.has(name) ? 'yes' : 'no', constraintsOf(prop).join('; ')]);
    if (prop.type === 'object') fieldRows(prop, `${field}.`, rows);
    if (prop.type === 'array' && prop.items?.type === 'object') fieldRows(prop.items, `${field}[].`, rows);
    if (prop.type === 'array' && prop.items && prop.items.type !== 'object') {
      const inner = constraintsOf(prop.items);
      if (inner.length) rows[rows.length - 1][3] = [rows[rows.length - 1][3], `each: ${inner.join('; ')}`].filter(Boolean).join('; ');
    }
  }
  return rows;
}

function curlOf(example) {
  const body = JSON.stringify({ action: example.action, payload: example.payload });
  return [
    '```bash',
    `curl -s -X POST 127.0.0.1:9000/functions/api -H 'x-wx-openid: ${example.openid}' \\`,
    `     -H 'content-type: application/json' -d '${body.replace(/'/g, "'\\''")}'`,
    '```',
  ].join('\n');
}

function renderAction(action, z) {
  const missing = ['returns', 'errors', 'example'].filter((k) => action[k] === undefined);
  if (missing.length) throw new Error(`${action.name}: set ${missing.join(', ')} in its defineAction (see cloudfunctions/api/actions.ts)`);
  const json = z.toJSONSchema(action.schema, { io: 'input', unrepresentable: 'any' });
  const rows = fieldRows(json);
  const lines = [`## ${code(action.name)}`, '', action.summary, '', `**Who:** ${action.who}`, ''];
  if (rows.length === 0) lines.push('**Payload:** `{}` (no fields)', '');
  else {
    lines.push('**Payload:**', '', '| field | type | required | constraints |', '|---|---|---|---|');
    for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
    lines.push('');
  }
  if (json.additionalProperties === false) lines.push('Unknown fields are refused (`INVALID_ARGUMENT`, `payload.<field>: unknown field`).', '');
  lines.push(`**Returns:** ${code(action.returns)} (see \`typings/\`)`, '');
  lines.push(`**Errors:** ${[...action.errors, 'INTERNAL'].map(code).join(', ')}`, '');
  lines.push(`**Example** (as ${code(action.example.openid)}):`, '', curlOf({ action: action.name, ...action.example }), '');
  return lines.join('\n');
}

function render({ ACTIONS, ERROR_CODES, z }) {
  for (const c of ERROR_CODES) if (!ERROR_MEANINGS[c]) throw new Error(`no meaning for error code ${c} in scripts/gen-api-docs.mjs`);
  const intro = [
    '# API reference: the `api` cloud function',
    '',
    '<!-- Generated by `npm run docs` (scripts/gen-api-docs.mjs) from cloudfunctions/api/registry.ts. Do not edit by hand. -->',
    '',
    'The mini-program calls one cloud function, `api`, with `wx.cloud.callFunction({ name: \'api\', data })`.',
    'Locally (`npm start`) the same call is `POST http://127.0.0.1:9000/functions/api` with the `data` as the JSON body.',
    '',
    '## Envelope',
    '',
    '```json',
    '{ "action": "catalog.categories", "payload": { "propertyId": "demo" }, "requestId": "c0ffee-42-abcdef" }',
    '```',
    '',
    '| field | type | required | meaning |',
    '|---|---|---|---|',
    '| `action` | string | yes | one of the actions below |',
    '| `payload` | object | no (default `{}`) | the action\'s fields; unknown fields are refused |',
    '| `requestId` | string, 8–64 of `A-Z a-z 0-9 _ -` | no | idempotency key, see below |',
    '',
    '## Response',
    '',
    '```json',
    '{ "ok": true, "data": { } }',
    '{ "ok": false, "error": { "code": "INVALID_ARGUMENT", "message": "填写的内容有误，请检查后重试", "fields": { "payload.phone": "a mainland mobile number (11 digits, starting 13–19)" } } }',
    '```',
    '',
    'An expected failure is always `ok: false` with a contract code, never a thrown error; `message` is Chinese text',
    'fit to show the user. `fields` (with `INVALID_ARGUMENT`, sometimes with `NOT_FOUND`/`CONFLICT`) maps a dotted field',
    'path, prefixed `payload.`, to what is wrong with it. Times are ISO 8601 strings; money is in fen (分).',
    '',
    '## Identity',
    '',
    'The caller is who WeChat says it is: `cloud.getWXContext().OPENID` in CloudBase, the `x-wx-openid` header',
    'locally (loopback only). Identity never comes from the payload: an `openid` field in a payload is refused as unknown.',
    'What a caller may do follows from their roles (`user.me`), each held in one property.',
    '',
    '## Idempotency',
    '',
    'Send a fresh `requestId` with each user intent and the same one on every retry of it: a repeated `requestId`',
    'from the same caller returns the first result and changes nothing. The mini-program\'s API client does this.',
    '',
    '## Error codes',
    '',
    '| code | meaning |',
    '|---|---|',
    ...ERROR_CODES.map((c) => `| ${code(c)} | ${cell(ERROR_MEANINGS[c])} |`),
    '',
    '## Actions',
    '',
    ...ACTIONS.map((a) => `- [${code(a.name)}](#${a.name.replace(/\./g, '').toLowerCase()}): ${cell(a.summary.split('. ')[0].replace(/\.$/, ''))}`),
    '',
  ].join('\n');
  return `${intro}\n${ACTIONS.map((a) => renderAction(a, z)).join('\n')}`.replace(/\n+$/, '\n');
}

const generated = render(await loadRegistry());
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== generated) {
    console.error('docs/api.md is stale: run npm run docs');
    process.exit(1);
  }
  console.log('docs/api.md is up to date');
} else {
  writeFileSync(OUT, generated);
  console.log(`wrote ${path.relative(root, OUT)}`);
}
