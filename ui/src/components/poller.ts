// Refreshes a page by itself while something on it is still running (a replication execution, a
// scan): `tick` runs every `everyMs` as long as `active()` says so after the page last drew.
// Nothing is asked of the server once the work is done, and the timer goes with the page. Its
// requests are marked background (api.ts inBackground): they do not keep a session alive.
import { type ReactiveController, type ReactiveControllerHost } from 'lit';
import { inBackground } from '../api';

export interface PollerOptions {
  everyMs: number;
  active: () => boolean;
  tick: () => Promise<unknown>;
}

export class Poller implements ReactiveController {
  private timer = 0;
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly opts: PollerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
  }

  // After every render: the data just drawn may say the work runs (again).
  hostUpdated(): void {
    this.schedule();
  }

  hostDisconnected(): void {
    this.connected = false;
    clearTimeout(this.timer);
    this.timer = 0;
  }

  private schedule(): void {
    if (this.timer || !this.connected || !this.opts.active()) return;
    this.timer = window.setTimeout(async () => {
      try {
        if (this.connected && this.opts.active()) await inBackground(this.opts.tick);
      } catch {
        /* the tick shows its own errors; polling goes on while the work runs */
      } finally {
        this.timer = 0;
        this.schedule();
      }
    }, this.opts.everyMs);
  }
}
