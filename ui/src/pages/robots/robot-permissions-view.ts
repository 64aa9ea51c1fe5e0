// A robot's grants, read-only (the "n PERMISSION(S)" and "n PROJECT(S)" links of the list):
// one grid per project it covers ("All projects" for the namespace *).
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LightElement } from '../../components/light-element';
import { modal } from '../../components/modal';
import type { RobotPermission } from '../../robots';
import './permission-grid';

@customElement('berth-robot-permissions-view')
export class BerthRobotPermissionsView extends LightElement {
  @property() heading = '';
  @property({ attribute: false }) permissions: RobotPermission[] = [];
  // A project robot's grid needs no project name above it.
  @property({ type: Boolean }) single = false;

  override firstUpdated(): void {
    this.querySelector<HTMLElement>('#robot-permissions-close')?.focus();
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  }

  override render() {
    const body = html`${this.permissions.map(
      (p, i) => html`${this.single ? '' : html`<h4>${p.namespace === '*' ? 'All projects' : p.namespace}</h4>`}
        <berth-permission-grid readonly .gridId=${`view-${i}`} .candidates=${p.access} .value=${p.access}></berth-permission-grid>`,
    )}`;
    const footer = html`<button type="button" class="btn btn-primary" id="robot-permissions-close" @click=${this.close}>Close</button>`;
    return modal({ id: 'robot-permissions-view', title: this.heading, body, footer, onEscape: () => this.close(), size: 'lg' });
  }
}
