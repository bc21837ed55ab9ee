/**
 * Subscribe-message grants and sent messages, in SQLite on the shared handle.
 * A grant is what one tap on "allow" in wx.requestSubscribeMessage gives: one send of one template
 * to one user. A send consumes a grant and records the message in the same transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';

export interface SentMessage {
  kind: 'subscribe';
  id: number;
  touser: string;
  templateId: string;
  page: string | null;
  data: unknown;
  miniprogramState: string | null;
  lang: string | null;
  /** local-cloud clock, ISO */
  sentAt: string;
}

export type NewMessage = Omit<SentMessage, 'kind' | 'id'>;

interface MessageRow {
  id: number;
  touser: string;
  template_id: string;
  page: string | null;
  data: string;
  miniprogram_state: string | null;
  lang: string | null;
  sent_at: string;
}

export class SubscribeStore {
  constructor(private readonly db: BetterSqlite3.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS openapi_grants (
        openid TEXT NOT NULL,
        template_id TEXT NOT NULL,
        remaining INTEGER NOT NULL,
        PRIMARY KEY (openid, template_id)
      );
      CREATE TABLE IF NOT EXISTS openapi_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        touser TEXT NOT NULL,
        template_id TEXT NOT NULL,
        page TEXT,
        data TEXT NOT NULL,
        miniprogram_state TEXT,
        lang TEXT,
        sent_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS openapi_messages_touser ON openapi_messages (touser, id);
    `);
  }

  grant(openid: string, templateIds: string[]): void {
    const add = this.db.prepare(
      `INSERT INTO openapi_grants (openid, template_id, remaining) VALUES (?, ?, 1)
       ON CONFLICT(openid, template_id) DO UPDATE SET remaining = remaining + 1`,
    );
    this.db.transaction(() => {
      for (const t of templateIds) add.run(openid, t);
    })();
  }

  /** template id → sends left */
  grants(openid: string): Record<string, number> {
    const rows = this.db
      .prepare('SELECT template_id, remaining FROM openapi_grants WHERE openid = ? AND remaining > 0 ORDER BY template_id')
      .all(openid) as { template_id: string; remaining: number }[];
    return Object.fromEntries(rows.map((r) => [r.template_id, r.remaining]));
  }

  /** Consumes one grant and records the message; undefined when there was no grant. */
  send(message: NewMessage): number | undefined {
    return this.db.transaction((): number | undefined => {
      const used = this.db
        .prepare('UPDATE openapi_grants SET remaining = remaining - 1 WHERE openid = ? AND template_id = ? AND remaining > 0')
        .run(message.touser, message.templateId);
      if (used.changes !== 1) return undefined;
      const inserted = this.db
        .prepare(
          `INSERT INTO openapi_messages (touser, template_id, page, data, miniprogram_state, lang, sent_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          message.touser,
          message.templateId,
          message.page,
          JSON.stringify(message.data ?? null),
          message.miniprogramState,
          message.lang,
          message.sentAt,
        );
      return Number(inserted.lastInsertRowid);
    })();
  }

  /** oldest first, newest last */
  messages(touser?: string): SentMessage[] {
    const rows = (
      touser === undefined
        ? this.db.prepare('SELECT * FROM openapi_messages ORDER BY id').all()
        : this.db.prepare('SELECT * FROM openapi_messages WHERE touser = ? ORDER BY id').all(touser)
    ) as MessageRow[];
    return rows.map((r) => ({
      kind: 'subscribe',
      id: r.id,
      touser: r.touser,
      templateId: r.template_id,
      page: r.page,
      data: JSON.parse(r.data) as unknown,
      miniprogramState: r.miniprogram_state,
      lang: r.lang,
      sentAt: r.sent_at,
    }));
  }

  reset(): void {
    this.db.exec('DELETE FROM openapi_grants; DELETE FROM openapi_messages;');
  }
}
