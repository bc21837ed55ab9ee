/**
 * The subscription templates of the mini-program's account, by event. Production sets them in the
 * NOTIFY_TEMPLATES environment variable of the api and scheduler functions (JSON, the shape of
 * cloudfunctions/notify-templates.example.json); without it the example is used.
 */
import type { TemplateMap } from '../../typings/notify';
import example from '../notify-templates.example.json';

function withoutComment(raw: Record<string, unknown>): TemplateMap {
  const { $comment: _comment, ...templates } = raw;
  return templates as TemplateMap;
}

let cached: TemplateMap | undefined;

export function loadTemplates(env: string | undefined = process.env.NOTIFY_TEMPLATES): TemplateMap {
  if (cached && env === process.env.NOTIFY_TEMPLATES) return cached;
  const parsed = env ? (JSON.parse(env) as Record<string, unknown>) : (example as Record<string, unknown>);
  cached = withoutComment(parsed);
  return cached;
}
