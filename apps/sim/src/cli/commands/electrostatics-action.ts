/**
 * The work of `equitensor electrostatics`, loaded only when the command runs (see electrostatics.ts).
 */
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  directCoulomb,
  directPotentialOnGrid,
  ewaldCoulomb,
  ewaldPotentialOnGrid,
  meshCoulomb,
  type PotentialField,
  pmeCoulomb,
  potentialField,
  rangeSeparatedCoulomb,
  type TensorGrid,
  uniformGrid,
} from '@equitensor/electrostatics';
import { formatNpy, type Structure } from '@equitensor/io';
import { isSpecialFile, readFramesFromFileSync } from '@equitensor/io/node';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { asUsageError } from '../options.ts';
import { checkOutputPath } from '../output-path.ts';
import type { ElectrostaticsOptions } from './electrostatics.ts';

/** The per-atom charges: io's `charges` column (PQR, extxyz) or ASE's `initial_charges` (`Atoms.set_initial_charges`). */
function chargesOf(structure: Structure, file: string): Float64Array {
  for (const key of ['charges', 'initial_charges']) {
    const column = structure.arrays[key];
    if (column !== undefined && column.type === 'R' && column.width === 1) return column.data as Float64Array;
  }
  throw new UsageError(`${file}: no per-atom charges (need a PQR file or an extxyz "charges:R:1" or "initial_charges:R:1" column)`);
}

/** `equitensor electrostatics`: the typed options (electrostatics.ts) checked against each other and the file, then one method. */
export function runElectrostatics(o: ElectrostaticsOptions): void {
  const path = resolve(o.input);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`no such file: ${o.input}`);
  const { method, accuracy } = o;
  // --grid: n (all methods) or nx,ny,nz (ewald: nodes along the three lattice vectors).
  const gridShape = o.grid;
  if (gridShape !== undefined && gridShape.length === 3 && method !== 'ewald')
    throw new UsageError(
      `--grid must be one integer in 8…512 with --method ${method} (three, nx,ny,nz, only with ewald), got "${gridShape.join(',')}"`,
    );
  if (method === 'pme' && (gridShape !== undefined || o.potentialOut !== undefined))
    throw new UsageError(
      '--method pme takes its mesh from --accuracy and writes no --potential-out (use --method ewald for the potential on a grid)',
    );
  if (method === 'mesh' && (gridShape !== undefined || o.potentialOut !== undefined))
    throw new UsageError(
      '--method mesh takes its mesh from --accuracy and writes no --potential-out (use --method direct or rs for the potential on a grid)',
    );
  const gridN = gridShape?.[0];
  if (method !== 'rs' && gridN !== undefined && o.potentialOut === undefined)
    throw new UsageError(`--grid with --method ${method} sets the --potential-out grid: give --potential-out too`);
  if (o.potentialOut !== undefined) checkOutputPath(o.potentialOut, '--potential-out');
  const { splitRadius } = o;

  // an empty file (or one of blank lines) is io's ParseError naming the file, line 1 and what the format starts with
  const structure = readFramesFromFileSync(path, { requireStructure: true })[0] as Structure;
  const charges = chargesOf(structure, o.input);
  const periodic = structure.pbc.every((p) => p) && structure.cell !== null;
  const forPeriodic = method === 'ewald' || method === 'pme';
  if (forPeriodic && !periodic) throw new UsageError(`${o.input}: --method ${method} needs a cell periodic in all three directions`);
  if (!forPeriodic && structure.pbc.some((p) => p)) {
    throw new UsageError(`${o.input}: the structure is periodic; use --method ewald or pme (direct, mesh and rs are for open boundaries)`);
  }

  const start = performance.now();
  const report: Record<string, unknown> = { method, input: o.input, atoms: charges.length };
  let forces: Float64Array;
  let field: (() => PotentialField) | undefined;
  if (method === 'direct') {
    const result = asUsageError(() => directCoulomb(structure.positions, charges), o.input);
    report.energy = result.energy;
    forces = result.forces;
    field = () => {
      const grid = boundingGrid(structure.positions, gridN ?? 64);
      return potentialField(grid, directPotentialOnGrid(structure.positions, charges, grid));
    };
  } else if (method === 'ewald') {
    const result = asUsageError(() => ewaldCoulomb(structure.positions, charges, structure.cell!, { accuracy }), o.input);
    report.energy = result.energy;
    report.accuracy = accuracy;
    report.ewald = { ...result.parameters, parts: result.parts };
    report.stress = Array.from(result.virial, (w) => -w / Math.abs(determinant(structure.cell!)));
    forces = result.forces;
    if (o.potentialOut !== undefined) {
      const shape = (gridShape?.length === 3 ? gridShape : [gridN ?? 32, gridN ?? 32, gridN ?? 32]) as [number, number, number];
      // Nodes at s = (i + ½)/n along each lattice vector: off the atoms of the usual crystal sites.
      const offset = shape.map((m) => 0.5 / m) as [number, number, number];
      const potential = asUsageError(
        () => ewaldPotentialOnGrid({ positions: structure.positions, charges, cell: structure.cell! }, { shape, offset }, { accuracy }),
        o.input,
      );
      writeNpy(o.potentialOut, [...potential.shape], potential.values);
      report.potential = {
        file: o.potentialOut,
        shape: [...potential.shape],
        units: 'V',
        range: [...potential.range],
        grid: 'fractional: node (i, j, k) at s = offset + (i/nx, j/ny, k/nz), r = s·cell',
        offset,
        cell: Array.from(structure.cell!),
      };
    }
  } else if (method === 'pme') {
    const cell = structure.cell!;
    const result = asUsageError(() => pmeCoulomb(structure.positions, charges, cell, { accuracy }), o.input);
    const { alpha, cutoff, mesh, order, estimatedError } = result.parameters;
    report.energy = result.energy;
    report.accuracy = accuracy;
    Object.assign(report, { alpha, cutoff, mesh: [...mesh], order, estimatedError: { ...estimatedError } });
    report.pme = { parts: result.parts, timings: result.timings };
    report.stress = Array.from(result.virial, (w) => -w / Math.abs(determinant(cell)));
    forces = result.forces;
  } else if (method === 'mesh') {
    const result = asUsageError(() => meshCoulomb(structure.positions, charges, { accuracy }), o.input);
    const { alpha, cutoff, spacing, order, box, mesh, estimatedError } = result.parameters;
    report.energy = result.energy;
    report.accuracy = accuracy;
    Object.assign(report, { alpha, cutoff, spacing, order, box: [...box], mesh: [...mesh], estimatedError: { ...estimatedError } });
    report.meshParts = { parts: result.parts, timings: result.timings };
    forces = result.forces;
  } else {
    const result = asUsageError(
      () =>
        rangeSeparatedCoulomb(structure.positions, charges, {
          accuracy,
          ...(splitRadius !== undefined ? { splitRadius } : {}),
          ...(gridN !== undefined ? { gridSize: gridN } : {}),
        }),
      o.input,
    );
    report.energy = result.energy;
    report.accuracy = accuracy;
    report.ranks = [...result.ranks];
    report.rs = {
      splitRadius: result.model.split.sigma,
      gridSize: result.model.grid.n,
      longRangeTerms: result.model.longCount,
      shortRangeTerms: result.model.shortCount,
      canonicalRank: result.model.longRange.canonicalRank,
      parts: result.parts,
    };
    forces = result.forces;
    field = () => result.model.potentialOnGrid();
  }
  report.seconds = (performance.now() - start) / 1000;
  let maxAbs = 0;
  let sum2 = 0;
  for (let i = 0; i < forces.length / 3; i++) {
    const f2 = forces[3 * i]! ** 2 + forces[3 * i + 1]! ** 2 + forces[3 * i + 2]! ** 2;
    maxAbs = Math.max(maxAbs, Math.sqrt(f2));
    sum2 += f2;
  }
  report.forces = { maxAbs, rms: Math.sqrt(sum2 / Math.max(1, forces.length / 3)), units: 'eV/Å' };
  report.energyUnits = 'eV';
  if (o.potentialOut !== undefined && field !== undefined) {
    const potential = field();
    writeNpy(o.potentialOut, [...potential.shape], potential.values);
    const g = potential.grid;
    report.potential = {
      file: o.potentialOut,
      shape: [...potential.shape],
      units: 'V',
      range: [...potential.range],
      lo: [g.x[0], g.y[0], g.z[0]],
      hi: [g.x[g.x.length - 1], g.y[g.y.length - 1], g.z[g.z.length - 1]],
    };
  }
  if (o.json === true) printJson(report);
  else {
    process.stdout.write(
      `${method}: E = ${(report.energy as number).toFixed(10)} eV, max |F| = ${maxAbs.toExponential(6)} eV/Å, ${(report.seconds as number).toFixed(3)} s\n`,
    );
    if (report.ranks !== undefined) process.stdout.write(`Tucker ranks ${(report.ranks as number[]).join(' × ')}\n`);
  }
}

