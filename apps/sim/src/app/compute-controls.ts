/**
 * The "Compute" fieldset for an opened structure: its electrostatic potential (structures with charges), and MD
 * (periodic structures) with a chosen potential — Lennard-Jones with ε and σ, an EAM file the user drops, or
 * Born-Mayer-Huggins pairs from a dropped `.born` file with the charges by smooth PME — and an MLIP fitted on the
 * file's frames (a dataset with energies and forces).
 */
import type { Structure } from '@equitensor/io';
import { TENSOR_PRODUCT_KINDS } from '@equitensor/mlip';
import type { PotentialChoice } from '../worker/protocol.ts';
import { el, labelled } from './dom.ts';

/** Relative force accuracy of PME in MD on an opened structure (LAMMPS' usual `kspace_style pppm 1e-5`). */
export const OPENED_PME_ACCURACY = 1e-5;

/** Extensions of the files the app reads as potential files, not structures (for the file picker's `accept`). */
export const POTENTIAL_FILE_EXTENSIONS: readonly string[] = ['.eam', '.alloy', '.setfl', '.born', '.json', '.macebin'];

/**
 * Whether a dropped potential file is a MACE model: the binary layout (`.macebin`), or JSON with a `state_dict`
 * (an ACE model from `equitensor mlip fit` has none).
 *
 * @example
 * ```ts
 * isMaceModelFile('mace_small_reference.json', text); // true
 * ```
 */
export function isMaceModelFile(fileName: string, content: string | Uint8Array): boolean {
  if (typeof content !== 'string') return true;
  return /\.json$/i.test(fileName) && content.includes('"state_dict"');
}

/**
 * Whether a dropped file is a potential file (EAM funcfl or setfl, Born-Mayer-Huggins pairs).
 *
 * @example
 * ```ts
 * isPotentialFile('Cu_u3.eam'); // true
 * isPotentialFile('water.xyz'); // false
 * ```
 */
