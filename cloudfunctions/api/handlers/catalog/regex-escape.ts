/**
 * A user's search text as a literal regular-expression pattern. Without this, `q: ".*"` would list
 * everything and `q: "(a+)+$"` could make the database backtrack for seconds.
 */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
