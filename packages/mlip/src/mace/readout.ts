import type { Irreps } from '@equitensor/so3';
import { BoundLinear } from './linear.ts';
import { normalizedSiluConstant } from './normalize-activation.ts';
import type { StateDict } from './state-dict.ts';

/**
 * mace's readouts: `LinearReadoutBlock` (one e3nn Linear to 0e) after every interaction but the last, and
 * `NonLinearReadoutBlock` (Linear to the MLP irreps, e3nn's normalised SiLU, Linear to 0e) after the last.
 *
 * @example
 * ```ts
 * const readout = new Readout(sd, 0, new Irreps('16x0e+16x1o'), null);
 * const energies = readout.forward(h); // one value per node
 * const gh = readout.backward(h, scale); // gradient of scale·Σ energies
 * ```
 */
export class Readout {
  private readonly linear: BoundLinear | null;
  private readonly linear1: BoundLinear | null;
  private readonly linear2: BoundLinear | null;
  private readonly c: number;

  constructor(sd: StateDict, index: number, irrepsIn: Irreps, mlpIrreps: Irreps | null) {
    const p = `readouts.${index}`;
    if (mlpIrreps === null) {
      this.linear = new BoundLinear(irrepsIn, '0e', sd.tensor(`${p}.linear.weight`, [-1]));
      this.linear1 = null;
      this.linear2 = null;
      this.c = 1;
    } else {
      this.linear = null;
      this.linear1 = new BoundLinear(irrepsIn, mlpIrreps, sd.tensor(`${p}.linear_1.weight`, [-1]));
      this.linear2 = new BoundLinear(mlpIrreps, '0e', sd.tensor(`${p}.linear_2.weight`, [-1]));
      this.c = normalizedSiluConstant();
    }
  }

  /** One energy contribution per node. */
  forward(h: Float64Array): Float64Array {
    if (this.linear) return this.linear.forward(h);
    const z = (this.linear1 as BoundLinear).forward(h);
    const a = z.map((v) => (this.c * v) / (1 + Math.exp(-v)));
    return (this.linear2 as BoundLinear).forward(a);
  }

  /** Gradient of `weight`·Σ_nodes forward(h) with respect to h. */
  backward(h: Float64Array, nodes: number, weight: number): Float64Array {
    const g = new Float64Array(nodes).fill(weight);
    if (this.linear) return this.linear.transpose(g);
    const l1 = this.linear1 as BoundLinear;
    const z = l1.forward(h);
    const ga = (this.linear2 as BoundLinear).transpose(g);
    for (let q = 0; q < ga.length; q++) {
      const v = z[q] as number;
      const s = 1 / (1 + Math.exp(-v));
      ga[q] = (ga[q] as number) * this.c * s * (1 + v * (1 - s));
    }
    return l1.transpose(ga);
  }
}
