import { type AtomsState, type ComputeOptions, NeighborList, type Potential, type PotentialResult } from '@equitensor/md';
import { Irrep, Irreps, sphericalHarmonics, sphericalHarmonicsWithGradient } from '@equitensor/so3';
import type { WorkerPool } from '@equitensor/tensor';
import { neighborData } from '../neighbor-data.ts';
import type { MaceConfig } from './config.ts';
import { InteractionBlock, type InteractionTape } from './interaction.ts';
import { BoundLinear } from './linear.ts';
import { MacePool } from './pool.ts';
import { BesselCutoffEmbedding } from './radial.ts';
import { RadialTable } from './radial-table.ts';
import { Readout } from './readout.ts';
import type { StateDict } from './state-dict.ts';
import { SymmetricContraction } from './symmetric-contraction.ts';

/**
 * A MACE graph: the directed edges sender → receiver with their vectors r_receiver − r_sender (+ periodic shift),
 * mace's `edge_index` convention; messages flow to the receiver.
 *
 * @example
 * ```ts
 * const graph: MaceGraph = { numbers, senders, receivers, vectors };
 * ```
 */
export interface MaceGraph {
  readonly numbers: Int32Array;
  readonly senders: Int32Array;
  readonly receivers: Int32Array;
  /** Edges × 3, Å. */
  readonly vectors: Float64Array;
}

/** What {@link MaceModel.evaluate} computes beyond the energy. */
export interface MaceEvaluateOptions {
  /** dE/d(edge vector) per edge (default true; forces and virial need it). */
  readonly gradients?: boolean;
  /** Keep every block's output, named as mace's modules (`node_embedding`, `interactions.0`, …), flat. */
  readonly intermediates?: boolean;
}

/** The result of {@link MaceModel.evaluate}. */
export interface MaceEvaluation {
  readonly energy: number;
  /** Per-node energies (E0 + scale·Σ readouts + shift), eV. */
  readonly nodeEnergies: Float64Array;
  /** dE/d(vector) per edge, edges × 3 (eV/Å), when gradients were asked for. */
  readonly edgeGradients?: Float64Array;
  readonly intermediates?: Readonly<Record<string, Float64Array>>;
}

interface Layer {
  readonly interaction: InteractionBlock;
  readonly product: SymmetricContraction;
  readonly productLinear: BoundLinear;
  readonly readout: Readout;
}

/**
 * A MACE / ScaleShiftMACE model (ACEsuit/mace v0.3.x, e3nn 0.5 conventions) evaluated in float64: the linear
 * node embedding, spherical harmonics (`@equitensor/so3`), the Bessel × polynomial-cutoff radial embedding, the
 * interactions, symmetric contractions and readouts, scale/shift and E0; the energy's exact gradient with respect
 * to every edge vector by a hand-written backward pass (forces and virial follow from it).
 *
 * @example
 * ```ts
 * const model = loadMaceModel(readFileSync('mace.json', 'utf8'));
 * const { energy, nodeEnergies, edgeGradients } = model.evaluate(graph);
 * ```
 */
export class MaceModel {
  readonly config: MaceConfig;
  readonly cutoff: number;
  readonly atomicNumbers: readonly number[];
  readonly atomicEnergies: Float64Array;
  readonly scale: number;
  readonly shift: number;
  readonly shIrreps: Irreps;
  private readonly embedding: BoundLinear;
  private readonly radial: BesselCutoffEmbedding;
  private readonly layers: Layer[];
  private readonly elementIndex = new Map<number, number>();
  private pool: MacePool | null = null;

