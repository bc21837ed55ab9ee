/**
 * A reference model of one order's life, written from product.md (Order lifecycle) for the
 * model-based API test. It deliberately imports nothing from cloudfunctions/: it is a second,
 * independent reading of the rules, so a disagreement with the API is a question worth asking.
 *
 * The cast around one order (property demo, a free grab-enabled repair of 工程部):
 *   reporter      the resident who reported it
 *   otherResident another resident of the property
 *   techA, techB  technicians of the order's team (neither leads it)
 *   dispatcher    the service center
 *
 * Readings where product.md leaves room (each one the API must agree with):
 * - Who is asked before when: someone not allowed to take a step is told FORBIDDEN whatever the
 *   order's state; someone allowed, at the wrong moment, is told CONFLICT. Only then are the
 *   step's arguments weighed (transferring to the technician who already has it: INVALID_ARGUMENT).
 * - A grab takes the order at once: pending → accepted, the grabber its technician.
 * - Transfer (转单): the technician passes an order not yet started (assigned or accepted); the desk
 *   may move one in any state a technician holds (in progress, on hold: the technician fell ill).
 *   Either way → assigned to the new one.
 * - The desk may record the completion for the assignee (代报完工), also before check-in
 *   (accepted … on_hold). Such a completion waits for the desk's verification: the reporter's
 *   rating does not close it; the desk's close does.
 * - The desk closes a completed order only to verify a completion on behalf, or once the 7-day
 *   rating window has passed; a fresh completion is the reporter's to confirm (CONFLICT).
 * - One rating per completion. Nobody verifies their own work: the dispatcher who recorded a
 *   completion on behalf may not close it (FORBIDDEN, whatever the state); another desk member does.
 * - A reassignment request (申请改派) may be made while the technician holds the order
 *   (assigned … on_hold), one at a time; it keeps the status. The dispatcher's decision: rejected
 *   (status kept), approved to a technician (→ assigned) or approved back to the pool (→ pending).
 *   Handing the order over (assign, transfer, reject, a decision) settles a waiting request.
 * - Reopen (unsatisfied) sends a completed or closed order, within 7 days, back to its technician.
 */

export type Status = 'pending' | 'assigned' | 'accepted' | 'in_progress' | 'on_hold' | 'completed' | 'closed' | 'cancelled';
export type Tech = 'techA' | 'techB';
export type Who = 'reporter' | 'otherResident' | Tech | 'dispatcher';
export const CAST: readonly Who[] = ['reporter', 'otherResident', 'techA', 'techB', 'dispatcher'];
export const TECHS: readonly Tech[] = ['techA', 'techB'];

export interface ModelOrder {
  status: Status;
  assignee?: Tech;
  reassignRequested: boolean;
  /** ms since epoch, for the reopen window */
  completedAt?: number;
  /** the desk recorded the completion for the technician */
  onBehalf?: boolean;
  rated?: boolean;
}

export type Command =
  | { step: 'assign'; to: Tech }
  | { step: 'grab' }
  | { step: 'accept' }
  | { step: 'reject' }
  | { step: 'transfer'; to: Tech }
  | { step: 'requestReassign' }
  | { step: 'decideReassign'; approve: false }
  | { step: 'decideReassign'; approve: true; to?: Tech }
  | { step: 'checkIn' }
  | { step: 'progress' }
  | { step: 'hold' }
  | { step: 'complete' }
  | { step: 'rate' }
  | { step: 'reopen' }
  | { step: 'cancel' }
  | { step: 'revoke' }
  | { step: 'revisit' }
  | { step: 'close' };

/** Every command the test may send: each step, with each choice of technician or decision. */
export const COMMANDS: readonly Command[] = [
  { step: 'assign', to: 'techA' },
  { step: 'assign', to: 'techB' },
  { step: 'grab' },
  { step: 'accept' },
  { step: 'reject' },
  { step: 'transfer', to: 'techA' },
  { step: 'transfer', to: 'techB' },
  { step: 'requestReassign' },
  { step: 'decideReassign', approve: false },
  { step: 'decideReassign', approve: true },
  { step: 'decideReassign', approve: true, to: 'techA' },
  { step: 'decideReassign', approve: true, to: 'techB' },
  { step: 'checkIn' },
  { step: 'progress' },
  { step: 'hold' },
  { step: 'complete' },
  { step: 'rate' },
  { step: 'reopen' },
  { step: 'cancel' },
  { step: 'revoke' },
  { step: 'revisit' },
  { step: 'close' },
];

export type Outcome = { ok: true; order: ModelOrder } | { ok: false; code: 'FORBIDDEN' | 'CONFLICT' | 'INVALID_ARGUMENT' };

const REOPEN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const HELD: readonly Status[] = ['assigned', 'accepted', 'in_progress', 'on_hold'];
const BEFORE_COMPLETION: readonly Status[] = ['pending', ...HELD];

