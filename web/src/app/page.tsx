import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

let focusHeadingOnMount = false;

/** Called by the layout when the path changes, so the next page's heading receives focus. */
export function requestHeadingFocus(): void {
  focusHeadingOnMount = true;
}

/** Sets <title>; it starts with "Lỗi: " while the page shows an error summary (UX.md §6). */
export function usePageTitle(title: string, hasErrors = false): void {
  const { t } = useTranslation();
  useEffect(() => {
    const prefix = hasErrors ? `${t('form.errorPrefix')} ` : '';
    document.title = `${prefix}${title} · ${t('app.name')}`;
  }, [title, hasErrors, t]);
}

/** The page's <h1>. After client-side navigation it takes focus, as a full page load would reset it. */
export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeadingOnMount) {
      focusHeadingOnMount = false;
      ref.current?.focus();
    }
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
