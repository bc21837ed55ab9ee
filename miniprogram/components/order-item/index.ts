/**
 * One order in a list, the same shape for every role (ux.md): category and status tag, the
 * description in two lines, location, relative time and due time, a thumbnail of the first photo.
 * Fires `open` with the order id; the page decides where that leads. A page may add a row under
 * the facts with `<view slot="footer" catchtap="…">` (e.g. the pool's 抢单); catchtap keeps a tap
 * there from also opening the order.
 */
import type { OrderItemView } from '../../utils/order-view';

Component({
  options: { multipleSlots: true },
  properties: {
    item: { type: Object, value: {} as OrderItemView },
  },
  methods: {
    onTap() {
      const item = this.data.item as OrderItemView;
      this.triggerEvent('open', { id: item.id });
    },
  },
});
