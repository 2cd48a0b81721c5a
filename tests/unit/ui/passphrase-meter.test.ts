import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { assessPassphrase } from '../../../src/core/passphrase';
import { NewPassphraseInput } from '../../../src/ui/components/PassphraseInput';

/**
 * The strength meter agrees with the rule: green (the <meter>'s optimum region) exactly when the
 * passphrase would be accepted. Rendered from the shipped component.
 */

/** The HTML meter's region for its attributes: "good" is the region around optimum. */
function meterRegion(html: string): 'good' | 'not good' {
  const meter = /<meter([^>]*)>/.exec(html)![1]!;
  const attr = (name: string) => Number(new RegExp(`\\b${name}="([^"]+)"`).exec(meter)![1]);
  const [value, low, high, optimum] = [attr('value'), attr('low'), attr('high'), attr('optimum')];
  // WHATWG: with optimum above high, the good region is high..max; below low or between is worse.
  expect(optimum).toBeGreaterThan(high);
  expect(low).toBeLessThanOrEqual(high);
  return value >= high ? 'good' : 'not good';
}

const render = (value: string) => renderToStaticMarkup(createElement(NewPassphraseInput, { label: 'Passphrase', value, onChange: () => undefined }));

describe('passphrase strength meter', () => {
  const cases = [
    // Random and short: zxcvbn scores it high, the length rule refuses it.
    ['Xq7#kd9!Lm2', false],
    ['Zr8$wq3@Np', false],
    ['password1234', false],
    ['', false],
    ['violet harbour kettle mountain', true],
    ['copper lantern drifts over seven quiet fields', true],
  ] as const;

  for (const [passphrase, accepted] of cases) {
    it(`"${passphrase}" is ${accepted ? 'accepted and green' : 'refused and not green'}`, () => {
      expect(assessPassphrase(passphrase).ok).toBe(accepted);
      expect(meterRegion(render(passphrase))).toBe(accepted ? 'good' : 'not good');
    });
  }

  it('a refused-as-too-short passphrase that zxcvbn rates highly is among the cases', () => {
    const verdict = assessPassphrase('Xq7#kd9!Lm2');
    expect(verdict).toMatchObject({ ok: false, reason: 'too-short' });
    expect(verdict.score).toBeGreaterThanOrEqual(3);
  });
});
