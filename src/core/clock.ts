/**
 * The one module that reads the wall clock. Everything else takes a `Clock` (or a `now` value) from
 * its caller, so tests pin the time and nothing in the app depends on the day it runs.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
