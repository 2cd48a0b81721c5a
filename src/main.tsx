import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { initI18n } from './ui/i18n';
import './ui/styles.css';

// Middle-click and drag-and-drop must never open or navigate anything (docs/threat-model.md §15).
document.addEventListener('auxclick', (event) => event.preventDefault());
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => event.preventDefault());
// Chromium may keep typed form state in the profile (it kept a notes field in "Sessions" until
// fields said autocomplete="off"); a field that forgot to say so gets it before anything is typed.
document.addEventListener('focusin', (event) => {
  const field = event.target;
  if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && !field.hasAttribute('autocomplete')) field.setAttribute('autocomplete', 'off');
});

initI18n();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