export function isPotentialFile(name: string): boolean {
  const lower = name.toLowerCase();
  return POTENTIAL_FILE_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/** The per-atom charges of a structure: `charges` (PQR, extxyz) or `initial_charges` (ASE's extxyz), if any. */
export function chargesOf(structure: Structure): Float64Array | undefined {
  for (const key of ['charges', 'initial_charges']) {
    const column = structure.arrays[key];
    if (column?.type === 'R' && column.width === 1) return column.data;
  }
  return undefined;
}

/** What the compute controls ask for. */
export interface ComputeActions {
  potential(): void;
  /** Fit an MLIP on every frame of the file with this tensor-product kind. */
  fit(tpKind: string): void;
  md(choice: PotentialChoice): void;
  /** A choice cannot run (no potential file yet, bad ε or σ): say so. */
  refuse(text: string): void;
}

/**
 * The compute controls.
 *
 * @example
 * ```ts
 * const compute = new ComputeControls(actions);
 * compute.setStructure(frame);
 * ```
 */
export class ComputeControls {
  readonly fieldset: HTMLFieldSetElement;
  private readonly potentialButton: HTMLButtonElement;
  private readonly mdButton: HTMLButtonElement;
  private readonly fitButton: HTMLButtonElement;
  private readonly fitKind: HTMLSelectElement;
  private readonly kind: HTMLSelectElement;
  private readonly epsilon: HTMLInputElement;
  private readonly sigma: HTMLInputElement;
  private readonly fileLabel: HTMLSpanElement;
  private readonly ljRows: HTMLElement[];
  private files: Partial<Record<'eam' | 'born' | 'mlip', { fileName: string; text: string }>> = {};
  private maceFile: { fileName: string; data: string | Uint8Array } | undefined;

  constructor(actions: ComputeActions) {
    this.potentialButton = el('button', {
      id: 'compute-potential',
      textContent: 'Electrostatic potential',
      onclick: () => actions.potential(),
    });
    this.kind = el(
      'select',
      { id: 'md-potential' },
      el('option', { value: 'lj', textContent: 'Lennard-Jones' }),
      el('option', { value: 'eam', textContent: 'EAM (drop a .eam / .eam.alloy file)' }),
      el('option', { value: 'born-pme', textContent: 'Born-Mayer-Huggins + PME (drop a .born file)' }),
      el('option', { value: 'mlip', textContent: 'MLIP (fit one here, or drop a model .json)' }),
      el('option', { value: 'mace', textContent: 'MACE (drop a model .json / .macebin)' }),
    );
    this.kind.addEventListener('change', () => this.showKind());
    this.epsilon = el('input', { type: 'number', id: 'lj-epsilon', value: '0.0104', step: '0.001', min: '0' });
    this.sigma = el('input', { type: 'number', id: 'lj-sigma', value: '3.4', step: '0.1', min: '0' });
    this.ljRows = [labelled('LJ ε (eV)', this.epsilon), labelled('LJ σ (Å)', this.sigma)];
    this.fileLabel = el('span', { id: 'potential-file', textContent: 'none' });
    this.mdButton = el('button', {
      id: 'compute-md',
      textContent: 'Run MD',
      onclick: () => {
        const choice = this.choice();
        if (typeof choice === 'string') actions.refuse(choice);
        else actions.md(choice);
      },
    });
    this.fitKind = el('select', { id: 'fit-kind' });
    for (const kind of TENSOR_PRODUCT_KINDS) this.fitKind.append(el('option', { value: kind, textContent: kind }));
    this.fitButton = el('button', {
      id: 'compute-fit',
      textContent: 'Fit MLIP on the frames',
      onclick: () => actions.fit(this.fitKind.value),
    });
    this.fieldset = el(
      'fieldset',
      { id: 'compute', hidden: true },
      el('legend', { textContent: 'Compute on this structure' }),
      el('div', { className: 'buttons' }, this.potentialButton),
      labelled('MD potential', this.kind),
      ...this.ljRows,
      labelled('Potential file', this.fileLabel),
      el('div', { className: 'buttons' }, this.mdButton),
      labelled('MLIP tensor product', this.fitKind),
      el('div', { className: 'buttons' }, this.fitButton),
    );
    this.showKind();
  }

  /** The structure to compute on (null: none open); enables what applies to it. */
  setStructure(structure: Structure | null): void {
    this.fieldset.hidden = structure === null;
    if (!structure) return;
    const charged = chargesOf(structure) !== undefined;
    this.potentialButton.disabled = !charged;
    this.potentialButton.title = charged
      ? 'energy and potential map of the charges'
      : 'the structure has no charges (PQR, or extxyz charges / initial_charges)';
    const periodic = structure.cell !== null && structure.pbc.every(Boolean);
    this.mdButton.disabled = !periodic;
    this.mdButton.title = periodic ? 'MD in the periodic cell' : 'MD here needs a cell periodic in all three directions';
    const labelled =
      Object.keys(structure.info).some((k) => /energy/i.test(k)) && Object.keys(structure.arrays).some((k) => /forc/i.test(k));
    this.fitButton.disabled = !labelled;
    this.fitButton.title = labelled
      ? 'an equivariant MLIP (order 3, degree 12, 5.5 Å) fitted on every frame read'
      : 'a fit needs frames with an energy and forces';
  }

  /** A dropped potential file (EAM funcfl / setfl, Born-Mayer-Huggins pairs, an MLIP model), or a model fitted here; selects its kind. */
  setPotentialFile(fileName: string, text: string | Uint8Array): void {
    if (isMaceModelFile(fileName, text)) {
      this.maceFile = { fileName, data: text };
      this.kind.value = 'mace';
      this.showKind();
      return;
    }
    if (typeof text !== 'string') return;
    const slot = /\.born$/i.test(fileName) ? 'born' : /\.json$/i.test(fileName) ? 'mlip' : 'eam';
    this.files = { ...this.files, [slot]: { fileName, text } };
    this.kind.value = slot === 'born' ? 'born-pme' : slot;
    this.showKind();
  }

  /** The chosen potential, or why it cannot run. */
  private choice(): PotentialChoice | string {
    switch (this.kind.value) {
      case 'eam':
        return this.files.eam ? { kind: 'eam', ...this.files.eam } : 'Drop an EAM file (.eam funcfl, .eam.alloy setfl) first.';
      case 'mlip':
        return this.files.mlip
          ? { kind: 'mlip', ...this.files.mlip }
          : 'Fit an MLIP on a dataset here, or drop a model .json (equitensor mlip fit), first.';
      case 'mace':
        return this.maceFile
          ? { kind: 'mace', ...this.maceFile }
          : 'Drop a MACE model (.json or .macebin, tools/mace/ converts a PyTorch model) first.';
      case 'born-pme':
        return this.files.born
          ? { kind: 'born-pme', ...this.files.born, accuracy: OPENED_PME_ACCURACY }
          : 'Drop a Born-Mayer-Huggins file (.born: element element A ρ σ C D cutoff per line) first.';
      default: {
        const epsilon = Number(this.epsilon.value);
        const sigma = Number(this.sigma.value);
        if (!(epsilon > 0) || !(sigma > 0))
          return `Lennard-Jones ε and σ must be positive numbers, got ε = ${this.epsilon.value}, σ = ${this.sigma.value}.`;
        return { kind: 'lj', epsilon, sigma };
      }
    }
  }

  private showKind(): void {
    const kind = this.kind.value;
    for (const row of this.ljRows) row.hidden = kind !== 'lj';
    const file =
      kind === 'eam'
        ? this.files.eam
        : kind === 'born-pme'
          ? this.files.born
          : kind === 'mlip'
            ? this.files.mlip
            : kind === 'mace'
              ? this.maceFile
              : undefined;
    this.fileLabel.textContent = kind === 'lj' ? '—' : (file?.fileName ?? 'none: drop one on the view');
  }
}