  constructor(config: MaceConfig, sd: StateDict) {
    this.config = config;
    const E = config.atomicNumbers.length;
    config.atomicNumbers.forEach((z, i) => {
      this.elementIndex.set(z, i);
    });
    this.atomicNumbers = config.atomicNumbers;
    this.atomicEnergies = sd.tensor('atomic_energies_fn.atomic_energies', [E]);
    if (config.model === 'ScaleShiftMACE') {
      this.scale = sd.scalar('scale_shift.scale');
      this.shift = sd.scalar('scale_shift.shift');
    } else {
      this.scale = 1;
      this.shift = 0;
    }
    const rMax = sd.has('radial_embedding.bessel_fn.r_max') ? sd.scalar('radial_embedding.bessel_fn.r_max') : config.rMax;
    this.cutoff = rMax;
    this.radial = new BesselCutoffEmbedding(
      sd.tensor('radial_embedding.bessel_fn.bessel_weights', [config.numBessel]),
      sd.scalar('radial_embedding.bessel_fn.prefactor'),
      rMax,
      sd.has('radial_embedding.cutoff_fn.p') ? sd.scalar('radial_embedding.cutoff_fn.p') : config.numPolynomialCutoff,
    );
    const hidden = config.hiddenIrreps;
    const K = hidden.count('0e');
    const scalars = (mul: number) => new Irreps([[mul, new Irrep(0, 1)]]);
    this.embedding = new BoundLinear(scalars(E), scalars(K), sd.tensor('node_embedding.linear.weight', [E * K]));
    const sh = new Irreps(Array.from({ length: config.maxEll + 1 }, (_, l) => [1, new Irrep(l, l % 2 === 0 ? 1 : -1)] as const));
    this.shIrreps = sh;
    const target = new Irreps(sh.entries.map((e) => [K, e.ir] as const));
    const T = config.numInteractions;
    this.layers = [];
    let nodeIrreps = scalars(K);
    for (let t = 0; t < T; t++) {
      const last = t === T - 1;
      const hiddenOut = last ? scalars(K) : hidden;
      const kind = t === 0 ? config.interactionFirst : config.interaction;
      const interaction = new InteractionBlock(
        sd,
        t,
        kind,
        nodeIrreps,
        sh,
        target,
        hiddenOut,
        E,
        config.radialMlp,
        config.numBessel,
        config.avgNumNeighbors,
      );
      const product = new SymmetricContraction(
        sd,
        `products.${t}.symmetric_contractions`,
        hiddenOut,
        sh.dim,
        E,
        config.correlation[t] as number,
      );
      const productLinear = new BoundLinear(hiddenOut, hiddenOut, sd.tensor(`products.${t}.linear.weight`, [-1]));
      const readout = new Readout(sd, t, hiddenOut, last ? config.mlpIrreps : null);
      this.layers.push({ interaction, product, productLinear, readout });
      nodeIrreps = hiddenOut;
    }
  }

  /**
   * The blocks of interaction t (0-based): its interaction (with the convolution's `TensorProduct` and
   * `EdgeConvolution`) and its symmetric contraction — for other back ends and tests.
   */
  block(t: number): { readonly interaction: InteractionBlock; readonly product: SymmetricContraction } {
    const layer = this.layers[t];
    if (!layer) throw new RangeError(`block ${t}: the model has ${this.layers.length} interactions`);
    return { interaction: layer.interaction, product: layer.product };
  }

  /**
   * Tabulate every interaction's radial MLP on `knots` steps of (0, r_max] (quintic Hermite from exact first and
   * second derivatives, {@link RadialTable}): energy + forces 1.8–2.8× faster on the reference model, forces within
   * ~2e-13 of the exact model's at 2,048 knots (values converge as h⁶, derivatives as h⁵; docs/BENCHMARKS.md).
   * `knots = 0` goes back to the MLP. Intermediates (`evaluate(…, { intermediates: true })`) report the Bessel
   * embedding either way. The exact MLP is the default.
   *
   * @example
   * ```ts
   * const potential = new MacePotential(loadMaceModel(text).tabulateRadial(2048));
   * ```
   */
  tabulateRadial(knots = 2048): this {
    for (const layer of this.layers)
      layer.interaction.table = knots > 0 ? new RadialTable(this.radial, layer.interaction.mlp, knots) : null;
    return this;
  }

  /**
   * Run the edge work (radial MLPs and edge convolutions) and the symmetric contractions, forward and backward, on a
   * shared-memory worker pool (`@equitensor/tensor`'s `WorkerPool`, e.g. `NodeWorkerPool` from
   * `@equitensor/tensor/node`); the results are the serial model's bit for bit, for any number of workers ({@link MacePool}). `null` goes back to one thread. The
   * caller owns and closes the pool.
   *
   * @example
   * ```ts
   * const pool = new NodeWorkerPool({ workers: 2 });
   * const potential = new MacePotential(loadMaceModel(text).usePool(pool));
   * ```
   */
  usePool(pool: WorkerPool | null): this {
    this.pool =
      pool === null
        ? null
        : new MacePool(
            this.layers.map((layer) => layer.interaction),
            this.radial.size,
            pool,
            this.layers.map((layer) => layer.product),
          );
    return this;
  }

