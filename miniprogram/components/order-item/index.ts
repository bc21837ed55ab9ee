/**
 * One order in a list, the same shape for every role (ux.md): category and status tag, the
 * description in two lines, location, relative time and due time, a thumbnail of the first photo.
 * Fires `open` with the order id; the page decides where that leads.
 */
import type { OrderItemView } from '../../utils/order-view';

Component({
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
