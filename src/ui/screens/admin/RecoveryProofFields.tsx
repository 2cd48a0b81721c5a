import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecoveryProof } from '../../../vault/services/recovery';

/**
 * Fields for k recovery shares, one per share sheet, numbered as typed (an error names "share 2").
 * Starts with two fields (the default is 2-of-n); more can be added for larger thresholds.
 */
export function ShareInputs({ codes, onChange }: { codes: readonly string[]; onChange(codes: string[]): void }) {
  const { t } = useTranslation();
  const id = useId();
  const set = (i: number, value: string) => onChange(codes.map((c, j) => (j === i ? value : c)));
  return (
    <fieldset className="share-inputs">
      <legend>{t('admin.shares.legend')}</legend>
      <p className="hint">{t('admin.shares.hint')}</p>
      {codes.map((code, i) => (
        <div className="field" key={i}>
          <label htmlFor={`${id}-${i}`}>{t('admin.shares.label', { n: i + 1 })}</label>
          <input
            id={`${id}-${i}`}
            className="key-input"
            autoComplete="off"
            spellCheck={false}
            value={code}
            autoFocus={i === 0}
            onChange={(e) => set(i, e.target.value)}
          />
        </div>
      ))}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => onChange([...codes, ''])}>
          {t('admin.shares.add')}
        </button>
        {codes.length > 2 && (
          <button type="button" className="secondary" onClick={() => onChange(codes.slice(0, -1))}>
            {t('admin.shares.remove')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

export type ProofDraft = { kind: 'code'; code: string } | { kind: 'shares'; codes: string[] };

export const EMPTY_PROOF: ProofDraft = { kind: 'code', code: '' };

export function proofOf(draft: ProofDraft): RecoveryProof {
  return draft.kind === 'code' ? { code: draft.code } : { shares: draft.codes.map((c) => c.trim()).filter((c) => c !== '') };
}

/** The recovery key, or k shares of it: what rotation and restore ask for. */
export function RecoveryProofFields({ value, onChange }: { value: ProofDraft; onChange(value: ProofDraft): void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <fieldset>
        <legend>{t('admin.proof.legend')}</legend>
        <label className="inline">
          <input type="radio" name={`${id}-kind`} checked={value.kind === 'code'} onChange={() => onChange({ kind: 'code', code: '' })} />
          {t('admin.proof.code')}
        </label>
        <label className="inline">
          <input type="radio" name={`${id}-kind`} checked={value.kind === 'shares'} onChange={() => onChange({ kind: 'shares', codes: ['', ''] })} />
          {t('admin.proof.shares')}
        </label>
      </fieldset>
      {value.kind === 'code' ? (
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('unlock.recoveryKey')}</label>
          <input
            id={`${id}-code`}
            className="key-input"
            autoComplete="off"
            spellCheck={false}
            value={value.code}
            onChange={(e) => onChange({ kind: 'code', code: e.target.value })}
          />
        </div>
      ) : (
        <ShareInputs codes={value.codes} onChange={(codes) => onChange({ kind: 'shares', codes })} />
      )}
    </>
  );
}
