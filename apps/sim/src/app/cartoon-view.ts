/**
 * The cartoon of the shown protein, computed in a worker (`../worker/cartoon.worker.ts`: residues, secondary
 * structure from the file's HELIX/SHEET records or DSSP's rules, the ribbon mesh) as soon as the protein is shown, so
 * that ticking "Cartoon" only hands the finished mesh to the viewer. Ticking before it is ready waits for it; a new
 * structure supersedes the work for the previous one.
 */
import type { Structure } from '@equitensor/io';
import type { MoleculeViewer } from '@equitensor/viewer';
import { type CartoonError, type CartoonResult, cartoonInput } from '../worker/cartoon-compute.ts';

/** What the app learns about a cartoon shown. */
export interface ShownCartoon {
  readonly residues: number;
  readonly helix: number;
  readonly strand: number;
  /** Where the secondary structure came from. */
  readonly source: 'HELIX/SHEET records' | 'computed (DSSP rules)';
  /** Time from ticking "Cartoon" to the mesh in the viewer, ms (the worker's time included when it was not ready). */
  readonly ms: number;
  /** The worker's time from the structure to the mesh, ms. */
  readonly computeMs: number;
}

/** The answer of {@link CartoonClient.show} when a newer request (a new tick, untick or structure) overtook it. */
export const SUPERSEDED = 'superseded';

/**
 * Cartoons computed ahead in a worker, one structure at a time.
 *
 * @example
 * ```ts
 * const cartoons = new CartoonClient(() => viewer);
 * cartoons.prepare(protein); // when the protein is shown
 * const shown = await cartoons.show(protein); // when "Cartoon" is ticked: { residues: 130, helix: 52, … }
 * ```
 */
export class CartoonClient {
  private worker: Worker | null = null;
  private prepared: { structure: Structure; result: Promise<CartoonResult> } | null = null;
  private requests = 0;

  constructor(private readonly viewer: () => MoleculeViewer) {}

  /** Start computing `structure`'s cartoon (null: forget the last one). */
  prepare(structure: Structure | null): void {
    this.worker?.terminate();
    this.worker = null;
    this.prepared = null;
    if (!structure) return;
    const worker = new Worker(new URL('../worker/cartoon.worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    const result = new Promise<CartoonResult>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent<CartoonResult | CartoonError>) => {
        const m = event.data;
        if (m.type === 'cartoon') resolve(m);
        else reject(new RangeError(m.message));
        worker.terminate();
        if (this.worker === worker) this.worker = null;
      });
      worker.addEventListener('error', (event) => reject(new Error(`Cartoon: the worker failed (${event.message})`)));
    });
    result.catch(() => {}); // reported when the cartoon is asked for
    worker.postMessage({ type: 'cartoon', id: 0, structure: cartoonInput(structure) });
    this.prepared = { structure, result };
  }

  /**
   * Show `structure`'s cartoon in the viewer (null: remove it), computing it now if it was not prepared. Resolves
   * with what is shown, or {@link SUPERSEDED} when a newer call came first; rejects with the reason when the
   * structure has no cartoon (no protein residues).
   */
  async show(structure: Structure | null): Promise<ShownCartoon | null | typeof SUPERSEDED> {
    const request = ++this.requests;
    if (!structure) {
      this.viewer().setCartoon(null);
      return null;
    }
    const started = performance.now();
    if (this.prepared?.structure !== structure) this.prepare(structure);
    const cartoon = await this.prepared!.result;
    if (request !== this.requests || this.prepared?.structure !== structure) return SUPERSEDED;
    this.viewer().setCartoon(cartoon);
    return {
      residues: cartoon.residues,
      helix: cartoon.helix,
      strand: cartoon.strand,
      source: cartoon.source,
      ms: performance.now() - started,
      computeMs: cartoon.ms,
    };
  }
}
