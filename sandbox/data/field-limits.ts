/** Field-length limits of the QAD fields the generator fills (characters; sandbox/qad/vendor-facts.md: "Data model"). */
export const FIELD_LIMITS = {
  businessRelationCode: 20,
  businessRelationName: 36,
  searchName: 28,
  street: 36,
  city: 20,
  customerCode: 8,
  supplierCode: 8,
  contactName: 40,
  email: 64,
  itemCode: 18,
  itemDescription: 24,
  purchaseOrder: 22,
  salesOrderNumber: 8,
} as const;

/** Cuts `value` to at most `max` characters (by code point, so non-BMP characters are never split). */
export function clip(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, max).join('').trimEnd();
}

/** Length in characters (code points), the way QAD formats count. */
export function charLength(value: string): number {
  return Array.from(value).length;
}
