// Paging for a listing the server pages (`limit`, `offset`, `meta.total`): Previous / Next (disabled
// at the ends) around "51–100 of 100,000", announced as a status. The page can live in the URL
// (?page=2) through usePageParam.
import { useCallback } from 'react';
import { useQueryParam } from '../router.js';
import { count } from './format.js';

/** Rows per page of the listings. */
export const PAGE_SIZE = 50;

/** The page shown, 0-based, kept in the URL as `?page=N` (1-based; absent on the first page). */
export function usePageParam(): [page: number, setPage: (page: number, replace?: boolean) => void] {
  const [raw, set] = useQueryParam('page');
  const n = Number(raw);
  const page = Number.isInteger(n) && n >= 1 ? n - 1 : 0;
  const setPage = useCallback((p: number, replace?: boolean) => set(p > 0 ? String(p + 1) : '', replace), [set]);
  return [page, setPage];
}

export function Pager({
  label,
  page,
  shown,
  total,
  size = PAGE_SIZE,
  lowerBound = false,
  onPage,
  previous = 'Previous',
  next = 'Next',
  previousLabel = 'Previous page',
  nextLabel = 'Next page',
}: {
  /** What the navigation is called: "Patterns pages". */
  label: string;
  /** 0-based. */
  page: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  size?: number;
  /** The total is a floor (`meta.totalIsLowerBound`): shown with a "+". */
  lowerBound?: boolean;
  onPage: (page: number) => void;
  previous?: string;
  next?: string;
  previousLabel?: string;
  nextLabel?: string;
}) {
  const from = page * size;
  const of = `${count(total)}${lowerBound ? '+' : ''}`;
  return (
    <nav className="toolbar-row pager" aria-label={label}>
      <button type="button" disabled={page === 0} aria-label={previousLabel} onClick={() => onPage(page - 1)}>
        {previous}
      </button>
      <span className="muted" role="status">
        {shown === 0 ? `0 of ${of}` : `${count(from + 1)}–${count(from + shown)} of ${of}`}
      </span>
      <button type="button" disabled={from + size >= total} aria-label={nextLabel} onClick={() => onPage(page + 1)}>
        {next}
      </button>
    </nav>
  );
}
