/** One message of an order's conversation as the chat shows it. */
import type { OrderMessage } from '../../../typings/notify';
import { formatRelative } from '../../utils/time';

export type ChatSide = 'resident' | 'staff';

export interface MessageView {
  id: string;
  /** 张伟 · 住户 / 赵强 · 师傅 */
  who: string;
  text: string;
  timeText: string;
  /** written by my side of the conversation: shown on the right */
  mine: boolean;
  photos: string[];
  /** displayable URLs of `photos`, filled in after the list arrives */
  photoUrls: string[];
}

const ROLE_WORDS: Record<string, string> = {
  resident: '住户',
  technician: '师傅',
  dispatcher: '客服',
  manager: '物业',
};

export function toMessageView(m: OrderMessage, side: ChatSide, now: number): MessageView {
  const fromResident = m.by.role === 'resident';
  const role = ROLE_WORDS[m.by.role] ?? '';
  return {
    id: m.id,
    who: role ? `${m.by.name} · ${role}` : m.by.name,
    text: m.text,
    timeText: formatRelative(m.at, now),
    mine: side === 'resident' ? fromResident : !fromResident,
    photos: m.photos,
    photoUrls: [],
  };
}
