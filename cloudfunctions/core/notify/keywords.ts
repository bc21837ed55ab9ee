/**
 * WeChat subscription message keyword values, cut to each keyword type's limit (a value over the
 * limit makes the whole send fail with 47003). The type is the keyword's name without its number:
 * thing1 → thing, character_string2 → character_string.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

const LIMITS: Record<string, number> = {
  thing: 20,
  character_string: 32,
  phrase: 5,
  name: 10,
  phone_number: 17,
  car_number: 8,
  letter: 32,
  symbol: 5,
  number: 32,
  amount: 11,
};

export function keywordType(keyword: string): string {
  return keyword.replace(/\d+$/, '');
}

/** Characters, not UTF-16 units: 20 Chinese characters are 20. */
function cut(value: string, limit: number): string {
  const chars = [...value];
  return chars.length <= limit ? value : `${chars.slice(0, limit - 1).join('')}…`;
}

/** The value as WeChat accepts it for `keyword`; times are shown in the property's time zone. */
export function keywordValue(keyword: string, value: string, tz: string): string {
  const type = keywordType(keyword);
  if (type === 'time' || type === 'date') {
    const at = dayjs(value);
    if (!at.isValid()) return value;
    return at.tz(tz).format(type === 'time' ? 'YYYY年MM月DD日 HH:mm' : 'YYYY年MM月DD日');
  }
  if (type === 'character_string' || type === 'letter') return cut(value.replace(/[^\x20-\x7e]/g, ''), LIMITS[type]);
  if (type === 'number') return cut(value.replace(/[^\d.]/g, ''), LIMITS.number);
  if (type === 'phrase') return cut(value.replace(/[^\u4e00-\u9fa5a-zA-Z]/g, ''), LIMITS.phrase);
  return cut(value, LIMITS[type] ?? 20);
}
