export { archiveCutoff, splitArchive, type ArchiveSplit } from './archive-split';
export { applyAll, apply, fold, validateEvent, type ApplyResult } from './engine';
export { RULE_CODES, type RuleCode, type RuleViolation } from './errors';
export { capacityOf, indexLayout, type BedPlace, type Layout, type LayoutIndex } from './layout';
export { needsAfterMovement, needsHousingAt, needStatusAt, newNeed, withNeedStatus, type MovementOptions } from './needs';
export { PMap } from './pmap';
export { liveFoldImage, restrictFold } from './restrict-fold';
export {
  freeBedsDuring,
  housesAt,
  occupancyRate,
  placementOf,
  residentsAt,
  waitingForBed,
  type HouseOccupancy,
  type Placement,
  type Waiting,
} from './queries';
export { bedAfter, compareEntries, occupantAfter, type Entry, type OccupancyState, type Rejection } from './state';
export {
  allStays,
  bedNights,
  lengthsOfStay,
  nightsBetween,
  occupancyOver,
  outcomesBy,
  periodCounts,
  staysOf,
  type Occupancy,
  type OutcomeGroup,
  type PeriodCount,
  type Stay,
  type StayLengths,
} from './stats';
export { DAY_MS, isoDay, nextPeriodStart, periodLabel, periodStart, toMs, type Instant, type PeriodUnit } from './time';
