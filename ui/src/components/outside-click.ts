// Calls back on every click anywhere in the document while the host is connected: dropdowns
// and popovers close when the user clicks elsewhere.
import { type ReactiveController, type ReactiveControllerHost } from 'lit';

export class OutsideClick implements ReactiveController {
  private readonly listener = (e: MouseEvent) => this.onClick(e.target as Node);

  constructor(
    host: ReactiveControllerHost,
    private readonly onClick: (target: Node) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('click', this.listener);
  }

  hostDisconnected(): void {
    document.removeEventListener('click', this.listener);
  }
}
