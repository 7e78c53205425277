import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeading, usePageTitle } from '../app/page.js';

/** "Không tìm thấy trang" with a search box (UX.md §6); the search is a plain GET form. */
export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.body')}</p>
      <search>
        <form
          className="search"
          action="/cong-khai/don-vi"
          method="get"
          onSubmit={(event) => {
            event.preventDefault();
            const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
            navigate(q ? `/cong-khai/don-vi?${new URLSearchParams({ q })}` : '/cong-khai/don-vi');
          }}
        >
          <label className="field__label" htmlFor="not-found-q">
            {t('notFound.searchLabel')}
          </label>
          <p className="field__hint" id="not-found-q-hint">
            {t('directory.searchHint')}
          </p>
          <div className="search__row">
            <input
              className="input"
              id="not-found-q"
              name="q"
              type="search"
              aria-describedby="not-found-q-hint"
              spellCheck={false}
            />
            <button className="button" type="submit">
              {t('common.search')}
            </button>
          </div>
        </form>
      </search>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