  /** The element index (position in `atomic_numbers`) of each atom; a RangeError names an unknown one. */
  elements(numbers: Int32Array): Int32Array {
    const out = new Int32Array(numbers.length);
    for (let i = 0; i < numbers.length; i++) {
      const e = this.elementIndex.get(numbers[i] as number);
      if (e === undefined) {
        throw new RangeError(
          `numbers[${i}]: atomic number ${numbers[i]} is not one of the model's elements (${this.atomicNumbers.join(', ')})`,
        );
      }
      out[i] = e;
    }
    return out;
  }

  /** Energy, per-node energies and (by default) dE/d(edge vector) of one graph. */
  evaluate(graph: MaceGraph, options: MaceEvaluateOptions = {}): MaceEvaluation {
    const wantGrad = options.gradients ?? true;
    const keep: Record<string, Float64Array> | null = options.intermediates ? {} : null;
    const elements = this.elements(graph.numbers);
    const nodes = elements.length;
    const E = this.atomicNumbers.length;
    const edges = graph.senders.length;
    if (graph.receivers.length !== edges || graph.vectors.length !== 3 * edges) {
      throw new RangeError(
        `graph: senders (${edges}), receivers (${graph.receivers.length}) and vectors (${graph.vectors.length / 3}) differ in length`,
      );
    }
    for (let e = 0; e < edges; e++) {
      const s = graph.senders[e] as number;
      const r = graph.receivers[e] as number;
      if (!(s >= 0 && s < nodes && r >= 0 && r < nodes))
        throw new RangeError(`graph: edge ${e} (${s} → ${r}) names an atom outside 0…${nodes - 1}`);
    }
    const attrs = new Float64Array(nodes * E);
    for (let n = 0; n < nodes; n++) attrs[n * E + (elements[n] as number)] = 1;
    const L = this.shIrreps.dim;
    let sh: Float64Array;
    let shGrad: Float64Array | null = null;
    if (wantGrad) {
      const r = sphericalHarmonicsWithGradient(this.config.maxEll, graph.vectors, true, 'component');
      sh = r.values;
      shGrad = r.gradients;
    } else sh = sphericalHarmonics(this.config.maxEll, graph.vectors, true, 'component');
    const nb = this.radial.size;
    // an edge and its reverse (vector −v, same length) share one radial row and one radial-MLP evaluation
    const { radialIndex, rows, representative } = pairEdges(graph);
    // with every interaction's radial MLP tabulated, the Bessel basis is needed only for the intermediates
    const tabulated = this.layers.every((layer) => layer.interaction.table !== null) && !keep;
    const radial = new Float64Array(tabulated ? 0 : rows * nb);
    const radialDeriv = wantGrad && !tabulated ? new Float64Array(rows * nb) : undefined;
    const lengths = new Float64Array(edges);
    const rowLengths = new Float64Array(rows);
    for (let e = 0; e < edges; e++) {
      const x = graph.vectors[3 * e] as number;
      const y = graph.vectors[3 * e + 1] as number;
      const z = graph.vectors[3 * e + 2] as number;
      const r = Math.sqrt(x * x + y * y + z * z);
      lengths[e] = r;
      if (representative[e] === 1) {
        rowLengths[radialIndex[e] as number] = r;
        if (!tabulated) this.radial.evaluate(r, radial, radialDeriv, (radialIndex[e] as number) * nb);
      }
    }
    const inputs = { senders: graph.senders, receivers: graph.receivers, sh, radial, radialIndex, rowLengths, attrs, elements };
    const pool = this.pool;
    pool?.prepare(inputs, nodes);
    let h = this.embedding.forward(attrs);
    if (keep) {
      keep.node_embedding = h;
      keep.spherical_harmonics = sh;
      const perEdge = new Float64Array(edges * nb);
      for (let e = 0; e < edges; e++)
        perEdge.set(radial.subarray((radialIndex[e] as number) * nb, (radialIndex[e] as number) * nb + nb), e * nb);
      keep.radial_embedding = perEdge;
    }
    const nodeEnergies = new Float64Array(nodes);
    const tapes: { tape: InteractionTape; x: Float64Array; h: Float64Array; sc: Float64Array | null }[] = [];
    this.layers.forEach((layer, t) => {
      const { out, sc, tape } = layer.interaction.forward(h, inputs, pool, t);
      const b = pool ? pool.productForward(t, out) : layer.product.forward(out, elements);
      const next = layer.productLinear.forward(b);
      if (sc) for (let q = 0; q < next.length; q++) next[q] = (next[q] as number) + (sc[q] as number);
      const r = layer.readout.forward(next);
      for (let n = 0; n < nodes; n++) nodeEnergies[n] = (nodeEnergies[n] as number) + (r[n] as number);
      if (keep) {
        keep[`interactions.${t}`] = out;
        keep[`products.${t}`] = next;
        keep[`readouts.${t}`] = r;
      }
      tapes.push({ tape, x: out, h: next, sc });
      h = next;
    });
    let energy = 0;
    for (let n = 0; n < nodes; n++) {
      const v = (this.atomicEnergies[elements[n] as number] as number) + this.scale * (nodeEnergies[n] as number) + this.shift;
      nodeEnergies[n] = v;
      energy += v;
    }
    const result: { -readonly [K in keyof MaceEvaluation]: MaceEvaluation[K] } = { energy, nodeEnergies };
    if (keep) result.intermediates = keep;
    if (!wantGrad) return result;

    // backward: dE/dh of each layer's output, then through product, interaction, to harmonics and radial basis
    const gSh = new Float64Array(sh.length);
    const gRadial = new Float64Array(radial.length);
    const gRowLength = new Float64Array(rows);
    let gFromAbove: Float64Array | null = null;
    for (let t = this.layers.length - 1; t >= 0; t--) {
      const layer = this.layers[t] as Layer;
      const rec = tapes[t] as (typeof tapes)[number];
      const gH = layer.readout.backward(rec.h, nodes, this.scale);
      if (gFromAbove) for (let q = 0; q < gH.length; q++) gH[q] = (gH[q] as number) + (gFromAbove[q] as number);
      const gB = layer.productLinear.transpose(gH);
      const gX = pool ? pool.productBackward(t, rec.x, gB) : layer.product.backward(rec.x, elements, gB);
      gFromAbove = layer.interaction.backward(rec.tape, inputs, gX, rec.sc ? gH : null, gSh, gRadial, gRowLength, t > 0, pool, t);
    }
    const edgeGradients = new Float64Array(3 * edges);
    for (let e = 0; e < edges; e++) {
      const r = lengths[e] as number;
      // the shared row's gradient is the sum over the edge and its reverse; forces and virial depend on that sum only
      // (the two vectors are v and −v), so the representative edge carries it and the other none
      let gr = 0;
      if (representative[e] === 1) {
        const o = (radialIndex[e] as number) * nb;
        gr = gRowLength[radialIndex[e] as number] as number;
        if (radialDeriv) for (let k = 0; k < nb; k++) gr += (gRadial[o + k] as number) * (radialDeriv[o + k] as number);
      }
      for (let c = 0; c < 3; c++) {
        let acc = (gr * (graph.vectors[3 * e + c] as number)) / r;
        for (let k = 0; k < L; k++) acc += (gSh[e * L + k] as number) * ((shGrad as Float64Array)[(e * L + k) * 3 + c] as number);
        edgeGradients[3 * e + c] = acc;
      }
    }
    result.edgeGradients = edgeGradients;
    return result;
  }

