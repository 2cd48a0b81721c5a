import { useId, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ShareCode } from '../../../core/crypto/shares';
import { useFormat } from '../../operations/useFormat';

/**
 * One printable sheet per recovery share, each for a different trusted person. Printing one sheet
 * hides the others (print CSS: one sheet per page, nothing else), so no page ever carries two shares.
 */
export function ShareSheets({ shares, k, made, onDone }: { shares: readonly ShareCode[]; k: number; made: Date; onDone(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [printing, setPrinting] = useState<number | 'all'>();
  const [kept, setKept] = useState(false);
  const n = shares.length;
  const day = useFormat().day(made.toISOString());

  function print(which: number | 'all') {
    // The sheets to skip must be hidden before the print dialog snapshots the page.
    flushSync(() => setPrinting(which));
    window.print();
    setPrinting(undefined);
  }

  return (
    <div className="share-sheets">
      <div className="no-print">
        <h1 id={`${id}-title`}>{t('admin.sheets.title', { k, n })}</h1>
        <p>{t('admin.sheets.intro', { k, n })}</p>
        <button type="button" className="secondary" onClick={() => print('all')}>
          {t('admin.sheets.printAll')}
        </button>
      </div>
      {shares.map((share) => (
        <article
          key={share.index}
          className={`card share-sheet${printing !== undefined && printing !== 'all' && printing !== share.index ? ' print-skip' : ''}`}
          aria-labelledby={`${id}-share-${share.index}`}
        >
          <h2 id={`${id}-share-${share.index}`}>{t('admin.sheets.shareTitle', { index: share.index, n })}</h2>
          <p>{t('admin.sheets.what', { k, n })}</p>
          <p className="recovery-code" data-testid="share-code" translate="no">
            {share.code}
          </p>
          <p>{t('admin.sheets.check')}</p>
          <p>{t('admin.sheets.use')}</p>
          <p className="hint">{t('admin.sheets.made', { day })}</p>
          <button type="button" className="secondary no-print" onClick={() => print(share.index)}>
            {t('admin.sheets.print', { index: share.index })}
          </button>
        </article>
      ))}
      <div className="no-print">
        <label className="checkbox">
          <input type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} />
          {t('admin.sheets.kept', { n })}
        </label>
        <button type="button" onClick={onDone} disabled={!kept}>
          {t('admin.sheets.done')}
        </button>
      </div>
    </div>
  );
}
