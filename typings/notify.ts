/** Notifications: the events people are told of, the inbox, the subscription grant ledger. */

/** What happened, from the point of view of the person told. */
export type NotifyEvent =
  | 'order.created'
  | 'order.assigned'
  | 'order.accepted'
  | 'order.checkedIn'
  | 'order.progress'
  | 'order.onHold'
  | 'order.completed'
  | 'order.rated'
  | 'order.rejected'
  | 'order.reassignRequested'
  | 'order.reassignDecided'
  | 'order.reopened'
  | 'order.cancelled'
  | 'order.revoked'
  | 'order.followUp'
  | 'order.message'
  | 'order.nudged'
  | 'order.slaWarning'
  | 'order.coordinationDue'
  | 'order.jointVisit'
  | 'order.slaEscalated';

/**
 * Who is told: a person by openid, or the service center of a property (`desk:<propertyId>`),
 * whose items every dispatcher and manager of that property sees.
 */
export type Recipient = string;

/** How a notification reached the person, beside the inbox it always lands in. */
export type DeliveryChannel = 'subscribe' | 'sms' | 'inbox';

export interface Delivery {
  channel: DeliveryChannel;
  /** sent; inbox only (no template or no grant); waiting to retry; failed for good */
  status: 'sent' | 'inbox' | 'retry' | 'failed';
  attempts: number;
  templateId?: string;
  /**
   * a one-time grant this delivery already took from the ledger (a retry does not take another);
   * false on a message its step deferred to the scheduler, which claims the grant before sending
   */
  grantHeld?: boolean;
  /** when the scheduler sends it (status 'retry'): at once for a deferred message, later after a failed send */
  nextAttemptAt?: string;
  /** while it waits: what the message shows, as of its step (the template's fields only) */
  facts?: Partial<Record<MessageField, string>>;
  lastError?: { code: number; message: string };
  sentAt?: string;
  /** a service-center item: the dispatchers and managers it reached */
  sentTo?: string[];
}

/** One notification as the person's message center (消息中心) shows it. */
export interface InboxItem {
  id: string;
  /** the person, or `desk:<propertyId>` */
  openid: Recipient;
  event: NotifyEvent;
  orderId: string;
  orderNo: string;
  propertyId: string;
  title: string;
  text: string;
  /** the mini-program page that opens the order */
  page: string;
  createdAt: string;
  read: boolean;
  delivery: Delivery;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor?: string;
  unread: number;
}

/** A subscription message template of the mini-program's account and how an event fills it. */
export interface TemplateConfig {
  templateId: string;
  /** when the mini-program asks for it (wx.requestSubscribeMessage after this moment) */
  moment: 'after_report' | 'after_accept' | 'desk_on_duty';
  /** keyword (thing1, character_string2, time3, phrase4…) → the field of the message facts it shows */
  data: Record<string, MessageField>;
}

/** The facts a message may show in a keyword. */
export type MessageField =
  | 'orderNo'
  | 'categoryName'
  | 'location'
  | 'description'
  | 'statusLabel'
  | 'technicianName'
  | 'technicianPhone'
  | 'reporterName'
  | 'time'
  | 'dueAt'
  | 'nextVisitAt'
  | 'reason'
  | 'note'
  | 'urgencyLabel';

export type TemplateMap = Partial<Record<NotifyEvent, TemplateConfig>>;

export interface TemplateView {
  event: NotifyEvent;
  templateId: string;
  moment: TemplateConfig['moment'];
}

/** How many one-time subscription messages a person allowed, per template. */
export interface GrantLedger {
  openid: string;
  counts: Record<string, number>;
  updatedAt: string;
}

export interface NotifyActions {
  'notify.templates': [Record<string, never>, TemplateView[]];
  'notify.granted': [{ templateIds: string[] }, GrantLedger];
  'inbox.list': [{ cursor?: string }, InboxPage];
  'inbox.read': [{ ids?: string[] }, { unread: number }];
  'order.message': [{ orderId: string; text: string; photos?: string[] }, OrderMessage];
  'order.messages': [{ orderId: string; cursor?: string }, { items: OrderMessage[]; nextCursor?: string }];
  'revisit.tasks': [{ propertyId: string; cursor?: string }, { items: RevisitTask[]; nextCursor?: string }];
  'report.unfinished': [{ propertyId: string; date: string }, UnfinishedRow[]];
}

export interface RevisitTask {
  orderId: string;
  orderNo: string;
  categoryName: string;
  reporter: { name: string; phone: string };
  /** paid: every paid order; low_rating: a free one rated ≤ 3; unrated: a free one closed without a rating */
  reason: 'paid' | 'low_rating' | 'unrated';
  dueAt: string;
}

export interface UnfinishedRow {
  orderId: string;
  orderNo: string;
  categoryName: string;
  status: string;
  createdAt: string;
  /** minutes open at the end of the day asked about (or now, for today) */
  ageMinutes: number;
  /** who has it: the technician, or the team's pool */
  owner: { kind: 'person' | 'team'; id: string; name?: string };
  /** deadlines already missed */
  missed: ('acceptBy' | 'arriveBy' | 'completeBy')[];
}

/** A message on an order's conversation (与报修人沟通). */
export interface OrderMessage {
  id: string;
  orderId: string;
  by: { openid: string; name: string; role: string };
  text: string;
  photos: string[];
  at: string;
}