  /**
   * The graph of a configuration: every pair within the cutoff, periodic images included (mace's neighbour list,
   * no self edges), senders i and receivers j with vector r_j − r_i + shift.
   */
  graph(atoms: AtomsState, list?: NeighborList): MaceGraph {
    const nd = neighborData(atoms, this.cutoff, list);
    const total = nd.neighbors.length;
    const senders = new Int32Array(total);
    for (let i = 0; i < atoms.numbers.length; i++) senders.fill(i, nd.start[i] as number, nd.start[i + 1] as number);
    return { numbers: atoms.numbers, senders, receivers: Int32Array.from(nd.neighbors), vectors: Float64Array.from(nd.vectors) };
  }
}

/**
 * A MACE model as an `@equitensor/md` `Potential`: energy, forces −∂E/∂r and virial W = −∂E/∂ε from the exact
 * edge-vector gradients, per-atom energies on request. Reuses a full Verlet list (skin 0.5 Å) between calls.
 *
 * @example
 * ```ts
 * const potential = new MacePotential(loadMaceModel(readFileSync('mace.json', 'utf8')));
 * const { energy, forces, virial } = potential.compute(atoms);
 * ```
 */
export class MacePotential implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly model: MaceModel;
  private list: NeighborList | null = null;

  constructor(model: MaceModel, name = 'mace') {
    this.model = model;
    this.cutoff = model.cutoff;
    this.name = name;
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    this.list ??= new NeighborList({ cutoff: this.cutoff, skin: 0.5, kind: 'full' });
    const graph = this.model.graph(atoms, this.list);
    const { energy, nodeEnergies, edgeGradients } = this.model.evaluate(graph);
    const g = edgeGradients as Float64Array;
    const forces = new Float64Array(atoms.positions.length);
    const virial = new Float64Array(9);
    const edges = graph.senders.length;
    for (let e = 0; e < edges; e++) {
      const s = 3 * (graph.senders[e] as number);
      const r = 3 * (graph.receivers[e] as number);
      for (let a = 0; a < 3; a++) {
        const ga = g[3 * e + a] as number;
        // vector = r_receiver − r_sender (+ shift)
        forces[r + a] = (forces[r + a] as number) - ga;
        forces[s + a] = (forces[s + a] as number) + ga;
        for (let b = 0; b < 3; b++) virial[3 * a + b] = (virial[3 * a + b] as number) - ga * (graph.vectors[3 * e + b] as number);
      }
    }
    const out: PotentialResult = { energy, forces, virial };
    return options.perAtomEnergies ? { ...out, perAtomEnergies: nodeEnergies } : out;
  }
}

