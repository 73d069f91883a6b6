/**
 * Physical constants (SI, CODATA 2014) and units as ASE 3.22 defines them (`ase.units`, its default
 * CODATA 2014): base units Å, eV, amu (e for charge), so `units.fs` is one femtosecond in ASE time
 * units, `units.kB` is Boltzmann's constant in eV/K, `units.GPa` one GPa in eV/Å³.
 * Every value is derived with ASE's formulas from the CODATA values, so numbers written by one are read
 * identically by the other.
 *
 * @example
 * ```ts
 * import { units } from '@equitensor/io';
 * const dt = 0.5 * units.fs;             // 0.5 fs in ASE time units
 * const kT = 300 * units.kB;             // eV at 300 K
 * const pressure = 1.5 / units.GPa;      // 1.5 eV/Å³ → GPa
 * ```
 */
export const units = buildUnits();

/**
 * Coulomb's constant k_e = 1 / (4π ε0) in eV·Å/e² — the value used throughout the project (and by the
 * shared reference data). It agrees with ASE's `units.Bohr * units.Hartree` (CODATA 2014) to 9e-9 relative.
 *
 * @example
 * ```ts
 * const e = COULOMB_CONSTANT * (1 * -1) / 2.82; // Na⁺–Cl⁻ pair at 2.82 Å, eV
 * ```
 */
export const COULOMB_CONSTANT = 14.399645478;

/** The names and values of {@link units}. */
export type Units = ReturnType<typeof buildUnits>;

function buildUnits() {
  const pi = Math.PI;
  // CODATA 2014 (as ase.units.CODATA['2014'])
  const _c = 299792458.0; // speed of light, m/s
  const _mu0 = 4e-7 * pi; // permeability of vacuum
  const _Grav = 6.67408e-11; // gravitational constant
  const _hplanck = 6.62607004e-34; // Planck constant, J s
  const _e = 1.6021766208e-19; // elementary charge, C
  const _me = 9.10938356e-31; // electron mass, kg
  const _mp = 1.672621898e-27; // proton mass, kg
  const _Nav = 6.022140857e23; // Avogadro number
  const _k = 1.38064852e-23; // Boltzmann constant, J/K
  const _amu = 1.66053904e-27; // atomic mass unit, kg

  const _eps0 = 1 / _mu0 / _c ** 2;
  const _hbar = _hplanck / (2 * pi);
  const Ang = 1.0;
  const Bohr = (4e10 * pi * _eps0 * _hbar ** 2) / _me / _e ** 2;
  const eV = 1.0;
  const Hartree = (_me * _e ** 3) / 16 / pi ** 2 / _eps0 ** 2 / _hbar ** 2;
  const kJ = 1000.0 / _e;
  const kcal = 4.184 * kJ;
  const mol = _Nav;
  const Rydberg = 0.5 * Hartree;
  const second = 1e10 * Math.sqrt(_e / _amu);
  const fs = 1e-15 * second;
  const kB = _k / _e;
  const Pascal = 1 / _e / 1e30;
  const GPa = 1e9 * Pascal;
  const bar = 1e5 * Pascal;
  const Debye = 1.0 / 1e11 / _e / _c;
  const alpha = _e ** 2 / (4 * pi * _eps0) / _hbar / _c;
  const invcm = (100 * _c * _hplanck) / _e;
  const _aut = _hbar / (alpha ** 2 * _me * _c ** 2);
  const _auv = _e ** 2 / _hbar / (4 * pi * _eps0);
  const _auf = (alpha ** 3 * _me ** 2 * _c ** 3) / _hbar;
  const _aup = (alpha ** 5 * _me ** 4 * _c ** 5) / _hbar ** 3;
  const AUT = second * _aut;
  const m = 1e10 * Ang;
  const kg = 1 / _amu;
  const s = second;
  const A = 1.0 / _e / s;
  const J = kJ / 1000;
  const C = 1.0 / _e;
  return Object.freeze({
    _c,
    _mu0,
    _Grav,
    _hplanck,
    _e,
    _me,
    _mp,
    _Nav,
    _k,
    _amu,
    _eps0,
    _hbar,
    _aut,
    _auv,
    _auf,
    _aup,
    pi,
    Ang,
    Angstrom: Ang,
    nm: 10.0,
    Bohr,
    eV,
    Hartree,
    Ha: Hartree,
    kJ,
    kcal,
    mol,
    Rydberg,
    Ry: Rydberg,
    second,
    fs,
    kB,
    Pascal,
    GPa,
    bar,
    Debye,
    alpha,
    invcm,
    AUT,
    m,
    kg,
    s,
    A,
    J,
    C,
  });
}
