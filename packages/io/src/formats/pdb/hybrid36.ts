/**
 * Hybrid-36 numbers (the PDB convention for serials above 99999 and residue numbers above 9999, used by
 * cctbx, OpenMM and VMD): decimal while the value fits the field, then upper-case base 36 starting at
 * "A000…", then lower-case base 36 starting at "a000…".
 * @internal
 */
const DIGITS_UPPER = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function base36(text: string): number | undefined {
  let v = 0;
  for (const c of text.toUpperCase()) {
    const d = DIGITS_UPPER.indexOf(c);
    if (d < 0) return undefined;
    v = v * 36 + d;
  }
  return v;
}

/** Decode a hybrid-36 field of `width` characters (blank-padded); undefined when it is not one. @internal */
export function decodeHybrid36(width: number, field: string): number | undefined {
  const text = field.trim();
  if (text.length === 0) return undefined;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (text.length !== width) return undefined;
  const offset = 10 * 36 ** (width - 1);
  if (/^[A-Z][0-9A-Z]*$/.test(text)) return base36(text)! - offset + 10 ** width;
  if (/^[a-z][0-9a-z]*$/.test(text)) return base36(text)! - offset + 10 ** width + 26 * 36 ** (width - 1);
  return undefined;
}

/** Encode a non-negative integer in hybrid-36 for a field of `width` characters; throws when it cannot fit. @internal */
export function encodeHybrid36(width: number, value: number): string {
  if (!Number.isInteger(value)) throw new RangeError(`${value} is not an integer`);
  if (value < 10 ** width && value > -(10 ** (width - 1))) return String(value);
  if (value < 0) throw new RangeError(`${value} does not fit ${width} PDB columns`);
  let v = value - 10 ** width;
  const block = 26 * 36 ** (width - 1);
  let lower = false;
  if (v >= block) {
    v -= block;
    lower = true;
    if (v >= block) throw new RangeError(`${value} does not fit ${width} PDB columns even in hybrid-36`);
  }
  const text = (v + 10 * 36 ** (width - 1)).toString(36).toUpperCase();
  return lower ? text.toLowerCase() : text;
}
