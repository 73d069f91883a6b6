/**
 * The molecular surface of the shown structure, computed in a worker (`../worker/surface.worker.ts`) and shown in
 * the viewer coloured by the electrostatic potential of the structure's charges (or uniformly without charges).
 * A newer request supersedes an older one still running.
 */
import type { Structure } from '@equitensor/io';
import type { MoleculeViewer, SurfaceKind } from '@equitensor/viewer';
import { atomCharges, vdwRadius } from '@equitensor/viewer';
import type { SurfaceRequest, SurfaceResult } from '../worker/surface-compute.ts';

/** What the app learns about a surface shown. */
export interface ShownSurface {
  readonly kind: SurfaceKind;
  readonly vertices: number;
  readonly triangles: number;
  /** The colour range ±limit, V (0: uniform colour). */
  readonly limit: number;
  readonly method: string;
  readonly surfaceMs: number;
  readonly potentialMs: number;
  /** From the request to the surface on screen, ms. */
  readonly totalMs: number;
}

/** The atoms' radii: PQR's `radii` column, else van der Waals radii by element. */
export function radiiOf(structure: Structure): Float64Array {
  const column = structure.arrays.radii;
  if (column?.type === 'R' && column.width === 1) return column.data;
  return Float64Array.from(structure.numbers, (z) => vdwRadius(z));
}

/**
 * Runs surface requests in one worker at a time.
 *
 * @example
 * ```ts
 * const surfaces = new SurfaceClient(viewer, (shown) => console.log(shown), alert);
 * surfaces.show(protein, 'ses', true);
 * ```
 */
export class SurfaceClient {
  private worker: Worker | null = null;
  private id = 0;

  constructor(
    private readonly viewer: () => MoleculeViewer,
    private readonly shown: (surface: ShownSurface | null) => void,
    private readonly error: (text: string) => void,
  ) {}

  /** Compute and show `structure`'s surface, coloured by its charges' potential when `byPotential` and it has charges; `null` hides it. */
  show(structure: Structure | null, kind: SurfaceKind | null, byPotential: boolean): void {
    this.cancel();
    if (!structure || !kind) {
      this.viewer().setSurface(null);
      this.shown(null);
      return;
    }
    const id = ++this.id;
    const started = performance.now();
    const charges = byPotential ? (atomCharges(structure) ?? null) : null;
    const request: SurfaceRequest = {
      type: 'surface',
      id,
      positions: structure.positions,
      radii: radiiOf(structure),
      charges,
      kind,
      probe: 1.4,
      // 0.5 Å resolves atoms; above 5000 atoms 0.7 Å halves the work (the surface moves by less than 0.1 Å)
      spacing: structure.numbers.length > 5000 ? 0.7 : 0.5,
    };
    const worker = new Worker(new URL('../worker/surface.worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    worker.addEventListener('message', (event: MessageEvent<SurfaceResult | { type: 'surface-error'; id: number; message: string }>) => {
      const m = event.data;
      if (m.id !== this.id) return;
      this.cancel();
      if (m.type === 'surface-error') {
        this.error(`Molecular surface: ${m.message}`);
        return;
      }
      const mesh = { positions: m.positions, normals: m.normals, indices: m.indices };
      this.viewer().setSurface(m.values ? { mesh, values: m.values, unit: 'V' } : { mesh });
      this.shown({
        kind,
        vertices: m.positions.length / 3,
        triangles: m.indices.length / 3,
        limit: this.viewer().surfaceLayer?.limit ?? 0,
        method: m.method,
        surfaceMs: m.surfaceMs,
        potentialMs: m.potentialMs,
        totalMs: performance.now() - started,
      });
    });
    worker.addEventListener('error', (event) => {
      if (id !== this.id) return;
      this.cancel();
      this.error(`Molecular surface: the worker failed (${event.message})`);
    });
    worker.postMessage(request);
  }

  /** Stop a computation in progress. */
  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
