import { describe, expect, it } from 'vitest';
import { readDate } from '../../../src/core/reports';

describe('readDate', () => {
  it('reads ISO and Russian day-first dates, a date alone at 12:00 UTC', () => {
    expect(readDate('2024-03-01')).toBe('2024-03-01T12:00:00.000Z');
    expect(readDate('01.03.2024')).toBe('2024-03-01T12:00:00.000Z');
    expect(readDate('1.3.2024')).toBe('2024-03-01T12:00:00.000Z');
    expect(readDate(' 2024-03-01 14:30 ')).toBe('2024-03-01T14:30:00.000Z');
    expect(readDate('2024-03-01T14:30:15Z')).toBe('2024-03-01T14:30:15.000Z');
    expect(readDate('29.02.2024')).toBe('2024-02-29T12:00:00.000Z');
  });

  it('reads dates and times without a Z in the organisation zone, as the forms do', () => {
    // A date alone is local noon; a time is the wall clock there; a Z keeps UTC.
    expect(readDate('24.11.2026', 'Europe/Moscow')).toBe('2026-11-24T09:00:00.000Z');
    expect(readDate('2026-11-24 00:30', 'Europe/Moscow')).toBe('2026-11-23T21:30:00.000Z');
    expect(readDate('2026-11-23 23:30', 'America/Toronto')).toBe('2026-11-24T04:30:00.000Z');
    expect(readDate('2026-11-24T00:30:00Z', 'Europe/Moscow')).toBe('2026-11-24T00:30:00.000Z');
  });

  it('refuses dates that do not exist and ambiguous slashes', () => {
    for (const text of ['31.04.2024', '29.02.2023', '2024-13-01', '01/03/2024', '2024-03-01 25:00', 'March 1', '']) {
      expect(readDate(text)).toBeUndefined();
    }
  });
});
