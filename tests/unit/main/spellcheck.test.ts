import { describe, expect, it } from 'vitest';
import { DEAD_DICTIONARY_URL, disableSpellchecker, type SpellcheckSession } from '../../../electron/main/spellcheck';

function recordingSession() {
  const calls: [string, unknown][] = [];
  const session: SpellcheckSession = {
    setSpellCheckerEnabled: (enable) => void calls.push(['enabled', enable]),
    setSpellCheckerLanguages: (languages) => void calls.push(['languages', languages]),
    setSpellCheckerDictionaryDownloadURL: (url) => void calls.push(['url', url]),
  };
  return { session, calls };
}

describe('spellchecker', () => {
  it.each(['linux', 'win32'])('on %s: off, no languages, dictionaries from a dead address', (platform) => {
    const { session, calls } = recordingSession();
    disableSpellchecker(session, platform);
    expect(calls).toEqual(expect.arrayContaining([['enabled', false], ['languages', []], ['url', DEAD_DICTIONARY_URL]]));
    expect(calls).toHaveLength(3);
  });

  it('on macOS: off and a dead address, no language call (the system checker has none to clear)', () => {
    const { session, calls } = recordingSession();
    disableSpellchecker(session, 'darwin');
    expect(calls).toEqual([['enabled', false], ['url', DEAD_DICTIONARY_URL]]);
  });

  it('the download address leads nowhere', () => {
    expect(new URL(DEAD_DICTIONARY_URL).hostname).toBe('0.0.0.0');
  });
});
