// One server-paged list for every table in the portal (Harbor pages on the server: page and
// page_size in the query, the total in X-Total-Count). A page owns one PagedList; it gives the
// URL for a page, and the list keeps rows, total, paging, the filter box's debounce, the loading
// state, the error, and the selection (kept only for rows still on screen after a reload).
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { getPage, type Page } from '../api';
import { errorText } from '../format';
import './pager';

export interface PagedListOptions<T> {
  // The URL of one page of rows, from the page number, the page size and the filter text.
  url?: (page: number, pageSize: number, filter: string) => string;
  // Instead of `url`: one page from somewhere else (rows a parent lists, such as an index's
  // children, each read on its own).
  fetchPage?: (page: number, pageSize: number, filter: string) => Promise<Page<T>>;
  // The key of a row for the selection; rows without a key cannot be selected.
  key?: (row: T) => string | number;
  pageSize?: number;
}

export class PagedList<T> implements ReactiveController {
  rows: T[] = [];
  total = 0;
  page = 1;
  pageSize: number;
  filter = '';
  loading = false;
  error = '';
  selected = new Set<string | number>();
  private filterTimer = 0;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: PagedListOptions<T>,
  ) {
    this.pageSize = opts.pageSize ?? 15;
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
  }

  hostDisconnected(): void {
    clearTimeout(this.filterTimer);
  }

  async load(): Promise<void> {
    const gen = ++this.generation;
    this.loading = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      const { url, fetchPage } = this.opts;
      const res = fetchPage
        ? await fetchPage(this.page, this.pageSize, this.filter)
        : await getPage<T>(url!(this.page, this.pageSize, this.filter));
      if (gen !== this.generation) return; // a newer load answers instead
      this.rows = res.items;
      this.total = res.total;
      const key = this.opts.key;
      this.selected = new Set(key ? res.items.map(key).filter((k) => this.selected.has(k)) : []);
    } catch (e) {
      if (gen === this.generation) this.error = errorText(e);
    } finally {
      if (gen === this.generation) this.loading = false;
      this.host.requestUpdate();
    }
  }

  // For a filter box's input event: reload from page 1 half a second after the last key.
  onFilterInput = (e: Event): void => {
    this.filter = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.filterTimer);
    this.filterTimer = window.setTimeout(() => {
      this.page = 1;
      void this.load();
    }, 500);
  };

  reloadFromFirstPage(): void {
    this.page = 1;
    void this.load();
  }

  toggle(key: string | number, on: boolean): void {
    const s = new Set(this.selected);
    if (on) s.add(key);
    else s.delete(key);
    this.selected = s;
    this.host.requestUpdate();
  }

  selectedRows(): T[] {
    const key = this.opts.key;
    return key ? this.rows.filter((r) => this.selected.has(key(r))) : [];
  }

  clearSelection(): void {
    this.selected = new Set();
    this.host.requestUpdate();
  }

  // The table body's rows, or one row saying "Loading…" or what is empty.
  body(columns: number, renderRow: (row: T) => unknown, emptyText: string) {
    if (this.rows.length) return this.rows.map(renderRow);
    return html`<tr><td colspan=${columns} class="berth-empty">${this.loading ? 'Loading…' : emptyText}</td></tr>`;
  }

  pager(label = 'items') {
    return html`<berth-pager .page=${this.page} .pageSize=${this.pageSize} .total=${this.total} .label=${label}
      @page-change=${(e: CustomEvent) => {
        this.page = e.detail.page;
        this.pageSize = e.detail.pageSize;
        void this.load();
      }}></berth-pager>`;
  }
}