/**
 * Pairs each edge with its reverse (receiver → sender with vector exactly −v, as every full neighbour list has):
 * both get one radial row; the first of the two seen is the representative. Edges without a reverse get a row of
 * their own. Vectors are compared bit for bit (−(a + s) = (−a) − s exactly in IEEE arithmetic).
 */
function pairEdges(graph: MaceGraph): { radialIndex: Int32Array; rows: number; representative: Uint8Array } {
  const edges = graph.senders.length;
  const nodes = graph.numbers.length;
  const radialIndex = new Int32Array(edges).fill(-1);
  const representative = new Uint8Array(edges);
  // edges by sender (counting sort, edge order kept within each sender)
  const start = new Int32Array(nodes + 1);
  for (let e = 0; e < edges; e++) start[(graph.senders[e] as number) + 1] = (start[(graph.senders[e] as number) + 1] as number) + 1;
  for (let n = 0; n < nodes; n++) start[n + 1] = (start[n + 1] as number) + (start[n] as number);
  const fill = start.slice(0, nodes);
  const bySender = new Int32Array(edges);
  for (let e = 0; e < edges; e++) {
    const s = graph.senders[e] as number;
    bySender[fill[s] as number] = e;
    fill[s] = (fill[s] as number) + 1;
  }
  let rows = 0;
  const v = graph.vectors;
  for (let e = 0; e < edges; e++) {
    if (radialIndex[e] !== -1) continue;
    const s = graph.senders[e] as number;
    const r = graph.receivers[e] as number;
    const x = -(v[3 * e] as number);
    const y = -(v[3 * e + 1] as number);
    const z = -(v[3 * e + 2] as number);
    radialIndex[e] = rows;
    representative[e] = 1;
    for (let q = start[r] as number; q < (start[r + 1] as number); q++) {
      const f = bySender[q] as number;
      if (radialIndex[f] !== -1 || graph.receivers[f] !== s || f === e) continue;
      if (v[3 * f] === x && v[3 * f + 1] === y && v[3 * f + 2] === z) {
        radialIndex[f] = rows;
        break;
      }
    }
    rows++;
  }
  return { radialIndex, rows, representative };
}
