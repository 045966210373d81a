// A few lines of history routing: the server answers every app path with index.html, so plain
// paths (/patterns/pat_…) work on reload and as links. Pages keep small state in the query (?page=2).
import { useCallback, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const CHANGE = 'dragops:navigate';

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return path;
}

/** One query parameter of the current URL ('' when absent), and a setter: it pushes a history entry
 * (Back returns to the value before) or, with `replace`, replaces the current one; '' removes it. */
export function useQueryParam(name: string): [string, (value: string, replace?: boolean) => void] {
  const read = () => new URLSearchParams(location.search).get(name) ?? '';
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = () => setValue(new URLSearchParams(location.search).get(name) ?? '');
    update();
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, [name]);
  const set = useCallback(
    (v: string, replace = false) => {
      const p = new URLSearchParams(location.search);
      if (v === '') p.delete(name);
      else p.set(name, v);
      const q = p.toString();
      const to = `${location.pathname}${q ? `?${q}` : ''}${location.hash}`;
      if (to !== `${location.pathname}${location.search}${location.hash}`) navigate(to, replace);
    },
    [name],
  );
  return [value, set];
}

/** `/patterns/:id` against a path: the params, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/'),
    b = path.replace(/\/$/, '').split('/');
  if (a.length !== b.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(':')) out[a[i]!.slice(1)] = decodeURIComponent(b[i]!);
    else if (a[i] !== b[i]) return null;
  }
  return out;
}

export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={go} {...rest} />;
}
