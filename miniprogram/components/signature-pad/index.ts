/**
 * The customer's signature (业主签名): drawn with a finger on a 2d canvas, then saved as a PNG and
 * uploaded like a photo. Fires `change` with { fileID, url } once uploaded ('' fileID on 清除),
 * so the form only ever holds an uploaded signature. Buttons show progress; a blank pad is refused.
 */
import { uploadPhoto } from '../../services/files';

interface Point {
  x: number;
  y: number;
}

/** The canvas node and its 2d context (WeChat's canvas type="2d"), once the pad is laid out. */
interface Pad {
  canvas: WechatMiniprogram.Canvas;
  ctx: CanvasRenderingContext2DLike;
  width: number;
  height: number;
}

/** The drawing calls used here (the typings' CanvasContext is the old API's). */
interface CanvasRenderingContext2DLike {
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  strokeStyle: string;
  scale(x: number, y: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  clearRect(x: number, y: number, w: number, h: number): void;
}

const pads = new WeakMap<object, Pad>();
const lastPoints = new WeakMap<object, Point>();

function pointOf(event: WechatMiniprogram.TouchCanvas): Point | undefined {
  const t = event.touches?.[0] as { x?: number; y?: number } | undefined;
  return t && typeof t.x === 'number' && typeof t.y === 'number' ? { x: t.x, y: t.y } : undefined;
}

Component({
  properties: {
    /** the uploaded signature to show instead of the pad ('' = sign now) */
    url: { type: String, value: '' },
  },

  data: {
    drawn: false,
    saving: false,
  },

  lifetimes: {
    ready() {
      this.setUp();
    },
  },

  observers: {
    url(url: string) {
      // back to the pad after 重新签名: it was not in the layout while the image showed
      if (!url) setTimeout(() => this.setUp(), 0);
    },
  },

  methods: {
    setUp() {
      if (this.data.url) return;
      try {
        this.createSelectorQuery()
          .select('#pad')
          .fields({ node: true, size: true })
          .exec((res: { node?: WechatMiniprogram.Canvas; width?: number; height?: number }[]) => {
            const info = res?.[0];
            if (!info?.node || !info.width || !info.height) return;
            const canvas = info.node;
            const ctx = canvas.getContext('2d') as CanvasRenderingContext2DLike;
            const ratio = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
            canvas.width = info.width * ratio;
            canvas.height = info.height * ratio;
            ctx.scale(ratio, ratio);
            ctx.lineWidth = 3;
            ctx.lineCap = 'round';
            ctx.lineJoin = 'round';
            ctx.strokeStyle = '#1f2329';
            pads.set(this, { canvas, ctx, width: info.width, height: info.height });
          });
      } catch {
        // no canvas (an old base library): the form works without a signature
      }
    },

    onStart(event: WechatMiniprogram.TouchCanvas) {
      const p = pointOf(event);
      if (p) lastPoints.set(this, p);
    },

    onMove(event: WechatMiniprogram.TouchCanvas) {
      const pad = pads.get(this);
      const from = lastPoints.get(this);
      const to = pointOf(event);
      if (!pad || !from || !to) return;
      pad.ctx.beginPath();
      pad.ctx.moveTo(from.x, from.y);
      pad.ctx.lineTo(to.x, to.y);
      pad.ctx.stroke();
      lastPoints.set(this, to);
      if (!this.data.drawn) this.setData({ drawn: true });
    },

    onEnd() {
      lastPoints.delete(this);
    },

    clear() {
      const pad = pads.get(this);
      pad?.ctx.clearRect(0, 0, pad.width, pad.height);
      this.setData({ drawn: false });
    },

    resign() {
      this.clear();
      this.triggerEvent('change', { fileID: '', url: '' });
    },

    async save(): Promise<void> {
      const pad = pads.get(this);
      if (this.data.saving) return;
      if (!pad || !this.data.drawn) {
        wx.showToast({ title: '请业主先在框内签名', icon: 'none' });
        return;
      }
      this.setData({ saving: true });
      try {
        const path = await new Promise<string>((resolve, reject) => {
          wx.canvasToTempFilePath({
            canvas: pad.canvas,
            fileType: 'png',
            success: (res) => resolve(res.tempFilePath),
            fail: (err) => reject(new Error(err.errMsg)),
          });
        });
        const fileID = await uploadPhoto(path, () => undefined);
        this.setData({ saving: false });
        this.triggerEvent('change', { fileID, url: path });
      } catch {
        this.setData({ saving: false });
        wx.showToast({ title: '签名保存失败，请重试', icon: 'none' });
      }
    },
  },
});
