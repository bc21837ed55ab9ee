/** What a technician is told when a grab does not go through, in words that say what to do next. */
import { ApiCallError, toastFor } from '../../../services/api';

export interface GrabRefusal {
  title: string;
  content: string;
  /** the order is no longer there to grab: drop it from the list */
  gone: boolean;
  /** a passing note (a toast) rather than a dialog to dismiss: losing a race needs no answer */
  brief?: boolean;
}

/** A lost race: said as it is, and the order leaves the list. */
export const LOST_GRAB = '手慢了，这单已被其他师傅抢走';

export function grabRefusal(err: unknown): GrabRefusal {
  if (err instanceof ApiCallError && err.code === 'GRAB_LIMIT') {
    // the server says how many are held and the limit: 手上已有 3 单未完成，最多同时 3 单
    return { title: '已达抢单上限', content: `${toastFor(err)}。请先完成手上的工单再来抢。`, gone: false };
  }
  if (err instanceof ApiCallError && err.code === 'CONFLICT') {
    // another grab of one's own still in flight is the one CONFLICT that is not "taken"
    if (err.message.includes('另一次抢单')) return { title: '请稍候', content: toastFor(err), gone: false };
    return { title: '手慢了', content: LOST_GRAB, gone: true, brief: true };
  }
  if (err instanceof ApiCallError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN')) {
    return { title: '无法抢单', content: toastFor(err), gone: true };
  }
  return { title: '抢单未成功', content: `${toastFor(err)}`, gone: false };
}
