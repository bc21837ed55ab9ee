/**
 * Cloud storage: the admin actions node-sdk's uploadFile / getTempFileURL / downloadFile /
 * deleteFile use, plus the HTTP side that stands in for COS (`PUT` of the bytes to the upload
 * URL, `GET` of a temporary download URL). Metadata lives in SQLite on the shared handle,
 * bytes in files under `dir`; both are durable before the SDK is answered.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../clock';
import { readBody } from '../http';
import { contentTypeFor } from './content-type';
import { formatFileId, isValidCloudPath, parseFileId } from './file-id';

export interface StorageOptions {
  sqlite: BetterSqlite3.Database;
  dir: string;
  env: string;
  /** http://127.0.0.1:<port>, known once the server listens */
  baseUrl: () => string;
  clock: Clock;
}

/** Who made the admin request, when it came from a function invocation. */
export interface StorageCaller {
  openid?: string;
}

export type StorageAnswer = { data: unknown; requestId: string } | { code: string; message: string; requestId: string };

export interface StoredFile {
  path: string;
  fileId: string;
  size: number;
  contentType: string;
  uploader: string | null;
  createdAt: string;
}

interface FileRow {
  path: string;
  blob: string;
  size: number;
  content_type: string;
  uploader: string | null;
  created_at: string;
}

/** CloudBase's default lifetime of a temporary URL when the caller gives no max_age. */
const DEFAULT_MAX_AGE_SECONDS = 2 * 60 * 60;
/** an upload URL is good for this long (local clock) */
const UPLOAD_WINDOW_MS = 60 * 60 * 1000;

export class Storage {
  private readonly db: BetterSqlite3.Database;
  private readonly secret: string;

