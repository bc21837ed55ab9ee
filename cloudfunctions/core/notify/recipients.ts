/** The service center of a property as one recipient: every dispatcher and manager there sees its items. */
export const deskOf = (propertyId: string): string => `desk:${propertyId}`;

export const isDeskRecipient = (touser: string): boolean => touser.startsWith('desk:');
