// Phone numbers as people type them (the widget's and the console's callback forms).

/**
 * A phone number as the customer typed it, if it plausibly is one: digits with optional
 * spaces, dashes, dots, brackets and a leading +, 10 to 15 digits. Returns it tidied (single
 * spaces), or null. Balie checks it again; this only catches typing mistakes early.
 */
export function normalisePhone(input: string): string | null {
  const tidy = input.trim().replace(/\s+/g, ' ');
  if (!/^\+?[0-9 ()./-]+$/.test(tidy)) return null;
  const digits = tidy.replace(/\D/g, '');
  return digits.length >= 10 && digits.length <= 15 ? tidy : null;
}