export function newOrder(): ModelOrder {
  return { status: 'pending', reassignRequested: false };
}

const isTech = (who: Who): who is Tech => who === 'techA' || who === 'techB';

/** What the order's people may do: the "who" column of product.md's lifecycle table. */
function allowed(cmd: Command, who: Who, order: ModelOrder): boolean {
  const assignee = isTech(who) && order.assignee === who;
  switch (cmd.step) {
    case 'assign':
    case 'decideReassign':
    case 'revoke':
    case 'revisit':
    case 'close':
      return who === 'dispatcher';
    case 'complete':
      return assignee || who === 'dispatcher';
    case 'grab':
      return isTech(who);
    case 'transfer':
      return assignee || who === 'dispatcher';
    case 'accept':
    case 'reject':
    case 'requestReassign':
    case 'checkIn':
    case 'progress':
    case 'hold':
      return assignee;
    case 'rate':
    case 'reopen':
    case 'cancel':
      return who === 'reporter';
  }
}

/** From which states each step may be taken (by `who`: the desk moves and completes held orders). */
function from(cmd: Command, who: Who): readonly Status[] {
  switch (cmd.step) {
    case 'assign':
      return ['pending', 'assigned'];
    case 'grab':
      return ['pending'];
    case 'accept':
    case 'reject':
      return ['assigned'];
    case 'transfer':
      return who === 'dispatcher' ? HELD : ['assigned', 'accepted'];
    case 'requestReassign':
    case 'decideReassign':
      return HELD;
    case 'checkIn':
      return ['accepted', 'on_hold'];
    case 'progress':
      return ['accepted', 'in_progress', 'on_hold'];
    case 'hold':
      return ['accepted', 'in_progress'];
    case 'complete':
      return who === 'dispatcher' ? ['accepted', 'in_progress', 'on_hold'] : ['in_progress'];
    case 'rate':
    case 'close':
      return ['completed'];
    case 'reopen':
    case 'revisit':
      return ['completed', 'closed'];
    case 'cancel':
      return ['pending', 'assigned'];
    case 'revoke':
      return BEFORE_COMPLETION;
  }
}

/** The outcome of `who` sending `cmd` for `order` at `now` (ms since epoch). */
export function step(order: ModelOrder, who: Who, cmd: Command, now: number): Outcome {
  if (!allowed(cmd, who, order)) return { ok: false, code: 'FORBIDDEN' };
  if (cmd.step === 'close' && order.onBehalf && who === 'dispatcher') return { ok: false, code: 'FORBIDDEN' };
  if (!from(cmd, who).includes(order.status)) return { ok: false, code: 'CONFLICT' };
  const handOver = (to: Tech | undefined, status: Status): Outcome => ({
    ok: true,
    order: { ...order, status, assignee: to, reassignRequested: false },
  });
  const to = (status: Status): Outcome => ({ ok: true, order: { ...order, status } });
  switch (cmd.step) {
    case 'assign':
      return handOver(cmd.to, 'assigned');
    case 'grab':
      return handOver(who as Tech, 'accepted');
    case 'accept':
      return to('accepted');
    case 'reject':
      return handOver(undefined, 'pending');
    case 'transfer':
      if (cmd.to === order.assignee) return { ok: false, code: 'INVALID_ARGUMENT' };
      return handOver(cmd.to, 'assigned');
    case 'requestReassign':
      if (order.reassignRequested) return { ok: false, code: 'CONFLICT' };
      return { ok: true, order: { ...order, reassignRequested: true } };
    case 'decideReassign':
      if (!order.reassignRequested) return { ok: false, code: 'CONFLICT' };
      if (!cmd.approve) return { ok: true, order: { ...order, reassignRequested: false } };
      return cmd.to ? handOver(cmd.to, 'assigned') : handOver(undefined, 'pending');
    case 'checkIn':
      return to('in_progress');
    case 'progress':
    case 'revisit':
      return to(order.status);
    case 'hold':
      return to('on_hold');
    case 'complete':
      return { ok: true, order: { ...order, status: 'completed', completedAt: now, onBehalf: who === 'dispatcher', rated: false } };
    case 'rate':
      if (order.rated) return { ok: false, code: 'CONFLICT' };
      return { ok: true, order: { ...order, status: order.onBehalf ? 'completed' : 'closed', rated: true } };
    case 'close': {
      const windowPassed = order.completedAt !== undefined && now - order.completedAt >= REOPEN_WINDOW_MS;
      if (!order.onBehalf && !windowPassed) return { ok: false, code: 'CONFLICT' };
      return to('closed');
    }
    case 'reopen':
      if (order.completedAt === undefined || now - order.completedAt > REOPEN_WINDOW_MS) return { ok: false, code: 'CONFLICT' };
      return { ok: true, order: { ...order, status: order.assignee ? 'assigned' : 'pending', completedAt: undefined, onBehalf: false, rated: false } };
    case 'cancel':
    case 'revoke':
      return to('cancelled');
  }
}
