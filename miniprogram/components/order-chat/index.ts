/**
 * The conversation on an order (与报修人沟通), under the timeline of both detail pages: the
 * messages newest first (order.messages, 20 a page, 查看更早的留言), a text field with optional
 * photos and 发送. Each message has its own requestId, kept until it is sent, so a retried send
 * after a lost answer posts it once. `side` says whose messages are "mine" (shown on the right).
 * `ended` (a closed or cancelled order) keeps the history readable without the text field: a new
 * problem is a new report, not a message nobody on that order will act on.
 */
import type { OrderMessage } from '../../../typings/notify';
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../services/api';
import { compress, photoUrls, uploadPhoto } from '../../services/files';
import { nowMs } from '../../utils/clock';
import { toMessageView, type ChatSide, type MessageView } from './view';

type Status = 'loading' | 'ready' | 'error';

interface PhotoTile {
  url: string;
  fileID: string;
  status: 'uploading' | 'done' | 'failed';
  message: string;
}

const MAX_PHOTOS = 3;
const cursors = new WeakMap<object, string | undefined>();

Component({
  properties: {
    orderId: { type: String, value: '' },
    side: { type: String, value: 'resident' },
    ended: { type: Boolean, value: false },
  },

  data: {
    status: 'loading' as Status,
    errorText: '',
    items: [] as MessageView[],
    hasMore: false,
    loadingMore: false,
    text: '',
    textError: '',
    photos: [] as PhotoTile[],
    sending: false,
    requestId: '',
  },

  observers: {
    orderId(id: string) {
      if (id) void this.load();
    },
  },

  lifetimes: {
    attached() {
      this.setData({ requestId: newRequestId() });
    },
  },

  methods: {
    async load(): Promise<void> {
      const orderId = this.data.orderId;
      this.setData({ status: 'loading' });
      try {
        const page = await call('order.messages', { orderId });
        if (orderId !== this.data.orderId) return;
        cursors.set(this, page.nextCursor);
        this.setData({ status: 'ready', items: this.views(page.items), hasMore: !!page.nextCursor });
        void this.fillPhotos();
      } catch (err) {
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    retry() {
      void this.load();
    },

    async loadMore(): Promise<void> {
      const cursor = cursors.get(this);
      if (!cursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      try {
        const page = await call('order.messages', { orderId: this.data.orderId, cursor });
        cursors.set(this, page.nextCursor);
        const start = this.data.items.length;
        const patch: Record<string, unknown> = { loadingMore: false, hasMore: !!page.nextCursor };
        this.views(page.items).forEach((v, i) => {
          patch[`items[${start + i}]`] = v;
        });
        this.setData(patch);
        void this.fillPhotos();
      } catch (err) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: toastFor(err), icon: 'none' });
      }
    },

    views(messages: OrderMessage[]): MessageView[] {
      return messages.map((m) => toMessageView(m, this.data.side as ChatSide, nowMs()));
    },

    /** Photos of the messages shown: fileIDs → URLs, in one request. */
    async fillPhotos(): Promise<void> {
      const ids = this.data.items.flatMap((m) => (m.photoUrls.length === 0 ? m.photos : []));
      if (ids.length === 0) return;
      try {
        const urls = await photoUrls(ids);
        const patch: Record<string, unknown> = {};
        this.data.items.forEach((m, i) => {
          if (m.photos.length > 0 && m.photoUrls.length === 0) patch[`items[${i}].photoUrls`] = m.photos.map((id) => urls[id]).filter(Boolean);
        });
        this.setData(patch);
      } catch {
        // the words are readable without the photos
      }
    },

    previewPhoto(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { url: string; index: number }>) {
      const { url, index } = event.currentTarget.dataset;
      wx.previewImage({ current: url, urls: this.data.items[Number(index)]?.photoUrls ?? [url] });
    },

    onText(event: { detail: string }) {
      this.setData({ text: event.detail, textError: '' });
    },

    // --- photos ----------------------------------------------------------------------------
    onPhotosRead(event: { detail: { file: { url?: string; tempFilePath?: string } | { url?: string; tempFilePath?: string }[] } }) {
      const files = ([] as { url?: string; tempFilePath?: string }[]).concat(event.detail.file);
      const room = MAX_PHOTOS - this.data.photos.length;
      for (const file of files.slice(0, room)) {
        const path = file.url ?? file.tempFilePath;
        if (path) void this.uploadOne(path);
      }
    },

    async uploadOne(path: string): Promise<void> {
      const index = this.data.photos.length;
      this.setData({ [`photos[${index}]`]: { url: path, fileID: '', status: 'uploading', message: '上传中' } satisfies PhotoTile });
      const update = (patch: Partial<PhotoTile>): void => {
        const at = this.data.photos.findIndex((p) => p.url === path);
        if (at >= 0) this.setData({ [`photos[${at}]`]: { ...this.data.photos[at], ...patch } });
      };
      try {
        const fileID = await uploadPhoto(await compress(path), (percent) => update({ message: `${Math.round(percent)}%` }));
        update({ fileID, status: 'done', message: '' });
      } catch {
        update({ status: 'failed', message: '上传失败' });
      }
    },

    onPhotoDelete(event: { detail: { index: number } }) {
      this.setData({ photos: this.data.photos.filter((_, i) => i !== event.detail.index) });
    },

    // --- send ------------------------------------------------------------------------------
    async send(): Promise<void> {
      const { orderId, text, photos, requestId, sending } = this.data;
      if (sending) return;
      const trimmed = text.trim();
      if (!trimmed) {
        this.setData({ textError: '请先写下要说的话' });
        return;
      }
      if (photos.some((p) => p.status === 'uploading')) {
        wx.showToast({ title: '照片还在上传，请稍候', icon: 'none' });
        return;
      }
      const fileIds = photos.filter((p) => p.status === 'done').map((p) => p.fileID);
      this.setData({ sending: true });
      try {
        const message = await call('order.message', { orderId, text: trimmed, ...(fileIds.length > 0 ? { photos: fileIds } : {}) }, { requestId });
        // newest first: the sent message goes on top; the next message gets its own requestId
        this.setData({
          sending: false,
          text: '',
          photos: [],
          requestId: newRequestId(),
          items: [toMessageView(message, this.data.side as ChatSide, nowMs()), ...this.data.items],
          status: 'ready',
        });
        void this.fillPhotos();
        wx.showToast({ title: '已发送', icon: 'success' });
      } catch (err) {
        const fields = fieldErrorsOf(err, { text: '留言请在 300 字以内', photos: '照片最多 9 张' });
        // the same requestId stays: sending again cannot post it twice
        this.setData({ sending: false, textError: fields.text ?? fields.photos ?? '' });
        wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
      }
    },
  },
});