  constructor(private readonly options: StorageOptions) {
    this.db = options.sqlite;
    mkdirSync(options.dir, { recursive: true });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS storage_files (
        path TEXT PRIMARY KEY,
        blob TEXT NOT NULL,
        size INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        uploader TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS storage_uploads (
        token TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        uploader TEXT,
        expires_ms INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS storage_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret TEXT NOT NULL);
    `);
    // Temporary URLs are signed, not stored; the key survives restarts so URLs handed out stay valid.
    this.db.prepare('INSERT OR IGNORE INTO storage_secret (id, secret) VALUES (1, ?)').run(randomBytes(32).toString('hex'));
    this.secret = (this.db.prepare('SELECT secret FROM storage_secret WHERE id = 1').get() as { secret: string }).secret;
  }

  async handle(action: string, body: Record<string, unknown>, caller: StorageCaller = {}): Promise<StorageAnswer> {
    const requestId = randomUUID();
    switch (action) {
      case 'storage.getUploadMetadata':
        return this.uploadMetadata(body, caller, requestId);
      case 'storage.batchGetDownloadUrl':
        return this.downloadUrls(body, requestId);
      case 'storage.batchDeleteFile':
        return this.deleteFiles(body, requestId);
      default:
        return { code: 'INVALID_ACTION', message: `local-cloud does not implement ${action}`, requestId };
    }
  }

  /** `/_storage/upload/<token>` (PUT) and `/_storage/files/<path>` (GET/HEAD, signed). */
  async handleHttp(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const upload = /^\/_storage\/upload\/([\w-]+)$/.exec(url.pathname);
    if (upload && method === 'PUT') return this.receiveUpload(upload[1], req, res);
    if (url.pathname.startsWith('/_storage/files/') && (method === 'GET' || method === 'HEAD')) {
      const cloudPath = url.pathname.slice('/_storage/files/'.length).split('/').map(decodeURIComponent).join('/');
      return this.serveDownload(cloudPath, url, method === 'HEAD', res);
    }
    return cosError(res, 404, 'NoSuchKey', `${method} ${url.pathname}`);
  }

  /** Metadata of one stored file, for tests and tools. */
  file(cloudPath: string): StoredFile | undefined {
    const row = this.db.prepare('SELECT * FROM storage_files WHERE path = ?').get(cloudPath) as FileRow | undefined;
    return row ? this.toStoredFile(row) : undefined;
  }

  /** Metadata of a stored file by its cloud:// file ID; undefined for an unknown or foreign ID. */
  fileById(fileId: string): StoredFile | undefined {
    const cloudPath = parseFileId(this.options.env, fileId);
    return cloudPath ? this.file(cloudPath) : undefined;
  }

  /**
   * Stores bytes at a cloud path on behalf of a user, as wx.cloud.uploadFile from the mini-program
   * does (`POST /_local/upload`); the file is then read through the SDK like any other.
   */
  putFile(cloudPath: string, bytes: Buffer, uploader: string, contentType?: string): { fileID: string } | { error: string } {
    if (!isValidCloudPath(cloudPath)) return { error: `invalid cloudPath: ${cloudPath}` };
    this.write(cloudPath, bytes, uploader, contentType);
    return { fileID: formatFileId(this.options.env, cloudPath) };
  }

  reset(): void {
    this.db.exec('DELETE FROM storage_files; DELETE FROM storage_uploads;');
    rmSync(this.options.dir, { recursive: true, force: true });
    mkdirSync(this.options.dir, { recursive: true });
  }

  private uploadMetadata(body: Record<string, unknown>, caller: StorageCaller, requestId: string): StorageAnswer {
    const cloudPath = body.path;
    if (typeof cloudPath !== 'string' || !isValidCloudPath(cloudPath)) {
      return { code: 'INVALID_PARAM', message: `invalid cloudPath: ${String(cloudPath)}`, requestId };
    }
    const token = randomUUID();
    this.db
      .prepare('INSERT INTO storage_uploads (token, path, uploader, expires_ms) VALUES (?, ?, ?, ?)')
      .run(token, cloudPath, caller.openid ?? null, this.options.clock.nowMs() + UPLOAD_WINDOW_MS);
    const fileId = formatFileId(this.options.env, cloudPath);
    return {
      data: {
        url: `${this.options.baseUrl()}/_storage/upload/${token}`,
        token,
        authorization: `q-sign-algorithm=sha1&q-ak=local-cloud&q-signature=${token}`,
        fileId,
        cosFileId: `local-${token}`,
      },
      requestId,
    };
  }

  private downloadUrls(body: Record<string, unknown>, requestId: string): StorageAnswer {
    if (!Array.isArray(body.file_list)) return { code: 'INVALID_PARAM', message: 'file_list must be an array', requestId };
    const nowMs = this.options.clock.nowMs();
    const list = (body.file_list as unknown[]).map((entry) => {
      const item = (typeof entry === 'object' && entry !== null ? entry : {}) as { fileid?: unknown; max_age?: unknown };
      const fileID = typeof item.fileid === 'string' ? item.fileid : '';
      const maxAge = typeof item.max_age === 'number' && item.max_age > 0 ? item.max_age : DEFAULT_MAX_AGE_SECONDS;
      const cloudPath = parseFileId(this.options.env, fileID);
      if (!cloudPath || !this.file(cloudPath)) {
        return { fileID, tempFileURL: '', maxAge, code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exist' };
      }
      const t = Math.floor(nowMs / 1000) + maxAge;
      const tempFileURL = `${this.options.baseUrl()}/_storage/files/${cloudPath}?sign=${this.sign(cloudPath, t)}&t=${t}`;
      return { fileID, tempFileURL, download_url: tempFileURL, maxAge, code: 'SUCCESS' };
    });
    return { data: { download_list: list }, requestId };
  }

  private deleteFiles(body: Record<string, unknown>, requestId: string): StorageAnswer {
    if (!Array.isArray(body.fileid_list)) return { code: 'INVALID_PARAM', message: 'fileid_list must be an array', requestId };
    const blobs: string[] = [];
    const list = (body.fileid_list as unknown[]).map((value) => {
      const fileID = typeof value === 'string' ? value : '';
      const cloudPath = parseFileId(this.options.env, fileID);
      const row = cloudPath
        ? (this.db.prepare('SELECT * FROM storage_files WHERE path = ?').get(cloudPath) as FileRow | undefined)
        : undefined;
      if (!row) return { fileID, code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exist' };
      this.db.prepare('DELETE FROM storage_files WHERE path = ?').run(row.path);
      blobs.push(row.blob);
      return { fileID, code: 'SUCCESS' };
    });
    // metadata first: once the row is gone the file is gone, even if removing bytes fails
    for (const blob of blobs) rmSync(this.blobPath(blob), { force: true });
    return { data: { delete_list: list }, requestId };
  }

  private async receiveUpload(token: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const pending = this.db.prepare('SELECT * FROM storage_uploads WHERE token = ?').get(token) as
      | { token: string; path: string; uploader: string | null; expires_ms: number }
      | undefined;
    const bytes = await readBody(req);
    if (!pending || pending.expires_ms < this.options.clock.nowMs()) {
      return cosError(res, 403, 'AccessDenied', 'upload URL is unknown or expired');
    }
    // node-sdk sends no Content-Type; COS then guesses from the name, and so do we.
    const headerType = req.headers['content-type'];
    const blob = this.write(pending.path, bytes, pending.uploader, typeof headerType === 'string' ? headerType : undefined, () => {
      this.db.prepare('DELETE FROM storage_uploads WHERE token = ?').run(token);
    });
    // COS answers a successful PUT with 200 and an empty body; the SDK parses any body as an XML error.
    res.writeHead(200, { 'content-length': 0, etag: `"${blob}"` });
    res.end();
  }

  /**
   * Bytes on disk (fsynced) first, then the row, so a row never points at a missing file; the
   * bytes a path held before are removed once the new row is committed. `alsoInTransaction` runs
   * with the row's write (an upload token is used up with it). Returns the blob's name.
   */
  private write(cloudPath: string, bytes: Buffer, uploader: string | null, headerType?: string, alsoInTransaction?: () => void): string {
    const blob = randomUUID();
    writeDurably(this.blobPath(blob), bytes);
    const previous = this.db.prepare('SELECT blob FROM storage_files WHERE path = ?').get(cloudPath) as { blob: string } | undefined;
    const contentType = headerType && headerType !== 'application/octet-stream' ? headerType : contentTypeFor(cloudPath);
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO storage_files (path, blob, size, content_type, uploader, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(path) DO UPDATE SET blob = excluded.blob, size = excluded.size, content_type = excluded.content_type,
             uploader = excluded.uploader, created_at = excluded.created_at`,
        )
        .run(cloudPath, blob, bytes.length, contentType, uploader, this.options.clock.now().toISOString());
      alsoInTransaction?.();
    })();
    if (previous) rmSync(this.blobPath(previous.blob), { force: true });
    return blob;
  }

  private serveDownload(cloudPath: string, url: URL, headOnly: boolean, res: http.ServerResponse): void {
    const t = Number(url.searchParams.get('t'));
    const sign = url.searchParams.get('sign') ?? '';
    if (!Number.isFinite(t) || sign !== this.sign(cloudPath, t)) return cosError(res, 403, 'AccessDenied', 'Request has invalid signature');
    if (this.options.clock.nowMs() > t * 1000) return cosError(res, 403, 'AccessDenied', 'Request has expired');
    const row = this.db.prepare('SELECT * FROM storage_files WHERE path = ?').get(cloudPath) as FileRow | undefined;
    if (!row) return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    const bytes = headOnly ? undefined : readFileSync(this.blobPath(row.blob));
    res.writeHead(200, { 'content-type': row.content_type, 'content-length': row.size });
    res.end(bytes);
  }

  private sign(cloudPath: string, t: number): string {
    return createHmac('sha256', this.secret).update(`${cloudPath}\n${t}`).digest('hex').slice(0, 32);
  }

  private blobPath(blob: string): string {
    return path.join(this.options.dir, blob);
  }

  private toStoredFile(row: FileRow): StoredFile {
    return {
      path: row.path,
      fileId: formatFileId(this.options.env, row.path),
      size: row.size,
      contentType: row.content_type,
      uploader: row.uploader,
      createdAt: row.created_at,
    };
  }
}

/** Written and fsynced under a temporary name, then renamed: a crash never leaves half a file. */
function writeDurably(file: string, bytes: Buffer): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** COS's XML error body; node-sdk's uploadFile reads Code, Message, RequestId and TraceId. */
function cosError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const id = randomUUID();
  const body =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>` +
    `<RequestId>${id}</RequestId><TraceId>${id}</TraceId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
