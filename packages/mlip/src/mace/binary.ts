import { MaceModelError } from './errors.ts';

/** The 8 ASCII bytes that open a binary MACE model file. */
export const MACE_BINARY_MAGIC = 'EQTMACE1';

/** The storage precision of a tensor in a binary MACE model file. */
export type MaceBinaryDType = 'float64' | 'float32';

/** A MACE model as the loader takes it: `config` and `state_dict` entries `{ shape, data }` (flat, C order). */
export interface MaceModelContent {
  readonly config: unknown;
  readonly state_dict: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: ArrayLike<number> }>>;
}

/** Whether bytes start with the binary model file's magic `EQTMACE1`. */
export function isMaceBinary(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== MACE_BINARY_MAGIC.charCodeAt(i)) return false;
  return true;
}

/**
 * Read a binary MACE model file (the compact layout for large models, written by `tools/mace/*_to_model.py`
 * for any output name not ending in `.json`, or by {@link writeMaceBinary}):
 *
 * - bytes 0–7: ASCII `EQTMACE1`; bytes 8–11: uint32 little-endian header length H;
 * - H bytes of UTF-8 JSON `{ format: "equitensor-mace-binary/1", config, tensors: { name: { shape, dtype, offset } } }`,
 *   `dtype` `float64` or `float32`, `offset` in bytes from the start of the blob;
 * - the blob, right after the header: each tensor's values little-endian in C order.
 *
 * Returns the content with every tensor widened to a Float64Array (exact for float32). A truncated file or a bad
 * header is a {@link MaceModelError} naming the file and the part.
 *
 * @example
 * ```ts
 * const content = readMaceBinary(new Uint8Array(readFileSync('mace-mp-0-medium.macebin')), { fileName: 'mace-mp-0-medium.macebin' });
 * const model = loadMaceModel(content);
 * ```
 */
export function readMaceBinary(bytes: Uint8Array, options: { readonly fileName?: string } = {}): MaceModelContent {
  const file = options.fileName ?? 'model';
  const fail = (part: string, message: string): never => {
    throw new MaceModelError(`${file}: ${part}`, message);
  };
  if (!isMaceBinary(bytes)) fail('bytes 0–7', `expected the magic ${MACE_BINARY_MAGIC} of a binary MACE model`);
  if (bytes.length < 12) fail('bytes 8–11', 'expected the header length (file truncated)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  const blobStart = 12 + headerLength;
  if (blobStart > bytes.length) fail('header', `expected ${headerLength} header bytes, the file has ${bytes.length - 12}`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, blobStart)));
  } catch (e) {
    fail('header', `expected UTF-8 JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('header', 'expected a JSON object');
  const h = header as Record<string, unknown>;
  if (h.format !== 'equitensor-mace-binary/1')
    fail('header.format', `expected "equitensor-mace-binary/1", found ${JSON.stringify(h.format)}`);
  if (!Object.hasOwn(h, 'config')) fail('header.config', 'missing');
  const tensors = h.tensors;
  if (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors)) fail('header.tensors', 'expected an object');
  const state_dict: Record<string, { shape: number[]; data: Float64Array }> = {};
  const blobLength = bytes.length - blobStart;
  for (const [name, entry] of Object.entries(tensors as Record<string, unknown>)) {
    const part = `header.tensors["${name}"]`;
    const t = entry as { shape?: unknown; dtype?: unknown; offset?: unknown } | null;
    if (t === null || typeof t !== 'object') fail(part, 'expected { shape, dtype, offset }');
    const { shape, dtype, offset } = t as { shape?: unknown; dtype?: unknown; offset?: unknown };
    if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0))
      fail(`${part}.shape`, 'expected a list of non-negative integers');
    if (dtype !== 'float64' && dtype !== 'float32')
      fail(`${part}.dtype`, `expected "float64" or "float32", found ${JSON.stringify(dtype)}`);
    if (!Number.isInteger(offset) || (offset as number) < 0) fail(`${part}.offset`, 'expected a non-negative integer');
    const numel = (shape as number[]).reduce((p, s) => p * s, 1);
    const width = dtype === 'float64' ? 8 : 4;
    const start = offset as number;
    if (start + numel * width > blobLength) {
      fail(part, `expected ${numel * width} bytes at blob offset ${start}, the blob has ${blobLength} (file truncated?)`);
    }
    const data = new Float64Array(numel);
    const at = blobStart + start;
    if (width === 8) for (let i = 0; i < numel; i++) data[i] = view.getFloat64(at + 8 * i, true);
    else for (let i = 0; i < numel; i++) data[i] = view.getFloat32(at + 4 * i, true);
    state_dict[name] = { shape: (shape as number[]).slice(), data };
  }
  return { config: h.config, state_dict };
}

/**
 * Write a MACE model (`{ config, state_dict }`, e.g. the parsed JSON model file) in the binary layout that
 * {@link readMaceBinary} reads: about half the size of JSON in float64, a quarter in float32. Tensors are stored
 * in `dtype` (float32 rounds each value to the nearest float32, ~6e-8 relative); offsets are multiples of 8.
 *
 * @example
 * ```ts
 * writeFileSync('small.macebin', writeMaceBinary(JSON.parse(readFileSync('small.json', 'utf8'))));
 * ```
 */
export function writeMaceBinary(content: MaceModelContent, options: { readonly dtype?: MaceBinaryDType } = {}): Uint8Array {
  const dtype = options.dtype ?? 'float64';
  const width = dtype === 'float64' ? 8 : 4;
  const tensors: Record<string, { shape: number[]; dtype: MaceBinaryDType; offset: number }> = {};
  let offset = 0;
  for (const [name, t] of Object.entries(content.state_dict)) {
    tensors[name] = { shape: t.shape.slice(), dtype, offset };
    offset += Math.ceil((t.data.length * width) / 8) * 8;
  }
  let header = new TextEncoder().encode(JSON.stringify({ format: 'equitensor-mace-binary/1', config: content.config, tensors }));
  const pad = (8 - ((12 + header.length) % 8)) % 8;
  if (pad > 0) {
    const padded = new Uint8Array(header.length + pad).fill(0x20);
    padded.set(header);
    header = padded;
  }
  const out = new Uint8Array(12 + header.length + offset);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = MACE_BINARY_MAGIC.charCodeAt(i);
  view.setUint32(8, header.length, true);
  out.set(header, 12);
  const blob = 12 + header.length;
  for (const [name, t] of Object.entries(content.state_dict)) {
    const at = blob + (tensors[name] as { offset: number }).offset;
    const n = t.data.length;
    if (width === 8) for (let i = 0; i < n; i++) view.setFloat64(at + 8 * i, t.data[i] as number, true);
    else for (let i = 0; i < n; i++) view.setFloat32(at + 4 * i, t.data[i] as number, true);
  }
  return out;
}
