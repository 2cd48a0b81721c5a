import { useTranslation } from 'react-i18next';
import { HashRouter, NavLink, Route, Routes } from 'react-router';
import { LanguageSelect } from './components/LanguageSelect';
import { About } from './screens/About';

export function App() {
  const { t } = useTranslation();
  return (
    <HashRouter>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <span className="app-name">{t('app.name')}</span>
        <nav aria-label={t('app.mainNav')}>
          <NavLink to="/">{t('nav.dashboard')}</NavLink>
          <NavLink to="/about">{t('nav.about')}</NavLink>
        </nav>
        <LanguageSelect />
      </header>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<h1>{t('nav.dashboard')}</h1>} />
          <Route path="/about" element={<About />} />
          <Route path="*" element={<p>{t('notFound')}</p>} />
        </Routes>
      </main>
    </HashRouter>
  );
}