/** Write an .npy file whole or not at all (a temporary file renamed into place). */
function writeNpy(file: string, shape: number[], data: Float64Array): void {
  const out = resolve(file);
  if (isSpecialFile(out)) {
    writeFileSync(out, formatNpy({ shape, data }));
    return;
  }
  const temporary = `${out}.partial-${process.pid}`;
  writeFileSync(temporary, formatNpy({ shape, data }));
  renameSync(temporary, out);
}

function determinant(c: Float64Array): number {
  return c[0]! * (c[4]! * c[8]! - c[5]! * c[7]!) - c[1]! * (c[3]! * c[8]! - c[5]! * c[6]!) + c[2]! * (c[3]! * c[7]! - c[4]! * c[6]!);
}

/** An n³ grid over the particles' bounding cube enlarged by 10% on each side. */
function boundingGrid(positions: Float64Array, n: number): TensorGrid {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i++) {
    lo[i % 3] = Math.min(lo[i % 3]!, positions[i]!);
    hi[i % 3] = Math.max(hi[i % 3]!, positions[i]!);
  }
  const size = 1.2 * Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!, 1);
  const centre = [0, 1, 2].map((d) => 0.5 * (lo[d]! + hi[d]!));
  return uniformGrid(
    [centre[0]! - size / 2, centre[1]! - size / 2, centre[2]! - size / 2],
    [centre[0]! + size / 2, centre[1]! + size / 2, centre[2]! + size / 2],
    [n, n, n],
  );
}
