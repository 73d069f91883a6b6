export { planeSpacings } from '@equitensor/io';
export type { Checkpoint } from './checkpoint.ts';
export { checkpoint, restoreCheckpoint } from './checkpoint.ts';
export { displacementsWithinCutoff, minimumImageDisplacement } from './displacement.ts';
export type { BerendsenBarostatOptions, BerendsenSettings, PressureCoupling } from './integrators/berendsen-barostat.ts';
export {
  applyBerendsenPressureCoupling,
  berendsenBarostat,
  berendsenFactors,
  berendsenSettings,
  couplingPressure,
  scaleSystem,
} from './integrators/berendsen-barostat.ts';
export type { BussiOptions } from './integrators/bussi.ts';
export { bussi } from './integrators/bussi.ts';
export type { Dynamics, DynamicsBackend, DynamicsRequest, DynamicsRunOptions, DynamicsSnapshot } from './integrators/dynamics.ts';
export { checkDynamicsRequest, checkSnapshot, cpuBackend } from './integrators/dynamics.ts';
export type { LangevinOptions } from './integrators/langevin.ts';
export { langevin } from './integrators/langevin.ts';
export type { MtkNptOptions } from './integrators/mtk-npt.ts';
export { mtkNpt } from './integrators/mtk-npt.ts';
export type { NoseHooverChainOptions } from './integrators/nose-hoover-chain.ts';
export { noseHooverChain } from './integrators/nose-hoover-chain.ts';
export type { PreflightOptions } from './integrators/preflight.ts';
export { checkDynamicsSystem, MIN_ATOM_DISTANCE } from './integrators/preflight.ts';
export type { BarostatSpec, IntegratorKind, IntegratorSpec, StepOptions } from './integrators/spec.ts';
export { createIntegrator } from './integrators/spec.ts';
export type { StabilityLimits } from './integrators/stability.ts';
export { checkFinite, checkScalars, DEFAULT_MAX_TEMPERATURE, DynamicsInstabilityError, maxTemperatureOf } from './integrators/stability.ts';
export type { Integrator, IntegratorOptions, MDState } from './integrators/state.ts';
export { velocityVerlet } from './integrators/velocity-verlet.ts';
export type { CubicLatticeOptions } from './lattice.ts';
export { cubicLattice } from './lattice.ts';
export type { NeighborListKind, NeighborListOptions, NeighborRebuildOptions } from './neighbor-list.ts';
export { NeighborList } from './neighbor-list.ts';
export type { PartialRadialDistribution } from './observables/partial-rdf.ts';
export { partialRadialDistribution } from './observables/partial-rdf.ts';
export type { RadialDistribution } from './observables/structure.ts';
export { MeanSquaredDisplacement, radialDistribution } from './observables/structure.ts';
export { degreesOfFreedom, kineticEnergy, pressure, stressTensor, temperature, totalMomentum } from './observables/thermo.ts';
export type { OptimizerOptions, OptimizerResult } from './optimizers/common.ts';
export { maxForce } from './optimizers/common.ts';
export type { FireOptions } from './optimizers/fire.ts';
export { minimizeFire } from './optimizers/fire.ts';
export type { LbfgsOptions } from './optimizers/lbfgs.ts';
export { minimizeLbfgs } from './optimizers/lbfgs.ts';
export type { AsyncPotential, AtomsState, ComputeOptions, Potential, PotentialResult } from './potential.ts';
export { forcesOutput } from './potential.ts';
export type { BornMayerHugginsOptions, BornPair, BornPairTerms, SpeciesPairOptions } from './potentials/born-mayer-huggins.ts';
export { BornMayerHuggins } from './potentials/born-mayer-huggins.ts';
export type { BuckinghamOptions, BuckinghamPair } from './potentials/buckingham.ts';
export { Buckingham } from './potentials/buckingham.ts';
export type { CoulombOptions } from './potentials/coulomb.ts';
export { Coulomb } from './potentials/coulomb.ts';
export type {
  CoulombPmeOptions,
  CoulombPmeTimings,
  IonicPairWalk,
  PmeMeshStages,
  ShortRangePairs,
  TabulatedPairWalk,
} from './potentials/coulomb-pme.ts';
export { CoulombPme } from './potentials/coulomb-pme.ts';
export type { EmbeddedAtomOptions } from './potentials/eam.ts';
export { EmbeddedAtom } from './potentials/eam.ts';
export type { EamElement, EamFile } from './potentials/eam-file.ts';
export { parseEamFuncfl, parseEamSetfl } from './potentials/eam-file.ts';
export type { EamSplines } from './potentials/eam-tables.ts';
export { funcflSplines, setflSplines, splineCoefficients } from './potentials/eam-tables.ts';
export type { IonicPairTableSpec } from './potentials/ionic-table.ts';
export { IonicPairTable, speciesCharges, sumTabulatedPairs } from './potentials/ionic-table.ts';
export type { LennardJonesOptions } from './potentials/lennard-jones.ts';
export { LennardJones } from './potentials/lennard-jones.ts';
export type { MorseOptions } from './potentials/morse.ts';
export { Morse } from './potentials/morse.ts';
export type { PairFileRow } from './potentials/pair-file.ts';
export { parsePairFile, SpeciesPairs } from './potentials/pair-file.ts';
export type { PairKernel } from './potentials/pair-loop.ts';
export { sumPairs } from './potentials/pair-loop.ts';
export type { StillingerWeberParameters } from './potentials/stillinger-weber.ts';
export { SILICON_SW, StillingerWeber } from './potentials/stillinger-weber.ts';
export { SumPotential } from './potentials/sum.ts';
export { sumPotentials } from './potentials/sum-potentials.ts';
export { Random } from './random.ts';
export type { Reporter, RunProgress, ThermoRow } from './reporter.ts';
export { runDynamics, snapshotFrame, ThermoReporter, TrajectoryReporter, thermoRow } from './reporter.ts';
export type { FrameResults, System, SystemInit } from './system.ts';
export { createSystem, systemFromStructure, systemToStructure } from './system.ts';
export type { UnitSystem } from './units.ts';
export { barToPressure, gpaToPressure, ljUnits, metalUnits, pressureToBar, pressureToGpa } from './units.ts';
export type { MaxwellBoltzmannOptions } from './velocities.ts';
export { maxwellBoltzmann, zeroMomentum } from './velocities.ts';
