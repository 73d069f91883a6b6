/**
 * The "Simulation" fieldset: run / step / restart and the parameters a user changes while a scenario
 * runs (temperature, time step, thermostat, friction, cutoff, tensor-product kind), with only the rows the
 * running scenario uses shown.
 */
import { TENSOR_PRODUCT_KINDS } from '@equitensor/mlip';
import type { SimParams } from '../worker/protocol.ts';
import { el, labelled } from './dom.ts';

/** What the simulation controls ask the app to do. */
export interface ParamActions {
  /** A parameter changed (send them to the worker). */
  paramsChanged(): void;
  /** The tensor-product kind changed (a new fit: restart with the current parameters). */
  refit(): void;
  /** Run ↔ pause; returns whether the run is now paused. */
  togglePause(): boolean;
  step(): void;
  restart(): void;
}

/**
 * The simulation fieldset and its parameter inputs.
 *
 * @example
 * ```ts
 * const controls = new ParamControls(actions);
 * aside.append(controls.fieldset);
 * controls.write(DEFAULT_PARAMS);
 * ```
 */
export class ParamControls {
  readonly fieldset: HTMLFieldSetElement;
  private readonly inputs = new Map<keyof SimParams, HTMLInputElement | HTMLSelectElement>();
  private readonly rows = new Map<keyof SimParams, HTMLElement>();
  private readonly runButton: HTMLButtonElement;
  /** What the last {@link read} refused, in words (null: nothing). */
  refusedText: string | null = null;

  constructor(actions: ParamActions) {
    const numberInput = (key: keyof SimParams, label: string, step: string): void => {
      const input = el('input', { type: 'number', step, min: '0', id: `param-${key}` });
      input.addEventListener('change', () => actions.paramsChanged());
      this.add(key, label, input);
    };
    numberInput('temperature', 'Temperature (K)', '10');
    numberInput('dt', 'Time step (fs)', '0.5');
    const thermostat = el(
      'select',
      { id: 'param-thermostat' },
      el('option', { value: 'langevin', textContent: 'Langevin (NVT)' }),
      el('option', { value: 'nve', textContent: 'none (NVE)' }),
    );
    thermostat.addEventListener('change', () => actions.paramsChanged());
    this.add('thermostat', 'Thermostat', thermostat);
    numberInput('friction', 'Friction (1/fs)', '0.005');
    numberInput('cutoff', 'Cutoff (Å)', '0.5');
    const tpKind = el('select', { id: 'param-tpKind' });
    for (const kind of TENSOR_PRODUCT_KINDS) tpKind.append(el('option', { value: kind, textContent: kind }));
    tpKind.addEventListener('change', () => actions.refit());
    this.add('tpKind', 'Tensor product', tpKind);

    const runButton = el('button', {
      id: 'run',
      textContent: 'Pause',
      onclick: () => this.setPaused(actions.togglePause()),
    });
    const stepButton = el('button', {
      id: 'step',
      textContent: 'Step',
      onclick: () => {
        this.setPaused(true);
        actions.step();
      },
    });
    const restartButton = el('button', { textContent: 'Restart', onclick: () => actions.restart() });
    this.runButton = runButton;
    this.fieldset = el(
      'fieldset',
      {},
      el('legend', { textContent: 'Simulation' }),
      el('div', { className: 'buttons' }, runButton, stepButton, restartButton),
      ...this.rows.values(),
    );
  }

  /** Show the run button as paused (`Run`) or running (`Pause`). */
  setPaused(paused: boolean): void {
    this.runButton.textContent = paused ? 'Run' : 'Pause';
  }

  /** Show only the rows of `keys`. */
  showOnly(keys: readonly (keyof SimParams)[]): void {
    for (const [key, row] of this.rows) row.hidden = !keys.includes(key);
  }

  /**
   * The parameters in the inputs; a value that is not a positive number is refused: it keeps the one of `current`,
   * its input is marked invalid (`aria-invalid`) and {@link refused} says so, for the app to show.
   */
  read(current: SimParams): SimParams {
    const refused: string[] = [];
    const num = (key: keyof SimParams, fallback: number): number => {
      const input = this.inputs.get(key) as HTMLInputElement | undefined;
      const v = Number(input?.value);
      const ok = Number.isFinite(v) && v > 0;
      if (input) {
        input.setAttribute('aria-invalid', String(!ok));
        input.classList.toggle('invalid', !ok);
      }
      if (!ok && input && !(this.rows.get(key)?.hidden ?? true)) {
        const label = this.rows.get(key)?.firstChild?.textContent ?? key;
        refused.push(`${label}: "${input.value}" refused, a positive number is needed; the run keeps ${fallback}`);
      }
      return ok ? v : fallback;
    };
    const params: SimParams = {
      temperature: num('temperature', current.temperature),
      dt: num('dt', current.dt),
      friction: num('friction', current.friction),
      cutoff: num('cutoff', current.cutoff),
      thermostat: (this.inputs.get('thermostat') as HTMLSelectElement).value === 'nve' ? 'nve' : 'langevin',
      tpKind: (this.inputs.get('tpKind') as HTMLSelectElement).value,
    };
    this.refusedText = refused.length > 0 ? refused.join('; ') : null;
    return params;
  }

  /** Show `params` in the inputs. */
  write(params: SimParams): void {
    for (const [key, input] of this.inputs) {
      input.value = String(params[key]);
      input.removeAttribute('aria-invalid');
      input.classList.remove('invalid');
    }
  }

  private add(key: keyof SimParams, label: string, input: HTMLInputElement | HTMLSelectElement): void {
    this.inputs.set(key, input);
    this.rows.set(key, labelled(label, input));
  }
}
