/** One column group of `Properties=name:type:width:…`. @internal */
export interface PropertyColumn {
  name: string;
  type: 'S' | 'R' | 'I' | 'L';
  width: number;
  /** 0-based character offset of this entry inside the Properties value (for error columns). */
  offset: number;
}

/** A problem inside the Properties value at a 0-based offset. @internal */
export class PropertiesSyntaxError extends Error {
  readonly offset: number;
  readonly expected: string;
  readonly found: string;
  constructor(offset: number, expected: string, found: string) {
    super(`expected ${expected}`);
    this.offset = offset;
    this.expected = expected;
    this.found = found;
  }
}

/**
 * Parse `species:S:1:pos:R:3:forces:R:3` into columns; types S R I L (either case), widths ≥ 1,
 * names unique.
 * @internal
 */
export function parseProperties(text: string): PropertyColumn[] {
  const parts = text.split(':');
  const offsets: number[] = [];
  let at = 0;
  for (const part of parts) {
    offsets.push(at);
    at += part.length + 1;
  }
  if (parts.length % 3 !== 0) {
    throw new PropertiesSyntaxError(0, 'name:type:width triplets in Properties', text);
  }
  const columns: PropertyColumn[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < parts.length; i += 3) {
    const name = parts[i]!;
    const type = parts[i + 1]!.toUpperCase();
    const widthText = parts[i + 2]!;
    if (name.length === 0 || /\s/.test(name)) throw new PropertiesSyntaxError(offsets[i]!, 'a property name', name);
    if (seen.has(name)) throw new PropertiesSyntaxError(offsets[i]!, `a property name not used before (${name} repeats)`, name);
    seen.add(name);
    if (type !== 'S' && type !== 'R' && type !== 'I' && type !== 'L') {
      throw new PropertiesSyntaxError(offsets[i + 1]!, 'a column type S, R, I or L', parts[i + 1]!);
    }
    if (!/^\d+$/.test(widthText) || Number(widthText) < 1 || Number(widthText) > 1_000_000) {
      throw new PropertiesSyntaxError(offsets[i + 2]!, 'a positive column count', widthText);
    }
    columns.push({ name, type, width: Number(widthText), offset: offsets[i]! });
  }
  return columns;
}

/** Write columns as a Properties value. @internal */
export function formatProperties(columns: readonly { name: string; type: string; width: number }[]): string {
  return columns.map((c) => `${c.name}:${c.type}:${c.width}`).join(':');
}
