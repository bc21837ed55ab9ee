/**
 * SMS sent through cloudbase.sendSms, one row per phone number of a request, in SQLite on the
 * shared handle. A request's rows are written in one transaction before WeChat's answer goes back,
 * so an SMS the SDK was told about survives a kill -9.
 */
import type BetterSqlite3 from 'better-sqlite3';

export interface SentSms {
  kind: 'sms';
  id: number;
  /** as the caller gave it, e.g. "+8613800000000" */
  phoneNumber: string;
  /** "Marketing" or "Notification" */
  smsType: string;
  /** the custom text (Marketing) */
  content: string | null;
  /** the static-site path the SMS links to (Marketing) */
  path: string | null;
  /** template and its parameters (Notification) */
  templateId: string | null;
  templateParamList: string[] | null;
  useShortName: boolean;
  resourceAppid: string | null;
  env: string;
  /** WeChat's serial_no for this number */
  serialNo: string;
  /** WeChat's per-number status code: "Ok", or why this number got nothing */
  code: string;
  message: string;
  /** local-cloud clock, ISO */
  sentAt: string;
}

export type NewSms = Omit<SentSms, 'kind' | 'id'>;

interface SmsRow {
  id: number;
  phone_number: string;
  sms_type: string;
  content: string | null;
  path: string | null;
  template_id: string | null;
  template_param_list: string | null;
  use_short_name: number;
  resource_appid: string | null;
  env: string;
  serial_no: string;
  code: string;
  message: string;
  sent_at: string;
}

export class SmsStore {
  constructor(private readonly db: BetterSqlite3.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS openapi_sms (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        phone_number TEXT NOT NULL,
        sms_type TEXT NOT NULL,
        content TEXT,
        path TEXT,
        template_id TEXT,
        template_param_list TEXT,
        use_short_name INTEGER NOT NULL,
        resource_appid TEXT,
        env TEXT NOT NULL,
        serial_no TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        sent_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS openapi_sms_phone ON openapi_sms (phone_number, id);
    `);
  }

  record(list: NewSms[]): void {
    const insert = this.db.prepare(
      `INSERT INTO openapi_sms (phone_number, sms_type, content, path, template_id, template_param_list, use_short_name,
         resource_appid, env, serial_no, code, message, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const s of list) {
        insert.run(
          s.phoneNumber,
          s.smsType,
          s.content,
          s.path,
          s.templateId,
          s.templateParamList ? JSON.stringify(s.templateParamList) : null,
          s.useShortName ? 1 : 0,
          s.resourceAppid,
          s.env,
          s.serialNo,
          s.code,
          s.message,
          s.sentAt,
        );
      }
    })();
  }

  /**
   * Oldest first. `phone` matches with or without the +86 prefix, so "13800000000" finds
   * "+8613800000000".
   */
  list(phone?: string): SentSms[] {
    let rows: SmsRow[];
    if (phone === undefined) {
      rows = this.db.prepare('SELECT * FROM openapi_sms ORDER BY id').all() as SmsRow[];
    } else {
      const bare = phone.replace(/^\+86/, '');
      rows = this.db
        .prepare('SELECT * FROM openapi_sms WHERE phone_number IN (?, ?, ?) ORDER BY id')
        .all(phone, bare, `+86${bare}`) as SmsRow[];
    }
    return rows.map((r) => ({
      kind: 'sms',
      id: r.id,
      phoneNumber: r.phone_number,
      smsType: r.sms_type,
      content: r.content,
      path: r.path,
      templateId: r.template_id,
      templateParamList: r.template_param_list ? (JSON.parse(r.template_param_list) as string[]) : null,
      useShortName: r.use_short_name === 1,
      resourceAppid: r.resource_appid,
      env: r.env,
      serialNo: r.serial_no,
      code: r.code,
      message: r.message,
      sentAt: r.sent_at,
    }));
  }

  reset(): void {
    this.db.exec('DELETE FROM openapi_sms;');
  }
}
